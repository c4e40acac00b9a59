// Reads the CSV records of one chunk (RFC 4180 plus the dialects people meet, issue 4).
//
// Grammar, shared with csv_find_cut(): records end at LF or CRLF outside quotes (a bare CR is
// data); a field that starts with the quote character is quoted, a doubled quote inside it is one
// quote, and text between its closing quote and the next delimiter is kept literally; a quote
// anywhere else is an ordinary character. An empty line is a blank (skipped and counted).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "format/csv_dialect.h"
#include "recproc/format.h"

namespace recproc::format {

class CsvReader final : public RecordReader {
 public:
  explicit CsvReader(const CsvDialect& dialect);

  /// The chunk's bytes must outlive the records read from it: unquoted fields point into them.
  void begin_chunk(const ChunkView& chunk) override;
  /// Fills `record` with an object of string fields named by `chunk.input->columns`. A row with
  /// another field count is kError ("expected 5 fields, got 4") unless allow_ragged; so is an
  /// unterminated quoted field and invalid UTF-8. `error.reason` carries no location: the
  /// caller prefixes "<file>:<line>: " from raw.line plus the chunk's first line.
  ReadStatus next(Record& record, RawRecord& raw, FieldError& error) override;
  std::uint64_t lines_consumed() const override { return newlines_; }

  /// Splits the next row into fields without building a record. kError means an unterminated
  /// quoted field (the rest of the chunk is consumed).
  ReadStatus split_next(RawRecord& raw);
  std::size_t field_count() const { return fields_.size(); }
  /// Field `i` of the last split row as JSON-escaped string contents (as Record stores strings).
  /// Valid until the next split_next().
  std::string_view field_escaped(std::size_t i, bool& has_escapes) const;

 private:
  enum class Stop : std::uint8_t { kDelimiter, kNewline, kEnd, kUnterminated };
  struct Field {
    const char* data;    ///< into the chunk, or nullptr when the text is in escaped_
    std::size_t offset;  ///< into escaped_ when data == nullptr
    std::size_t size;
    bool has_escapes;
  };
  /// The bytes that end a fast scan: `first`, and the table for the scalar tail.
  struct StopSet {
    char first;  ///< the delimiter (unquoted) or the quote (quoted)
    bool table[256];
  };

  Stop read_unquoted(const char*& p, const char*& text_end);
  Stop read_quoted(const char*& p, const char*& text_end);
  Stop finish_quoted(const char* content, const char* content_end, bool doubled, bool escapes,
                     const char*& p, const char*& text_end);
  void push_field(const char* begin, const char* end, bool needs_escaping);
  void push_escaped(const char* begin, const char* end, bool collapse_quotes);
  ReadStatus fail(FieldError& error, std::string reason);
  void load_columns(const InputInfo* input);

  CsvDialect dialect_;
  StopSet unquoted_stops_;
  StopSet quoted_stops_;
  const char* cur_ = nullptr;
  const char* end_ = nullptr;
  std::uint64_t newlines_ = 0;
  bool chunk_utf8_valid_ = true;
  std::vector<Field> fields_;
  std::string escaped_;  ///< escaped text of the fields that needed escaping, this row
  const InputInfo* input_ = nullptr;
  std::vector<std::string> names_;  ///< column names, JSON-escaped
  std::vector<bool> names_escaped_;
};

/// Reads the first row of `text` (after blank lines) into unescaped `values`; `lines` is the
/// number of newlines consumed. Returns false when the row has an unterminated quoted field.
/// Used for the header and for counting the columns of a headerless file.
bool read_csv_row(std::string_view text, const CsvDialect& dialect,
                  std::vector<std::string>& values, std::uint64_t& lines);

}  // namespace recproc::format
