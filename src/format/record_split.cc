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
// Followers, when given, see the same bytes up to their own limit, in the same read: a CSV
// share's end state for every start state costs no second pass over the share (which, for a
// blob, is a second download).
class TrackedScan {
 public:
  TrackedScan(const io::OpenRange& open, std::uint64_t from, std::uint64_t size,
              QuoteTracker& tracker)
      : reader_(open, from, size), at_(from), tracker_(tracker) {}

  /// `followers` advance over every byte the scan reads from here on, up to offset `limit`.
  void add_followers(std::array<QuoteTracker, 3>* followers, std::uint64_t limit) {
    followers_ = followers;
    followers_limit_ = limit;
  }

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
      const std::size_t consumed = cut != std::string_view::npos ? used_ + cut : stop;
      feed_followers(consumed);
      used_ = consumed;
      if (cut != std::string_view::npos) return at_ + used_;
    }
    return std::nullopt;
  }

 private:
  // block_[used_, consumed) was read; the followers take the part before their limit.
  void feed_followers(std::size_t consumed) {
    if (followers_ == nullptr || at_ + used_ >= followers_limit_) return;
    const std::size_t upto =
        static_cast<std::size_t>(std::min<std::uint64_t>(consumed, followers_limit_ - at_));
    for (QuoteTracker& f : *followers_) f.advance(block_.substr(used_, upto - used_), false);
  }

  ForwardReader reader_;
  std::uint64_t at_;  ///< file offset of block_[0]
  std::string_view block_;
  std::size_t used_ = 0;
  QuoteTracker& tracker_;
  std::array<QuoteTracker, 3>* followers_ = nullptr;
  std::uint64_t followers_limit_ = 0;
};

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
  char before = '\n';
  if (request.begin <= request.data_start) {
    begin = from = request.data_start;
  } else {
    range.assumed = true;
    before = byte_before(open, request.begin);
    tracker = QuoteTracker(dialect, request.assumed, before);
    if (before == '\n' && tracker.state() == QuoteState::kUnquoted) begin = request.begin;
  }
  TrackedScan scan(open, from, size, tracker);
  // With an assumed CSV start state: the same bytes from each possible start state, indexed by
  // QuoteState, so that the merge can chain the true states through every shard at once.
  std::array<QuoteTracker, 3> followers = {
      QuoteTracker(dialect, QuoteState::kUnquoted, before),
      QuoteTracker(dialect, QuoteState::kQuoted, before),
      QuoteTracker(dialect, QuoteState::kQuoteInQuoted, before)};
  const bool follow_all = range.assumed && dialect != nullptr && end < size;
  if (follow_all) scan.add_followers(&followers, end);
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
  if (follow_all) {
    range.end_state_for_start = {followers[0].state(), followers[1].state(), followers[2].state()};
  }
  if (!stop) stop = scan.follow(size, true);
  range.end = stop.value_or(size);
  range.begin = begin.value_or(range.end);
  return range;
}

}  // namespace recproc::format
