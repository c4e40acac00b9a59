#include "format/record_split.h"

#include <cstring>
#include <string>

#include "io/byte_source.h"

namespace recproc::format {
namespace {

constexpr std::size_t kScanBlock = 1 << 20;

const char* find_byte(const char* p, const char* end, char c) {
  return static_cast<const char*>(std::memchr(p, c, static_cast<std::size_t>(end - p)));
}

// Reads an input forwards in blocks from an offset.
class ForwardReader {
 public:
  ForwardReader(const io::OpenRange& open, std::uint64_t offset, std::uint64_t size)
      : source_(open(offset, size)) {}
  /// The next block; empty at the end of the input.
  std::string_view next() {
    buf_.resize(kScanBlock);
    buf_.resize(source_->read(buf_.data(), buf_.size()));
    return buf_;
  }

 private:
  std::unique_ptr<io::ByteSource> source_;
  std::string buf_;
};

// Byte begin-1, the byte before a share: whether a quote at `begin` opens a field and, when it
// is a newline outside quotes, whether `begin` itself starts a record.
char byte_before(const io::OpenRange& open, std::uint64_t begin) {
  char c = '\n';
  return open(begin - 1, begin)->read(&c, 1) == 1 ? c : '\n';
}

}  // namespace

std::string_view quote_state_name(QuoteState state) {
  switch (state) {
    case QuoteState::kUnquoted:
      return "unquoted";
    case QuoteState::kQuoted:
      return "quoted";
    case QuoteState::kQuoteInQuoted:
      return "quote-in-quoted";
  }
  return "unquoted";
}

std::optional<QuoteState> parse_quote_state(std::string_view name) {
  for (QuoteState s : {QuoteState::kUnquoted, QuoteState::kQuoted, QuoteState::kQuoteInQuoted}) {
    if (name == quote_state_name(s)) return s;
  }
  return std::nullopt;
}

QuoteTracker::QuoteTracker(const CsvDialect* dialect, QuoteState state, char previous_byte)
    : state_(dialect ? state : QuoteState::kUnquoted), previous_(previous_byte) {
  if (dialect) {
    quote_ = dialect->quote;
    delimiter_ = dialect->delimiter;
    quoting_ = true;
  }
}

std::size_t QuoteTracker::advance(std::string_view bytes, bool stop_at_record_end) {
  const char* const begin = bytes.data();
  const char* const end = begin + bytes.size();
  const char* p = begin;
  while (p < end) {
    switch (state_) {
      case QuoteState::kUnquoted: {
        const char* q = quoting_ ? find_byte(p, end, quote_) : nullptr;
        const char* stretch_end = q ? q : end;
        if (stop_at_record_end) {
          if (const char* nl = find_byte(p, stretch_end, '\n')) {
            previous_ = '\n';
            return static_cast<std::size_t>(nl - begin) + 1;
          }
        }
        if (q == nullptr) {
          previous_ = end[-1];
          return std::string_view::npos;
        }
        const char before = q == begin ? previous_ : q[-1];
        if (before == delimiter_ || before == '\n') state_ = QuoteState::kQuoted;
        previous_ = quote_;
        p = q + 1;
        break;
      }
      case QuoteState::kQuoted: {
        const char* q = find_byte(p, end, quote_);
        if (q == nullptr) {
          previous_ = end[-1];
          return std::string_view::npos;
        }
        state_ = QuoteState::kQuoteInQuoted;
        previous_ = quote_;
        p = q + 1;
        break;
      }
      case QuoteState::kQuoteInQuoted:
        if (*p == quote_) {  // a doubled quote: literal, still inside
          state_ = QuoteState::kQuoted;
          previous_ = quote_;
          ++p;
        } else {  // the field closed; this byte is read outside quotes
          state_ = QuoteState::kUnquoted;
        }
        break;
    }
  }
  return std::string_view::npos;
}

namespace {

// Feeds a QuoteTracker the bytes of a file from an offset up to limits given one at a time.
class TrackedScan {
 public:
  TrackedScan(const io::OpenRange& open, std::uint64_t from, std::uint64_t size,
              QuoteTracker& tracker)
      : reader_(open, from, size), at_(from), tracker_(tracker) {}

  /// Follows the bytes up to offset `limit` (exclusive). With `stop_at_record_end`, stops past
  /// the first record terminator and returns the offset after it.
  std::optional<std::uint64_t> follow(std::uint64_t limit, bool stop_at_record_end) {
    while (at_ + used_ < limit) {
      if (used_ == block_.size()) {
        at_ += block_.size();
        block_ = reader_.next();
        used_ = 0;
        if (block_.empty()) return std::nullopt;  // the file ended early (it shrank)
      }
      const std::size_t stop =
          static_cast<std::size_t>(std::min<std::uint64_t>(block_.size(), limit - at_));
      const std::size_t cut =
          tracker_.advance(block_.substr(used_, stop - used_), stop_at_record_end);
      if (cut != std::string_view::npos) {
        used_ += cut;
        return at_ + used_;
      }
      used_ = stop;
    }
    return std::nullopt;
  }

 private:
  ForwardReader reader_;
  std::uint64_t at_;  ///< file offset of block_[0]
  std::string_view block_;
  std::size_t used_ = 0;
  QuoteTracker& tracker_;
};

// The state at `end` for each start state at `begin`.
std::array<QuoteState, 3> end_states(const io::OpenRange& open, const CsvDialect* dialect,
                                     const SplitRequest& request) {
  const char before = byte_before(open, request.begin);
  std::array<QuoteState, 3> states{};
  for (QuoteState start :
       {QuoteState::kUnquoted, QuoteState::kQuoted, QuoteState::kQuoteInQuoted}) {
    QuoteTracker tracker(dialect, start, before);
    TrackedScan scan(open, request.begin, request.end, tracker);
    scan.follow(request.end, false);
    states[static_cast<std::size_t>(start)] = tracker.state();
  }
  return states;
}

}  // namespace

// One forward pass from byte begin-1: the first record start at or after `begin`, the state at
// `end`, and the first record start at or after `end`. Every record start is the data start or
// follows a terminator, so each is "one past the first terminator at or after X-1".
RecordRange find_record_range(const io::OpenRange& open, const CsvDialect* dialect,
                              const SplitRequest& request) {
  RecordRange range;
  const std::uint64_t size = request.size;
  const std::uint64_t end = std::min(request.end, size);
  if (end <= request.data_start) {  // all preamble: no record starts here
    range.begin = range.end = request.data_start;
    return range;
  }
  QuoteTracker tracker(dialect, QuoteState::kUnquoted, '\n');
  std::optional<std::uint64_t> begin;
  std::uint64_t from = request.begin;
  if (request.begin <= request.data_start) {
    begin = from = request.data_start;
  } else {
    range.assumed = true;
    const char before = byte_before(open, request.begin);
    tracker = QuoteTracker(dialect, request.assumed, before);
    if (before == '\n' && tracker.state() == QuoteState::kUnquoted) begin = request.begin;
  }
  TrackedScan scan(open, from, size, tracker);
  if (end >= size) {
    if (!begin) begin = scan.follow(size, /*stop_at_record_end=*/true);
    range.begin = begin.value_or(size);
    range.end = size;
    return range;
  }
  if (!begin) begin = scan.follow(end - 1, true);
  scan.follow(end - 1, false);
  // Byte end-1: a terminator there makes `end` a record start.
  std::optional<std::uint64_t> stop = scan.follow(end, true);
  range.end_state = tracker.state();
  if (range.assumed && dialect) range.end_state_for_start = end_states(open, dialect, request);
  if (!stop) stop = scan.follow(size, true);
  range.end = stop.value_or(size);
  range.begin = begin.value_or(range.end);
  return range;
}

}  // namespace recproc::format
