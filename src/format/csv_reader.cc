#include "format/csv_reader.h"

#include <simdjson.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "recproc/error.h"

namespace recproc::format {
namespace {

bool needs_json_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

}  // namespace

CsvReader::CsvReader(const CsvDialect& dialect) : dialect_(dialect) {
  for (StopSet* s : {&unquoted_stops_, &quoted_stops_}) {
    for (int c = 0; c < 256; ++c) s->table[c] = needs_json_escape(static_cast<unsigned char>(c));
  }
  unquoted_stops_.first = dialect.delimiter;
  unquoted_stops_.table[static_cast<unsigned char>(dialect.delimiter)] = true;
  quoted_stops_.first = dialect.quote;
  quoted_stops_.table[static_cast<unsigned char>(dialect.quote)] = true;
}

namespace {

// First byte in [p, end) that is `s.first`, '"', '\\' or a control character (LF, CR, tab, ...):
// the bytes that end a field, end a row, or need JSON escaping. Everything else is copied as is.
// Hot: once per 16 bytes of every field; benchmark changes (bench/RESULTS.md).
template <class Set>
inline const char* next_stop(const char* p, const char* end, const Set& s) {
#if defined(__SSE2__)
  const __m128i first = _mm_set1_epi8(s.first);
  const __m128i dquote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i ctrl_max = _mm_set1_epi8(0x1f);
  while (end - p >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, first), _mm_cmpeq_epi8(v, dquote));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(v, backslash));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_max_epu8(v, ctrl_max), ctrl_max));  // v <= 0x1f
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(m));
    if (mask != 0) return p + __builtin_ctz(mask);
    p += 16;
  }
#endif
  while (p < end && !s.table[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

}  // namespace

void CsvReader::begin_chunk(const ChunkView& chunk) {
  cur_ = chunk.bytes.data();
  end_ = cur_ + chunk.bytes.size();
  newlines_ = 0;
  // One pass over the whole chunk is far cheaper than one per record; records are only checked
  // one by one when the chunk has invalid UTF-8 somewhere.
  chunk_utf8_valid_ = simdjson::validate_utf8(chunk.bytes.data(), chunk.bytes.size());
  load_columns(chunk.input);
}

void CsvReader::load_columns(const InputInfo* input) {
  if (input == input_) return;
  input_ = input;
  names_.clear();
  names_escaped_.clear();
  if (input == nullptr) return;
  for (const std::string& name : input->columns) {
    std::string escaped;
    append_json_escaped(escaped, name);
    names_escaped_.push_back(escaped.size() != name.size());
    names_.push_back(std::move(escaped));
  }
}

void CsvReader::push_field(const char* begin, const char* end, bool needs_escaping) {
  if (!needs_escaping) {
    fields_.push_back({begin, 0, static_cast<std::size_t>(end - begin), false});
    return;
  }
  push_escaped(begin, end, /*collapse_quotes=*/false);
}

// Copies [begin, end) into escaped_ as JSON string contents in one pass, jumping between the
// bytes that need work; with `collapse_quotes`, a doubled quote becomes one.
// Hot: once per field that holds a quote, backslash, newline or other control character.
void CsvReader::push_escaped(const char* begin, const char* end, bool collapse_quotes) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::size_t offset = escaped_.size();
  bool has_escapes = false;
  const char* run = begin;
  for (const char* c = begin; (c = next_stop(c, end, quoted_stops_)) < end;) {
    escaped_.append(run, c);
    const unsigned char ch = static_cast<unsigned char>(*c);
    run = ++c;
    if (collapse_quotes && ch == static_cast<unsigned char>(dialect_.quote)) {
      run = ++c;  // the second quote of the pair
    }
    if (!needs_json_escape(ch)) {
      escaped_.push_back(static_cast<char>(ch));
      continue;
    }
    has_escapes = true;
    escaped_.push_back('\\');
    switch (ch) {
      case '"':
        escaped_.push_back('"');
        break;
      case '\\':
        escaped_.push_back('\\');
        break;
      case '\n':
        escaped_.push_back('n');
        break;
      case '\r':
        escaped_.push_back('r');
        break;
      case '\t':
        escaped_.push_back('t');
        break;
      default:
        escaped_.append("u00");
        escaped_.push_back(kHex[ch >> 4]);
        escaped_.push_back(kHex[ch & 15]);
    }
  }
  escaped_.append(run, end);
  fields_.push_back({nullptr, offset, escaped_.size() - offset, has_escapes});
}

std::string_view CsvReader::field_escaped(std::size_t i, bool& has_escapes) const {
  const Field& f = fields_[i];
  has_escapes = f.has_escapes;
  if (f.data != nullptr) return {f.data, f.size};
  return std::string_view(escaped_).substr(f.offset, f.size);
}

// Hot: once per unquoted field.
CsvReader::Stop CsvReader::read_unquoted(const char*& p, const char*& text_end) {
  const char* const begin = p;
  bool escapes = false;
  const char* c = p;
  while (true) {
    c = next_stop(c, end_, unquoted_stops_);
    if (c == end_) {
      push_field(begin, c, escapes);
      p = text_end = end_;
      return Stop::kEnd;
    }
    if (*c == dialect_.delimiter) {
      push_field(begin, c, escapes);
      p = c + 1;
      return Stop::kDelimiter;
    }
    if (*c == '\n' || (*c == '\r' && c + 1 < end_ && c[1] == '\n')) {
      push_field(begin, c, escapes);
      text_end = c;
      p = c + (*c == '\n' ? 1 : 2);
      ++newlines_;
      return Stop::kNewline;
    }
    escapes = true;  // '"', '\\', a bare CR or another control character
    ++c;
  }
}

// Hot: once per quoted field.
CsvReader::Stop CsvReader::read_quoted(const char*& p, const char*& text_end) {
  const char* const content = p + 1;
  bool escapes = false;
  bool doubled = false;
  const char* c = content;
  while (true) {
    c = next_stop(c, end_, quoted_stops_);
    if (c == end_) {
      p = text_end = end_;
      return Stop::kUnterminated;
    }
    if (*c == dialect_.quote) {
      if (c + 1 < end_ && c[1] == dialect_.quote) {
        doubled = true;
        c += 2;
        continue;
      }
      return finish_quoted(content, c, doubled, escapes, p, text_end);
    }
    if (*c == '\n') ++newlines_;
    escapes = true;
    ++c;
  }
}

CsvReader::Stop CsvReader::finish_quoted(const char* content, const char* content_end, bool doubled,
                                         bool escapes, const char*& p, const char*& text_end) {
  const char* after = content_end + 1;
  Stop stop;
  if (after == end_) {
    p = text_end = end_;
    stop = Stop::kEnd;
  } else if (*after == dialect_.delimiter) {
    p = after + 1;
    stop = Stop::kDelimiter;
  } else if (*after == '\n' || (*after == '\r' && after + 1 < end_ && after[1] == '\n')) {
    text_end = after;
    p = after + (*after == '\n' ? 1 : 2);
    ++newlines_;
    stop = Stop::kNewline;
  } else {
    // Text after the closing quote ("ab"c) is kept as is, like Python's csv and FastCSV do. Rare:
    // the content goes to escaped_, the tail is read as an unquoted field, and the two merge.
    push_escaped(content, content_end, /*collapse_quotes=*/true);
    p = after;
    stop = read_unquoted(p, text_end);
    const Field tail = fields_.back();
    fields_.pop_back();
    // An escaped tail was appended to escaped_ right after the content; copy a plain one.
    if (tail.data != nullptr) escaped_.append(tail.data, tail.size);
    fields_.back().size += tail.size;
    fields_.back().has_escapes |= tail.has_escapes;
    return stop;
  }
  if (doubled) {
    push_escaped(content, content_end, /*collapse_quotes=*/true);
  } else {
    push_field(content, content_end, escapes);
  }
  return stop;
}

ReadStatus CsvReader::split_next(RawRecord& raw) {
  const char* p = cur_;
  if (p >= end_) return ReadStatus::kEnd;
  raw.line = newlines_ + 1;
  fields_.clear();
  escaped_.clear();
  if (*p == '\n' || (*p == '\r' && p + 1 < end_ && p[1] == '\n')) {
    cur_ = p + (*p == '\n' ? 1 : 2);
    ++newlines_;
    raw.text = std::string_view(p, 0);
    return ReadStatus::kBlank;
  }
  const char* const start = p;
  const char* text_end = end_;
  Stop stop = Stop::kDelimiter;
  while (stop == Stop::kDelimiter) {
    stop =
        (p < end_ && *p == dialect_.quote) ? read_quoted(p, text_end) : read_unquoted(p, text_end);
  }
  cur_ = p;
  if (stop == Stop::kUnterminated) {
    // The rest of the chunk, without a final line end, is the bad record.
    if (text_end > start && text_end[-1] == '\n') --text_end;
    if (text_end > start && text_end[-1] == '\r') --text_end;
  }
  raw.text = std::string_view(start, static_cast<std::size_t>(text_end - start));
  return stop == Stop::kUnterminated ? ReadStatus::kError : ReadStatus::kRecord;
}

ReadStatus CsvReader::fail(FieldError& error, std::string reason) {
  error.kind = ErrorKind::kParse;
  error.field.clear();
  error.rule = "csv";
  error.reason = std::move(reason);
  return ReadStatus::kError;
}

// Hot: once per record; allocation-free once the record, fields_ and escaped_ have grown.
ReadStatus CsvReader::next(Record& record, RawRecord& raw, FieldError& error) {
  ReadStatus status = split_next(raw);
  if (status == ReadStatus::kError) return fail(error, "unterminated quoted field");
  if (status != ReadStatus::kRecord) return status;
  if (!chunk_utf8_valid_ && !simdjson::validate_utf8(raw.text.data(), raw.text.size())) {
    return fail(error, "invalid UTF-8");
  }
  const std::size_t columns = names_.size();
  const std::size_t fields = fields_.size();
  if (fields != columns && !dialect_.allow_ragged) {
    return fail(error,
                "expected " + std::to_string(columns) + " fields, got " + std::to_string(fields));
  }
  record.clear();
  // One copy for all fields of this row that needed escaping.
  std::string_view owned = escaped_.empty() ? std::string_view() : record.own(escaped_);
  NodeId root = record.make_object();
  for (std::size_t i = 0; i < columns; ++i) {
    NodeId value;
    if (i >= fields) {
      value = record.make_string_escaped({}, false);  // --allow-ragged pads with ""
    } else {
      const Field& f = fields_[i];
      std::string_view text =
          f.data ? std::string_view(f.data, f.size) : owned.substr(f.offset, f.size);
      value = record.make_string_escaped(text, f.has_escapes);
    }
    record.append_member_escaped(root, names_[i], names_escaped_[i], value);
  }
  record.set_root(root);
  return ReadStatus::kRecord;
}

bool read_csv_row(std::string_view text, const CsvDialect& dialect,
                  std::vector<std::string>& values, std::uint64_t& lines) {
  CsvReader reader(dialect);
  InputInfo info;
  reader.begin_chunk(ChunkView{text, 0, &info});
  RawRecord raw;
  ReadStatus status;
  do {
    status = reader.split_next(raw);
  } while (status == ReadStatus::kBlank);
  lines = reader.lines_consumed();
  values.clear();
  if (status == ReadStatus::kError) return false;
  if (status == ReadStatus::kEnd) return true;
  for (std::size_t i = 0; i < reader.field_count(); ++i) {
    bool has_escapes = false;
    std::string_view escaped = reader.field_escaped(i, has_escapes);
    std::string& value = values.emplace_back();
    if (has_escapes) {
      decode_json_string(escaped, value);
    } else {
      value.assign(escaped);
    }
  }
  return true;
}

}  // namespace recproc::format
