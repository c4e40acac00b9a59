#include "profile/value_summary.h"

#include <algorithm>

#include "recproc/error.h"

namespace recproc::profile {

void ValueSummary::count_value(NodeKind kind, std::string_view text, std::size_t full_length,
                               std::uint64_t hash, std::uint64_t count) {
  if ((size_ + 1) * 2 > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  std::size_t cut = std::min(text.size(), kMaxText);
  while (cut < text.size() && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;  // keep whole UTF-8 characters
  }
  const std::string_view shown = text.substr(0, cut);
  for (std::size_t i = hash >> slot_shift_;; i = (i + 1) & mask) {
    Entry& e = slots_[i];
    if (e.count == 0) {
      e.hash = hash;
      e.count = count;
      e.kind = kind;
      e.offset = static_cast<std::uint32_t>(text_.size());
      e.length = static_cast<std::uint32_t>(shown.size());
      e.full_length = static_cast<std::uint32_t>(full_length);
      text_.append(shown);
      if (++size_ > kMaxValues) raise_level_to(level_ + 1);
      return;
    }
    // Same hash, kind, length and first bytes: the same value (a 64-bit collision among those
    // is far below anything a count could show).
    if (e.hash == hash && e.kind == kind && e.full_length == full_length &&
        same_text(stored_text(e), shown)) {
      e.count += count;
      return;
    }
  }
}

void ValueSummary::grow() {
  std::vector<Entry> old = std::move(slots_);
  const std::size_t capacity = old.empty() ? 16 : old.size() * 2;
  slots_.assign(capacity, Entry{});
  slot_shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(capacity));
  const std::size_t mask = capacity - 1;
  for (const Entry& e : old) {
    if (e.count == 0) continue;
    std::size_t i = e.hash >> slot_shift_;
    while (slots_[i].count != 0) i = (i + 1) & mask;
    slots_[i] = e;
  }
}

// Before the first value is left out, the entries are every distinct value seen.
void ValueSummary::start_distinct_counter() {
  if (hll_) return;
  hll_ = std::make_unique<HyperLogLog>();
  for (const Entry& e : slots_) {
    if (e.count != 0) hll_->add(e.hash);
  }
}

// Drops the entries the new level does not keep, compacting their texts, until they fit.
void ValueSummary::raise_level_to(unsigned level) {
  RECPROC_ASSERT(level < 64);
  start_distinct_counter();
  level_ = level;
  while (true) {
    std::vector<Entry> old = std::move(slots_);
    std::string old_text = std::move(text_);
    slots_.assign(old.size(), Entry{});
    text_.clear();
    size_ = 0;
    const std::size_t mask = slots_.size() - 1;
    for (Entry e : old) {
      if (e.count == 0 || !kept(e.hash)) continue;
      std::size_t i = e.hash >> slot_shift_;
      while (slots_[i].count != 0) i = (i + 1) & mask;
      const std::uint32_t offset = static_cast<std::uint32_t>(text_.size());
      text_.append(old_text, e.offset, e.length);
      e.offset = offset;
      slots_[i] = e;
      ++size_;
    }
    if (size_ <= kMaxValues) return;
    ++level_;
    RECPROC_ASSERT(level_ < 64);
  }
}

void ValueSummary::start_at_level(unsigned level) {
  RECPROC_ASSERT(size_ == 0);
  if (level > level_) raise_level_to(level);
}

void ValueSummary::merge(const ValueSummary& other) {
  // Once the counter exists it must see every value of both, also those the sampling below
  // leaves out: start it before the union can overflow.
  if (hll_ || other.hll_ || size_ + other.size_ > kMaxValues) {
    start_distinct_counter();
    if (other.hll_) {
      hll_->merge(*other.hll_);
    } else {
      for (const Entry& e : other.slots_) {
        if (e.count != 0) hll_->add(e.hash);
      }
    }
  }
  if (other.level_ > level_) raise_level_to(other.level_);
  for (const Entry& e : other.slots_) {
    if (e.count == 0 || !kept(e.hash)) continue;
    count_value(e.kind, other.stored_text(e), e.full_length, e.hash, e.count);
  }
}

void ValueSummary::clear() {
  std::fill(slots_.begin(), slots_.end(), Entry{});
  size_ = 0;
  text_.clear();
  level_ = 0;
  hll_.reset();
}

// While nothing was left out the entries are the distinct values, even if the counter started.
std::uint64_t ValueSummary::distinct() const { return level_ == 0 ? size_ : hll_->estimate(); }

std::vector<TopValue> ValueSummary::top(std::size_t n) const {
  std::vector<const Entry*> entries;
  entries.reserve(size_);
  for (const Entry& e : slots_) {
    if (e.count != 0) entries.push_back(&e);
  }
  auto before = [this](const Entry* a, const Entry* b) {
    if (a->count != b->count) return a->count > b->count;
    if (a->kind != b->kind) return a->kind < b->kind;
    const std::string_view ta = stored_text(*a), tb = stored_text(*b);
    if (ta != tb) return ta < tb;
    if (a->full_length != b->full_length) return a->full_length < b->full_length;
    return a->hash < b->hash;  // two long values that share their first kMaxText bytes
  };
  const std::size_t k = std::min(n, entries.size());
  std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(k),
                    entries.end(), before);
  std::vector<TopValue> out;
  for (std::size_t i = 0; i < k; ++i) {
    const Entry& e = *entries[i];
    out.push_back(TopValue{e.kind, std::string(stored_text(e)), e.length < e.full_length, e.count});
  }
  return out;
}

}  // namespace recproc::profile
