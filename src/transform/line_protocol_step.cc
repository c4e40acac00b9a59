#include "transform/line_protocol_step.h"

#include <unistd.h>

#include <cstdlib>
#include <string_view>

#include "record/json_parser.h"
#include "transform/line_child.h"

namespace recproc::transform {
namespace {

constexpr std::size_t kQuotedAnswerBytes = 200;

std::string quoted_excerpt(std::string_view line) {
  std::string out = "\"";
  for (char c : line.substr(0, kQuotedAnswerBytes)) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += line.size() > kQuotedAnswerBytes ? "...\"" : "\"";
  return out;
}

class LineProtocolWorker final : public BatchTransformWorker {
 public:
  explicit LineProtocolWorker(const ChildCommand& command)
      : command_(command), child_(command.argv, command.timeout) {}

  void add(const Record& record) override {
    // An unedited NDJSON record is its own line: no need to write it out again.
    if (record.pristine()) {
      input_.append(record.source_text());
    } else {
      record.write_json(input_);
    }
    input_ += '\n';
    ++queued_;
  }

  void run_batch() override {
    result_ = child_.exchange(input_, queued_, answers_, line_ends_);
    if (result_.failure != ExchangeFailure::kNone) {
      failure_ = command_.label + " " + result_.what;
      if (result_.failure == ExchangeFailure::kTimeout && result_.lines > 0) {
        // Fewer answers than lines: a program that skipped a line looks the same as a slow
        // one, so no answer can be matched to its record with certainty.
        failure_ += "; the answers it gave cannot be matched to records, so all " +
                    std::to_string(queued_) + " records of the batch are rejected";
        result_.lines = 0;
      }
      const std::string tail = child_.stderr_tail();
      if (!tail.empty()) failure_ += "; its stderr ends: " + tail;
    }
    // The parser reads ahead: whatever follows an answer (later answers, then this) is padding.
    answers_.append(JsonParser::required_padding(), '\0');
    input_.clear();
    queued_ = 0;
  }

  Outcome answer(std::size_t i, Record& out) override {
    if (i >= result_.lines) return reject("", failure_);
    const std::size_t begin = i == 0 ? 0 : line_ends_[i - 1];
    std::size_t end = line_ends_[i] - 1;  // before the '\n'
    if (end > begin && answers_[end - 1] == '\r') --end;
    const std::string_view line(answers_.data() + begin, end - begin);
    if (line == "null") return Outcome::drop();
    std::string error;
    if (!parser_.parse(line, answers_.size() - end, out, error)) {
      return reject("", command_.label + " answered with a line that is not JSON (" + error +
                            "): " + quoted_excerpt(line));
    }
    const NodeId root = out.root();
    if (out.node(root).kind != NodeKind::kObject) {
      return reject("", command_.label + " answered " + quoted_excerpt(line) +
                            ": expected a JSON object (keep), null (drop) or {\"$reject\": ...}");
    }
    return rejection_in(out, root);
  }

 private:
  Outcome reject(std::string field, std::string reason) const {
    Outcome o = Outcome::reject(ErrorKind::kTransform, std::move(field), std::move(reason));
    o.error.rule = command_.label;
    return o;
  }

  // An answer object with a "$reject" member rejects its record.
  Outcome rejection_in(const Record& answer, NodeId root) {
    NodeId why = kNoNode, field = kNoNode;
    for (NodeId c = answer.node(root).first_child; c != kNoNode; c = answer.node(c).next) {
      const std::string_view key = answer.key(c, scratch_);
      if (key == "$reject") why = c;
      else if (key == "$field") field = c;
    }
    if (why == kNoNode) return Outcome::keep();
    std::string reason = command_.label + ": ";
    if (answer.node(why).kind == NodeKind::kString) {
      reason += answer.string_value(why, scratch_);
    } else {
      answer.write_json(reason, why);
    }
    std::string pointer;
    if (field != kNoNode && answer.node(field).kind == NodeKind::kString) {
      pointer = std::string(answer.string_value(field, scratch_));
    }
    return reject(std::move(pointer), std::move(reason));
  }

  const ChildCommand command_;
  LineChild child_;
  JsonParser parser_;
  std::string input_;
  std::size_t queued_ = 0;
  std::string answers_;
  std::vector<std::size_t> line_ends_;
  ExchangeResult result_;
  std::string failure_;
  std::string scratch_;
};

class LineProtocolStep final : public Transform {
 public:
  LineProtocolStep(std::string spec, ChildCommand command)
      : spec_(std::move(spec)), command_(std::move(command)) {}
  std::string_view spec() const override { return spec_; }
  std::unique_ptr<TransformWorker> make_worker() const override {
    return std::make_unique<LineProtocolWorker>(command_);
  }

 private:
  std::string spec_;
  ChildCommand command_;
};

}  // namespace

TransformPtr make_line_protocol_step(std::string spec, ChildCommand command) {
  return std::make_shared<LineProtocolStep>(std::move(spec), std::move(command));
}

bool can_run(const std::string& program) {
  if (program.empty()) return false;
  if (program.find('/') != std::string::npos) return ::access(program.c_str(), X_OK) == 0;
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    const std::size_t colon = dirs.find(':');
    std::string dir(dirs.substr(0, colon));
    if (dir.empty()) dir = ".";
    if (::access((dir + "/" + program).c_str(), X_OK) == 0) return true;
    if (colon == std::string_view::npos) return false;
    dirs.remove_prefix(colon + 1);
  }
}

}  // namespace recproc::transform
