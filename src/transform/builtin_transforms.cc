#include "transform/builtin_transforms.h"

#include <string>
#include <vector>

#include "recproc/error.h"
#include "transform/spec_args.h"

namespace recproc::transform {
namespace {

// The built-ins keep no per-record state: each worker holds its own copy of the (small)
// transform, so it stays valid even if the Transform it came from is gone.
template <typename Fn>
class StatelessWorker final : public TransformWorker {
 public:
  explicit StatelessWorker(const Fn& fn) : fn_(fn) {}
  Outcome apply(Record& record) override { return fn_(record); }

 private:
  const Fn fn_;
};

class Select final : public Transform {
 public:
  Select(std::string spec, std::vector<FieldPath> paths, std::vector<std::string> names)
      : spec_(std::move(spec)), paths_(std::move(paths)), names_(std::move(names)) {
    for (std::size_t i = 0; i < paths_.size(); ++i) {
      const std::string& top = paths_[i].segments()[0];
      Output& o = outputs_.emplace_back();
      if (paths_[i].segments().size() == 1) {
        append_json_escaped(o.escaped, top);
        o.needed_escaping = o.escaped != top;
      }
      for (std::size_t j = 0; j < i; ++j) o.repeats |= paths_[j].segments()[0] == top;
    }
  }
  std::string_view spec() const override { return spec_; }
  std::vector<std::string> output_fields() const override { return names_; }
  std::unique_ptr<TransformWorker> make_worker() const override {
    return std::make_unique<StatelessWorker<Select>>(*this);
  }
  // Whatever comes after sees only the selected fields.
  FieldDemand needs(const FieldDemand& /*downstream*/) const override {
    FieldDemand demand = FieldDemand::none();
    for (const auto& p : paths_) demand.add(p);
    return demand;
  }

  // Hot: once per record in W1. Re-links the selected nodes under a new root instead of
  // copying them, so it allocates nothing.
  Outcome operator()(Record& r) const {
    NodeId old_root = r.root();
    if (old_root == kNoNode || r.node(old_root).kind != NodeKind::kObject) {
      return Outcome::reject(ErrorKind::kTransform, "", "select: record is not an object");
    }
    NodeId found[kMaxInline];
    std::vector<NodeId> many;
    NodeId* ids = found;
    if (paths_.size() > kMaxInline) {
      many.resize(paths_.size());
      ids = many.data();
    }
    NodeId from = kNoNode;  // where the next top-level field is most likely
    for (std::size_t i = 0; i < paths_.size(); ++i) {
      if (outputs_[i].escaped.empty()) {
        ids[i] = r.find(paths_[i]);
        continue;
      }
      ids[i] = r.find_member_from(old_root, from, paths_[i].segments()[0]);
      if (ids[i] != kNoNode) from = r.node(ids[i]).next;
    }
    NodeId new_root = r.make_object();
    r.set_root(new_root);
    for (std::size_t i = 0; i < paths_.size(); ++i) {
      if (ids[i] == kNoNode) continue;
      const Output& o = outputs_[i];
      if (o.escaped.empty()) {
        r.set(paths_[i], ids[i]);
      } else if (!o.repeats || r.find_member(new_root, paths_[i].segments()[0]) == kNoNode) {
        // A top-level field: link it under its precomputed key, no escaping per record.
        r.append_member_escaped(new_root, o.escaped, o.needed_escaping, ids[i]);
      }
    }
    return Outcome::keep();
  }

 private:
  static constexpr std::size_t kMaxInline = 32;
  std::string spec_;
  std::vector<FieldPath> paths_;
  std::vector<std::string> names_;
  /// Per path, what writing it needs, worked out once.
  struct Output {
    std::string escaped;           ///< JSON-escaped name when the path is one top-level field
    bool needed_escaping = false;  ///< `escaped` differs from the name
    bool repeats = false;  ///< an earlier path starts with the same field: it may be out already
  };
  std::vector<Output> outputs_;
};

class Drop final : public Transform {
 public:
  Drop(std::string spec, std::vector<FieldPath> paths)
      : spec_(std::move(spec)), paths_(std::move(paths)) {}
  std::string_view spec() const override { return spec_; }
  std::unique_ptr<TransformWorker> make_worker() const override {
    return std::make_unique<StatelessWorker<Drop>>(*this);
  }
  Outcome operator()(Record& r) const {
    for (const auto& p : paths_) r.remove(p);
    return Outcome::keep();
  }

 private:
  std::string spec_;
  std::vector<FieldPath> paths_;
};

class Rename final : public Transform {
 public:
  Rename(std::string spec, std::vector<std::pair<FieldPath, std::string>> pairs)
      : spec_(std::move(spec)), pairs_(std::move(pairs)) {}
  std::string_view spec() const override { return spec_; }
  std::unique_ptr<TransformWorker> make_worker() const override {
    return std::make_unique<StatelessWorker<Rename>>(*this);
  }
  Outcome operator()(Record& r) const {
    for (const auto& [from, to] : pairs_) r.rename(from, to);
    return Outcome::keep();
  }

 private:
  std::string spec_;
  std::vector<std::pair<FieldPath, std::string>> pairs_;
};

std::vector<FieldPath> parse_paths(std::string_view spec, std::string_view args) {
  std::vector<FieldPath> paths;
  for (const std::string& item : split_list(args)) {
    auto p = FieldPath::try_parse(item);
    if (!p) throw UsageError(std::string(spec) + ": invalid field path \"" + item + "\"");
    paths.push_back(std::move(*p));
  }
  if (paths.empty()) throw UsageError(std::string(spec) + ": expected a list of fields");
  return paths;
}

}  // namespace

TransformPtr make_select(std::string_view spec, std::string_view args) {
  std::vector<FieldPath> paths = parse_paths(spec, args);
  std::vector<std::string> names;
  for (const auto& p : paths) names.push_back(p.to_string());
  return std::make_shared<Select>(std::string(spec), std::move(paths), std::move(names));
}

TransformPtr make_drop(std::string_view spec, std::string_view args) {
  return std::make_shared<Drop>(std::string(spec), parse_paths(spec, args));
}

TransformPtr make_rename(std::string_view spec, std::string_view args) {
  std::vector<std::pair<FieldPath, std::string>> pairs;
  for (const std::string& item : split_list(args)) {
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
      throw UsageError(std::string(spec) + ": expected OLD=NEW, got \"" + item + "\"");
    }
    auto from = FieldPath::try_parse(item.substr(0, eq));
    if (!from) {
      throw UsageError(std::string(spec) + ": invalid field path \"" + item.substr(0, eq) + "\"");
    }
    pairs.emplace_back(std::move(*from), item.substr(eq + 1));
  }
  if (pairs.empty()) throw UsageError(std::string(spec) + ": expected OLD=NEW");
  return std::make_shared<Rename>(std::string(spec), std::move(pairs));
}

}  // namespace recproc::transform
