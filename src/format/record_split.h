// Where one shard's records begin and end inside an input, for `run --shard K/N` (issue 14).
//
// A shard is given a nominal byte range [b, e) of an input, chosen from file sizes alone. It owns
// the records that START in that range: it begins at the first record start at or after b and
// ends at the first record start at or after e, so N shards cover every record exactly once.
// NDJSON records start after any newline. A CSV record starts after a newline outside quotes,
// and whether a byte is inside quotes depends on everything before it, which a shard does not
// read: it assumes the quote state at b (unquoted unless told otherwise) and reports the state
// it computed at e. The merge checks that each shard's assumption equals the state its
// predecessor computed, and re-runs only a shard whose assumption was wrong. The shard also
// follows its share from every start state in the same read (memchr from quote to quote), so
// the merge knows every shard's true start state after one round.
//
//   RecordRange r = find_record_range(io::file_range_opener(path), &dialect,
//                                     {.data_start = 42, .size = 1000, .begin = 500, .end = 750});
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "format/csv_dialect.h"
#include "io/byte_source.h"

namespace recproc::format {

/// The quote state after a byte: outside quotes, inside a quoted field, or inside one just after
/// a quote (which closes the field unless the next byte is a quote too: a doubled quote).
enum class QuoteState : std::uint8_t { kUnquoted, kQuoted, kQuoteInQuoted };

/// "unquoted", "quoted", "quote-in-quoted".
std::string_view quote_state_name(QuoteState state);
/// The inverse of quote_state_name(); nullopt for anything else.
std::optional<QuoteState> parse_quote_state(std::string_view name);

/// Follows the quote state of a CSV byte stream that starts on a record boundary, with the
/// grammar of csv_find_cut(): a quote opens a quoted field only as a field's first byte. It
/// jumps from quote to quote with memchr, so following a share costs little next to parsing it.
class QuoteTracker {
 public:
  /// `dialect` null: NDJSON, where every newline ends a record.
  QuoteTracker(const CsvDialect* dialect, QuoteState state, char previous_byte);
  /// Follows `bytes`. With `stop_at_record_end`, stops just past the first record terminator and
  /// returns its offset + 1; otherwise (or when there is none) follows all of them, returns npos.
  std::size_t advance(std::string_view bytes, bool stop_at_record_end);
  QuoteState state() const { return state_; }

 private:
  char quote_ = 0;
  char delimiter_ = 0;
  bool quoting_ = false;
  QuoteState state_;
  char previous_;
};

/// The shard's nominal range of one input and what it knows about the bytes before it.
struct SplitRequest {
  std::uint64_t data_start = 0;  ///< first byte after the preamble (BOM, CSV header)
  std::uint64_t size = 0;        ///< the input's size
  std::uint64_t begin = 0;       ///< nominal range [begin, end)
  std::uint64_t end = 0;
  QuoteState assumed = QuoteState::kUnquoted;  ///< state after byte begin-1 (CSV only)
};

struct RecordRange {
  std::uint64_t begin = 0;  ///< the shard's records are the bytes [begin, end)
  std::uint64_t end = 0;
  /// Whether `assumed` was used: false when the range starts at the data start (state known).
  bool assumed = false;
  /// The state after byte end-1 of the nominal range; nullopt when the range runs to the end.
  std::optional<QuoteState> end_state;
  /// With an assumed CSV start state: the state at the nominal end for each possible start
  /// state (indexed by QuoteState), so that the merge can chain the true states through every
  /// shard at once and re-run all the wrong ones in one round.
  std::optional<std::array<QuoteState, 3>> end_state_for_start;
};

/// Reads the bytes of the input it needs (from begin-1 to the first record start after end)
/// through `open`. `dialect` null for NDJSON. Throws IoError.
RecordRange find_record_range(const io::OpenRange& open, const CsvDialect* dialect,
                              const SplitRequest& request);

}  // namespace recproc::format
