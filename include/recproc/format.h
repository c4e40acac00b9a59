// How the engine sees file formats: it never includes a concrete reader or writer.
//
// Per input, one serial Boundary finds where records end so the input can be cut into chunks
// that workers parse independently. Per worker, a RecordReader turns a chunk's bytes into
// records and a RecordWriter turns records into output bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "recproc/outcome.h"
#include "recproc/record.h"

namespace recproc {

/// What a worker needs to know about the input a chunk came from. Shared by all its chunks.
struct InputInfo {
  std::string name;                  ///< path as given, "-" for stdin ("<stdin>" in messages)
  std::vector<std::string> columns;  ///< CSV header (or c1..cN); empty for NDJSON
  std::uint64_t first_line = 1;      ///< line number of the first byte after the preamble
};

/// A chunk handed to a worker: complete records only. At least `padding` readable bytes follow
/// `bytes` (simdjson reads up to SIMDJSON_PADDING past the end of a document).
struct ChunkView {
  std::string_view bytes;
  std::size_t padding = 0;
  const InputInfo* input = nullptr;
};

/// Where one record came from, for error messages and quarantine.
struct RawRecord {
  std::string_view text;  ///< original bytes without the line terminator
  std::uint64_t line = 0; ///< 1-based line of the record's first byte, relative to the chunk
};

enum class ReadStatus : std::uint8_t {
  kRecord,  ///< `record` holds the next record
  kBlank,   ///< a blank line, skipped and counted
  kError,   ///< the record is malformed; `error` says why, `raw` has it
  kEnd      ///< no more records in this chunk
};

/// Parses the records of one chunk at a time. One per worker; not thread-safe.
class RecordReader {
 public:
  virtual ~RecordReader() = default;
  virtual void begin_chunk(const ChunkView& chunk) = 0;
  /// Reads the next record into `record` (cleared first). `raw` is always filled except at kEnd.
  virtual ReadStatus next(Record& record, RawRecord& raw, FieldError& error) = 0;
  /// Physical lines consumed so far in this chunk (newline count, quoted newlines included).
  virtual std::uint64_t lines_consumed() const = 0;
  /// A hint that nothing will read the records' fields (no transforms, a writer that copies
  /// source text): a reader may then only validate and skip building the tree.
  virtual void set_validate_only(bool /*validate_only*/) {}
  /// A hint that nothing will read top-level fields other than `fields` (unescaped names): a
  /// reader may then skip building the others, as long as it still validates them.
  /// `unedited`: no step will change the records, so one with only `fields` built may still be
  /// written from its source text (Record::pristine()).
  virtual void set_wanted_fields(const std::vector<std::string>& /*fields*/, bool /*unedited*/) {}
};

/// Finds record ends in a stream of bytes. One per input, used by one thread in input order.
class Boundary {
 public:
  virtual ~Boundary() = default;
  /// Called once with the first bytes of an input: consumes a BOM, header row, ... and fills
  /// `info`. Returns bytes consumed, or npos when it needs more bytes and !eof.
  virtual std::size_t read_preamble(std::string_view head, bool eof, InputInfo& info) = 0;
  /// Offset just past the last complete record in `buf`, which starts on a record boundary.
  /// 0 when no record ends in `buf` yet. At eof, the whole buffer is complete.
  virtual std::size_t last_cut(std::string_view buf, bool eof) = 0;
};

class InputFormat {
 public:
  virtual ~InputFormat() = default;
  virtual std::string_view name() const = 0;
  virtual std::unique_ptr<RecordReader> make_reader() const = 0;
  virtual std::unique_ptr<Boundary> make_boundary() const = 0;
  /// Readable bytes its readers need after a chunk (ChunkView::padding): whoever fills chunks
  /// (the engine's feeder) puts at least this many after each one.
  virtual std::size_t chunk_padding() const = 0;
};

/// Turns records into output bytes. One per worker.
class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  virtual void write(const Record& record, std::string& out) = 0;
};

class OutputFormat {
 public:
  virtual ~OutputFormat() = default;
  virtual std::string_view name() const = 0;
  /// Written once before the first record (CSV header); empty for NDJSON.
  virtual std::string header() const { return {}; }
  /// True when the writer needs its columns before the first record is written.
  virtual bool needs_columns() const { return false; }
  /// Fixes the columns (from `select`, the schema, or the first output record).
  virtual void set_columns(std::vector<std::string> /*columns*/) {}
  virtual std::unique_ptr<RecordWriter> make_writer() const = 0;
  /// True when the writer can write an unedited (pristine) record from its source text alone,
  /// so readers need not build a tree when no step reads the record.
  virtual bool writes_source_text() const { return false; }
};

}  // namespace recproc
