#include "engine/chunk_feeder.h"

#include <algorithm>

#include "engine/chunk_job.h"
#include "recproc/error.h"

namespace recproc::engine {

// Chunks are no longer than the record limit, so a record over the limit can never sit inside
// one chunk: it always starts a buffer that grows, where fill() sees it.
ChunkFeeder::ChunkFeeder(std::vector<EngineInput>& inputs, std::size_t chunk_size,
                         RecordLimit limit, bool resync_after_too_long)
    : inputs_(inputs),
      cursors_(inputs.size()),
      max_record_bytes_(std::max<std::size_t>(limit.bytes, 1)),
      record_limit_name_(std::move(limit.name)),
      resync_after_too_long_(resync_after_too_long) {
  chunk_size_ = std::clamp<std::size_t>(chunk_size, 1, max_record_bytes_);
  for (std::size_t i = 0; i < inputs_.size(); ++i) {
    cursors_[i].boundary = inputs_[i].format->make_boundary();
    cursors_[i].info = std::make_shared<InputInfo>();
    cursors_[i].info->name = inputs_[i].path;
  }
  bool known = true;
  for (const auto& in : inputs_) {
    const std::uint64_t size = in.size != 0 ? in.size : in.source ? in.source->size_hint() : 0;
    known = known && size != 0;
    bytes_total_ += size;
  }
  if (!known) bytes_total_ = 0;
}

// The current input, opened on first use.
io::ByteSource& ChunkFeeder::source() {
  EngineInput& in = inputs_[current_];
  if (!in.source) {
    RECPROC_ASSERT(in.open);
    in.source = in.open();
  }
  return *in.source;
}

// Frees the descriptor of a finished input; mapped chunks keep their own mapping alive.
void ChunkFeeder::close_current() {
  EngineInput& in = inputs_[current_];
  if (!in.source || !in.open) return;  // opened by the caller: the caller closes it
  in.bytes_read = in.source->bytes_consumed();
  in.source.reset();
}

void ChunkFeeder::read_more(Cursor& c, ByteBuffer& buf, std::size_t n) {
  std::size_t old = buf.size();
  // Exact growth, not vector's doubling: a record near the limit must not cost twice the limit.
  // With room for the padding the chunk gets once cut, so that appending it never reallocates
  // a buffer of a whole long record (which held two copies of it at once).
  const std::size_t padding = inputs_[current_].format->chunk_padding();
  if (buf.capacity() < old + n + padding) buf.reserve(old + n + padding);
  buf.resize(old + n);
  std::size_t got = source().read(buf.data() + old, n);
  buf.resize(old + got);
  if (got == 0) c.eof = true;
}

void ChunkFeeder::read_preamble(std::size_t i) {
  Cursor& c = cursors_[i];
  if (mapped_preamble(c)) return;
  while (true) {
    std::size_t used =
        c.boundary->read_preamble(std::string_view(c.carry.data(), c.carry.size()), c.eof, *c.info);
    if (used != std::string::npos) {
      end_preamble(c, std::string_view(c.carry.data(), used));
      c.carry.erase(c.carry.begin(), c.carry.begin() + static_cast<std::ptrdiff_t>(used));
      return;
    }
    RECPROC_ASSERT(!c.eof);  // a Boundary must decide at end of input
    if (c.carry.size() >= max_record_bytes_) {
      throw DataError(display_path(inputs_[current_].path) +
                      ":1: header longer than " + record_limit_name_ + " (" +
                      std::to_string(max_record_bytes_) + " bytes)");
    }
    read_more(c, c.carry, chunk_size_);
  }
}

// The preamble (a CSV header) looked at in a mapping of the input, so that the chunks after it
// can be mapped too: bytes read past it would have to be copied.
bool ChunkFeeder::mapped_preamble(Cursor& c) {
  io::ByteSource& source = this->source();
  for (std::size_t want = chunk_size_;; want *= 2) {
    io::MappedBytes m = source.peek_mapped(want);
    if (!m.mapping || want > max_record_bytes_) return false;  // the reading path reports it
    std::size_t used = c.boundary->read_preamble(m.bytes, /*eof=*/false, *c.info);
    if (used == std::string::npos) continue;
    end_preamble(c, m.bytes.substr(0, used));
    source.skip(used);
    return true;
  }
}

// Records are numbered from the line after the preamble.
void ChunkFeeder::end_preamble(Cursor& c, std::string_view preamble) {
  c.info->first_line =
      1 + static_cast<std::uint64_t>(std::count(preamble.begin(), preamble.end(), '\n'));
  c.preamble_done = true;
}

// Cuts the next chunk out of a mapping of the input, when its source can map it: workers then
// parse the page cache's bytes and nobody copies them. The end of the file is left to the
// reading path (it has no padding after it, and the file may have grown since it was opened).
bool ChunkFeeder::fill_mapped(Cursor& c, ChunkJob& job) {
  io::ByteSource& source = this->source();
  const std::size_t padding = inputs_[current_].format->chunk_padding();
  for (std::size_t want = chunk_size_;; want = std::min(2 * want, max_record_bytes_)) {
    io::MappedBytes m = source.peek_mapped(want + padding);
    if (!m.mapping) return false;
    const std::size_t cut = c.boundary->last_cut(m.bytes.substr(0, want), /*eof=*/false);
    if (cut == 0 && want >= max_record_bytes_) return false;  // too long: the reading path
    if (cut == 0) continue;                                   // one record longer than `want`
    source.skip(cut);
    job.filled_by_feeder = false;
    job.mapping = std::move(m.mapping);
    job.mapped = m.bytes.substr(0, cut + padding);
    job.size = cut;
    job.input = current_;
    job.info = c.info;
    job.format = inputs_[current_].format.get();
    return true;
  }
}

bool ChunkFeeder::fill(ChunkJob& job) {
  while (current_ < inputs_.size() && !stopped_) {
    Cursor& c = cursors_[current_];
    if (c.done) {
      close_current();
      ++current_;
      continue;
    }
    if (!c.preamble_done) read_preamble(current_);
    if (c.carry.empty() && !c.eof && fill_mapped(c, job)) return true;

    job.mapping.reset();
    job.filled_by_feeder = false;
    const std::size_t padding = inputs_[current_].format->chunk_padding();
    ByteBuffer& buf = job.buffer;
    // Room for a whole chunk and its padding up front: otherwise appending the padding to a
    // nearly full chunk doubled the buffer, and which buffers had doubled grew with the number
    // of chunks read, so peak RSS grew with the input (+14% from 100 MB to 1 GiB, 1 MiB chunks).
    buf.reserve(chunk_size_ + padding);
    buf.assign(c.carry.begin(), c.carry.end());
    c.carry.clear();
    std::size_t cut = 0;
    while (true) {
      if (buf.size() < chunk_size_ && !c.eof) read_more(c, buf, chunk_size_ - buf.size());
      cut = c.boundary->last_cut(std::string_view(buf.data(), buf.size()), c.eof);
      if (cut > 0 || c.eof) break;
      if (buf.size() >= max_record_bytes_) break;
      // No record ends in the buffer yet: one record is longer than a chunk. Grow geometrically
      // so a long record costs a constant number of passes over its bytes.
      read_more(c, buf,
                std::min(std::max(chunk_size_, buf.size()), max_record_bytes_ - buf.size()));
    }
    if (cut == 0 && !c.eof) {
      fill_too_long(c, job);
      return true;
    }
    if (c.eof && cut == buf.size()) c.done = true;
    if (cut == 0) {
      continue;  // empty tail at end of input
    }
    c.carry.assign(buf.begin() + static_cast<std::ptrdiff_t>(cut), buf.end());
    buf.resize(cut);
    buf.insert(buf.end(), padding, '\0');
    job.size = cut;
    job.input = current_;
    job.info = c.info;
    job.format = inputs_[current_].format.get();
    return true;
  }
  return false;
}

// `job.buffer` holds max_record_bytes_ bytes of one record and no record end. The record becomes
// a rejected record of its own (so --on-error applies) carrying only its first bytes and a
// marker; the rest is read and dropped up to the next newline, where reading resumes. Memory
// stays at the limit whatever the record's length (`recproc run /dev/zero`, issue 18).
void ChunkFeeder::fill_too_long(Cursor& c, ChunkJob& job) {
  ByteBuffer& buf = job.buffer;
  std::uint64_t lines = 1 + static_cast<std::uint64_t>(std::count(buf.begin(), buf.end(), '\n'));
  const std::size_t kept = std::min<std::size_t>(buf.size(), kTooLongKeptBytes);
  const std::string marker =
      "... [truncated by recproc: record longer than " + record_limit_name_ + "]";
  std::string kept_text(buf.data(), kept);
  kept_text += marker;
  // The fail policy stops at this record: reading on to its end could take forever (/dev/zero).
  if (!resync_after_too_long_) stopped_ = true;
  while (!c.eof && !stopped_) {
    buf.clear();
    read_more(c, buf, chunk_size_);
    auto nl = std::find(buf.begin(), buf.end(), '\n');
    if (nl == buf.end()) continue;
    c.carry.assign(nl + 1, buf.end());
    break;
  }
  if (c.eof && c.carry.empty()) c.done = true;
  buf.assign(kept_text.begin(), kept_text.end());
  buf.insert(buf.end(), inputs_[current_].format->chunk_padding(), '\0');
  job.mapping.reset();
  job.size = 0;
  job.input = current_;
  job.info = c.info;
  job.format = inputs_[current_].format.get();
  job.reset_results();
  job.filled_by_feeder = true;
  job.records_in = 1;
  job.records_rejected = 1;
  job.lines = lines;
  FieldError error;
  error.kind = ErrorKind::kParse;
  error.rule = "max-record-bytes";
  error.reason = "record longer than " + record_limit_name_ + " (" +
                 std::to_string(max_record_bytes_) + " bytes)";
  job.rejects.push_back(ChunkReject{1, std::string_view(buf.data(), kept_text.size()), error});
}

std::uint64_t ChunkFeeder::bytes_of(std::size_t i) const {
  const EngineInput& in = inputs_[i];
  return in.source ? in.source->bytes_consumed() : in.bytes_read;
}

std::uint64_t ChunkFeeder::bytes_done() const {
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < inputs_.size(); ++i) total += bytes_of(i);
  return total;
}

std::uint64_t ChunkFeeder::bytes_total() const { return bytes_total_; }

}  // namespace recproc::engine
