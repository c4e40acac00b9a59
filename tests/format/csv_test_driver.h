// Runs CSV input through CsvBoundary + CsvReader the way the engine does: bytes arrive in pieces,
// the boundary cuts chunks on record ends, a reader parses each chunk (copied, with no padding,
// so ASan sees any read past its end), and line numbers are made absolute. Shared by the format
// unit tests, the chunking property test and the fuzz target.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "format/csv_boundary.h"
#include "format/csv_reader.h"
#include "recproc/error.h"

namespace recproc::format::testing {

struct CsvRun {
  std::vector<std::string> rows;      ///< "<line>: <json>", "<line>: blank", "<line>: error: ..."
  std::vector<std::string> warnings;  ///< from the boundary
  std::vector<std::string> columns;
  std::uint64_t lines = 0;  ///< physical lines seen, header included
};

/// Parses `input` with reads ending at each offset of `splits` (ascending, inside the input).
inline CsvRun run_csv(std::string_view input, const CsvDialect& dialect,
                      const std::vector<std::size_t>& splits = {}) {
  CsvRun run;
  CsvBoundary boundary(dialect, [&](std::string_view w) { run.warnings.emplace_back(w); });
  CsvReader reader(dialect);
  InputInfo info;
  info.name = "in.csv";
  Record record;
  RawRecord raw;
  FieldError error;
  std::string buffer;
  bool preamble_done = false;
  std::uint64_t base = 1;  // absolute line of the first byte of `buffer`
  std::size_t from = 0;
  for (std::size_t i = 0; i <= splits.size(); ++i) {
    std::size_t to = i < splits.size() ? splits[i] : input.size();
    buffer.append(input.substr(from, to - from));
    from = to;
    const bool eof = i == splits.size();
    if (!preamble_done) {
      std::size_t used = boundary.read_preamble(buffer, eof, info);
      if (used == std::string_view::npos) continue;
      preamble_done = true;
      RECPROC_ASSERT(info.first_line == 1 + static_cast<std::uint64_t>(std::count(
                                                buffer.begin(), buffer.begin() + used, '\n')));
      buffer.erase(0, used);
      base = info.first_line;
      run.columns = info.columns;
    }
    std::size_t cut = boundary.last_cut(buffer, eof);
    if (cut == 0) continue;
    const std::string chunk = buffer.substr(0, cut);  // exact size: no padding
    buffer.erase(0, cut);
    reader.begin_chunk(ChunkView{chunk, 0, &info});
    while (true) {
      ReadStatus status = reader.next(record, raw, error);
      if (status == ReadStatus::kEnd) break;
      std::string row = std::to_string(base + raw.line - 1) + ": ";
      if (status == ReadStatus::kRecord) {
        record.write_json(row);
      } else if (status == ReadStatus::kBlank) {
        row += "blank";
      } else {
        row += "error: " + error.reason + " [" + std::string(raw.text) + "]";
      }
      run.rows.push_back(std::move(row));
    }
    std::uint64_t newlines =
        static_cast<std::uint64_t>(std::count(chunk.begin(), chunk.end(), '\n'));
    RECPROC_ASSERT(reader.lines_consumed() == newlines);
    base += newlines;
  }
  run.lines = base;
  return run;
}

/// Every row of a run on one line each, for comparing runs in test failure messages.
inline std::string joined(const CsvRun& run) {
  std::string out;
  for (const std::string& c : run.columns) out += c + "|";
  out += "\n";
  for (const std::string& r : run.rows) out += r + "\n";
  return out;
}

}  // namespace recproc::format::testing
