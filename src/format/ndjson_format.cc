#include "format/ndjson_format.h"

#include <cstring>

#include "record/json_parser.h"
#include "record/simdjson_kernel.h"
#include "recproc/error.h"

namespace recproc::format {
namespace {

bool is_blank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

class NdjsonBoundary final : public Boundary {
 public:
  std::size_t read_preamble(std::string_view /*head*/, bool /*eof*/, InputInfo& /*info*/) override {
    return 0;
  }
  // Chunk ends snap back to the last newline, so a record straddling two reads belongs to the
  // chunk where it ends. Hot: once per chunk, memrchr speed.
  std::size_t last_cut(std::string_view buf, bool eof) override {
    if (eof) return buf.size();
    const void* nl = memrchr(buf.data(), '\n', buf.size());
    if (nl == nullptr) return 0;
    return static_cast<std::size_t>(static_cast<const char*>(nl) - buf.data()) + 1;
  }
};

class NdjsonReader final : public RecordReader {
 public:
  void begin_chunk(const ChunkView& chunk) override {
    RECPROC_ASSERT(chunk.padding >= JsonParser::required_padding());
    chunk_ = chunk;
    pos_ = 0;
    newlines_ = 0;
  }

  // Hot: once per record; benchmark changes (bench/RESULTS.md).
  ReadStatus next(Record& record, RawRecord& raw, FieldError& error) override {
    const std::string_view bytes = chunk_.bytes;
    if (pos_ >= bytes.size()) return ReadStatus::kEnd;
    const char* start = bytes.data() + pos_;
    const void* nl = std::memchr(start, '\n', bytes.size() - pos_);
    std::size_t len = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - start)
                         : bytes.size() - pos_;
    raw.line = newlines_ + 1;
    pos_ += len + (nl ? 1 : 0);
    if (nl) ++newlines_;
    std::string_view line(start, len);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    raw.text = line;
    if (is_blank(line)) return ReadStatus::kBlank;
    // Everything after the line in the chunk, plus the chunk's padding, is readable.
    std::size_t padding = static_cast<std::size_t>(bytes.data() + bytes.size() - line.end()) +
                          chunk_.padding;
    if (parser_.parse(line, padding, record, message_)) return ReadStatus::kRecord;
    error.kind = ErrorKind::kParse;
    error.field.clear();
    error.rule = "json";
    error.reason = "invalid JSON: " + message_;
    return ReadStatus::kError;
  }

  std::uint64_t lines_consumed() const override { return newlines_; }
  void set_validate_only(bool validate_only) override { parser_.set_build_tree(!validate_only); }
  void set_wanted_fields(const std::vector<std::string>& fields, bool unedited) override {
    parser_.set_wanted_fields(fields, unedited);
  }

 private:
  ChunkView chunk_;
  std::size_t pos_ = 0;
  std::uint64_t newlines_ = 0;
  JsonParser parser_;
  std::string message_;
};

class NdjsonWriter final : public RecordWriter {
 public:
  // Hot: once per output record. An unedited record is its input line minified, which
  // simdjson's SIMD minifier produces much faster than a walk over the tree (and a line that is
  // already minified is simply copied).
  void write(const Record& record, std::string& out) override {
    if (record.pristine()) {
      std::string_view text = record.source_text();
      if (record.source_is_minified()) {
        // Room for the newline too: appending it to a just-filled buffer would double a buffer
        // that holds a record of --max-record-bytes (issue 18: RSS at the limit).
        if (out.capacity() - out.size() <= text.size()) out.reserve(out.size() + text.size() + 1);
        out.append(text);
        out.push_back('\n');
        return;
      }
      std::size_t old = out.size();
      out.resize(old + text.size() + kMinifySlack);
      std::size_t written = 0;
      if (minify_json(text, out.data() + old, written)) {
        out.resize(old + written);
        out.push_back('\n');
        return;
      }
      out.resize(old);
    }
    record.write_json(out);
    out.push_back('\n');
  }

 private:
  static constexpr std::size_t kMinifySlack = 64;
};

class NdjsonInputFormat final : public InputFormat {
 public:
  std::string_view name() const override { return "ndjson"; }
  std::unique_ptr<RecordReader> make_reader() const override {
    return std::make_unique<NdjsonReader>();
  }
  std::unique_ptr<Boundary> make_boundary() const override {
    return std::make_unique<NdjsonBoundary>();
  }
  /// simdjson reads up to SIMDJSON_PADDING past a document.
  std::size_t chunk_padding() const override { return JsonParser::required_padding(); }
};

class NdjsonOutputFormat final : public OutputFormat {
 public:
  std::string_view name() const override { return "ndjson"; }
  std::unique_ptr<RecordWriter> make_writer() const override {
    return std::make_unique<NdjsonWriter>();
  }
  bool writes_source_text() const override { return true; }
};

}  // namespace

std::shared_ptr<InputFormat> make_ndjson_input_format() {
  return std::make_shared<NdjsonInputFormat>();
}
std::shared_ptr<OutputFormat> make_ndjson_output_format() {
  return std::make_shared<NdjsonOutputFormat>();
}

}  // namespace recproc::format
