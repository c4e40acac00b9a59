#include "record/json_parser.h"

#include <simdjson.h>

#ifdef __AVX2__
#include <immintrin.h>
#endif

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>

namespace recproc {

using simdjson::error_code;

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number(std::string_view s) {
  std::size_t i = 0, n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i >= n) return false;
  if (s[i] == '0') {
    ++i;
  } else if (is_digit(s[i])) {
    while (i < n && is_digit(s[i])) ++i;
  } else {
    return false;
  }
  if (i < n && s[i] == '.') {
    if (++i >= n || !is_digit(s[i])) return false;
    while (i < n && is_digit(s[i])) ++i;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= n || !is_digit(s[i])) return false;
    while (i < n && is_digit(s[i])) ++i;
  }
  return i == n;
}

// The first backslash in [p, end), or nullptr. Most strings are short keys and values, where a
// call to memchr costs more than the search: with AVX2 this looks at 32 bytes per step, which may
// read up to 31 bytes past `end`, always inside the padding that simdjson requires after the text.
const char* find_backslash(const char* p, const char* end) {
#ifdef __AVX2__
  const __m256i backslash = _mm256_set1_epi8('\\');
  for (; p < end; p += 32) {
    __m256i block = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    auto mask = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(block, backslash)));
    if (mask != 0) {
      const char* hit = p + __builtin_ctz(mask);
      return hit < end ? hit : nullptr;
    }
  }
  return nullptr;
#else
  return static_cast<const char*>(std::memchr(p, '\\', static_cast<std::size_t>(end - p)));
#endif
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Deeper documents are refused rather than walked, as simdjson's own parsers do.
constexpr int kMaxDepth = 1024;

// Stage 2 of the parse: checks the JSON grammar over the structural index that simdjson's stage 1
// built (stage 1 has already validated UTF-8, found every string's extent and refused control
// characters inside strings), and builds the record tree as it goes.
//
// Why not simdjson's on-demand or DOM API: on-demand checks only what it visits, so visiting every
// value to validate a record cost more than stage 1 itself; DOM converts every number and unescapes
// every string into its own buffers, while a Record keeps the source text of scalars and must be
// able to copy an untouched line verbatim. Walking the index directly does only what we need.
// Hot: runs once per input token; benchmark changes (bench/RESULTS.md).
//
// Every structural character, string and scalar start is one index entry; idx[n] == len. The text
// beyond `len` is padding and may hold anything (the next lines of the chunk), so tokens are only
// ever read between entries.
class StructuralWalker {
 public:
  StructuralWalker(Record& r, std::string_view text, const uint32_t* idx, uint32_t n,
                   std::string& scratch)
      : r_(r),
        buf_(text.data()),
        text_end_(text.data() + text.size()),
        idx_(idx),
        n_(n),
        scratch_(scratch) {}

  template <bool kBuild>
  error_code document(NodeId& out) {
    minified_ = idx_[0] == 0;
    // A record cut short ("{bad", a truncated line) is named as such before any detail inside.
    char first = at(0), last = at(n_ - 1);
    if ((first == '{' && last != '}') || (first == '[' && last != ']')) {
      return simdjson::INCOMPLETE_ARRAY_OR_OBJECT;
    }
    if (auto e = wanted_ && kBuild ? value<kBuild, true>(out, 0) : value<kBuild>(out, 0)) {
      return e;
    }
    return i_ == n_ ? simdjson::SUCCESS : simdjson::TRAILING_CONTENT;
  }

  /// Whether the text has no whitespace outside strings (valid once document() succeeded).
  bool minified() const { return minified_; }
  /// Builds only these top-level fields (nullptr: all of them).
  void set_wanted(const std::vector<std::string>* wanted) { wanted_ = wanted; }
  /// Whether a top-level field was left out of the tree.
  bool pruned() const { return pruned_; }

 private:
  // The character of entry i, or '\0' past the last one.
  char at(uint32_t i) const { return i < n_ ? buf_[idx_[i]] : '\0'; }
  // What an unexpected character `c` from at() means: the structure is wrong, or it ended early.
  static error_code unexpected(char c) {
    return c ? simdjson::TAPE_ERROR : simdjson::INCOMPLETE_ARRAY_OR_OBJECT;
  }

  // A one-character token (brace, bracket, colon, comma) ends where it starts.
  void one_char_token() {
    minified_ &= idx_[i_] + 1 == idx_[i_ + 1];
    ++i_;
  }

  // The scalar or string token at entry i_: up to the next entry, less trailing whitespace.
  std::string_view token() {
    const char* begin = buf_ + idx_[i_];
    const char* end = buf_ + idx_[i_ + 1];
    const char* raw_end = end;
    while (end > begin && is_space(end[-1])) --end;
    minified_ &= end == raw_end;
    ++i_;
    return {begin, static_cast<std::size_t>(end - begin)};
  }

  // A string token's contents. Stage 1 has matched the quotes, so the token ends at the closing
  // quote; escape sequences are checked here, jumping from backslash to backslash.
  error_code string_contents(std::string_view& contents, bool& has_escapes) {
    std::string_view tok = token();
    if (tok.size() < 2 || tok.back() != '"') return simdjson::STRING_ERROR;
    contents = tok.substr(1, tok.size() - 2);
    const char* end = contents.data() + contents.size();
    if (next_backslash_ < contents.data()) {
      const char* hit = find_backslash(contents.data(), text_end_);
      next_backslash_ = hit ? hit : text_end_;
    }
    has_escapes = next_backslash_ < end;
    if (!has_escapes) return simdjson::SUCCESS;
    const char* p = next_backslash_;
    next_backslash_ = end;  // the next string searches afresh from its start
    while (p) {
      scratch_.clear();
      std::size_t length = decode_json_escape(contents, p - contents.data(), scratch_);
      if (length == 0) return simdjson::STRING_ERROR;
      p += length;
      p = find_backslash(p, end);
    }
    return simdjson::SUCCESS;
  }

  // kRoot: the record itself, whose fields nobody wants are validated but not built.
  template <bool kBuild, bool kRoot = false>
  error_code value(NodeId& out, int depth) {
    switch (at(i_)) {
      case '{':
        return object<kBuild, kRoot>(out, depth + 1);
      case '[':
        return array<kBuild>(out, depth + 1);
      default:
        return scalar<kBuild>(out);
    }
  }

  template <bool kBuild>
  error_code scalar(NodeId& out) {
    switch (at(i_)) {
      case '"': {
        std::string_view contents;
        bool has_escapes = false;
        if (auto e = string_contents(contents, has_escapes)) return e;
        if constexpr (kBuild) out = r_.make_string_escaped(contents, has_escapes);
        return simdjson::SUCCESS;
      }
      case 't':
        if (token() != "true") return simdjson::T_ATOM_ERROR;
        if constexpr (kBuild) out = r_.make_bool(true);
        return simdjson::SUCCESS;
      case 'f':
        if (token() != "false") return simdjson::F_ATOM_ERROR;
        if constexpr (kBuild) out = r_.make_bool(false);
        return simdjson::SUCCESS;
      case 'n':
        if (token() != "null") return simdjson::N_ATOM_ERROR;
        if constexpr (kBuild) out = r_.make_null();
        return simdjson::SUCCESS;
      case '-':
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9': {
        // Checked against the grammar rather than converted: the text is what we keep, and
        // integers beyond 64 bits are valid JSON that a conversion would refuse.
        std::string_view tok = token();
        if (!is_json_number(tok)) return simdjson::NUMBER_ERROR;
        if constexpr (kBuild) out = r_.make_number_token(tok);
        return simdjson::SUCCESS;
      }
      default:  // a comma, colon or closing bracket, a stray word, or nothing left
        return unexpected(at(i_));
    }
  }

  template <bool kBuild, bool kRoot>
  error_code object(NodeId& out, int depth) {
    if (depth > kMaxDepth) return simdjson::DEPTH_ERROR;
    if constexpr (kBuild) out = r_.make_object();
    one_char_token();  // {
    if (at(i_) == '}') {
      one_char_token();
      return simdjson::SUCCESS;
    }
    for (;;) {
      if (at(i_) != '"') return unexpected(at(i_));
      std::string_view key;
      bool key_escapes = false;
      if (auto e = string_contents(key, key_escapes)) return e;
      if (at(i_) != ':') return unexpected(at(i_));
      one_char_token();
      NodeId child = kNoNode;
      if (kBuild && kRoot && !wanted(key, key_escapes)) {
        pruned_ = true;
        if (auto e = value<false>(child, depth)) return e;
      } else {
        if (auto e = value<kBuild>(child, depth)) return e;
        if constexpr (kBuild) r_.append_member_escaped(out, key, key_escapes, child);
      }
      char next = at(i_);
      one_char_token_or_end(next);
      if (next == ',') continue;
      if (next == '}') return simdjson::SUCCESS;
      return unexpected(next);
    }
  }

  template <bool kBuild>
  error_code array(NodeId& out, int depth) {
    if (depth > kMaxDepth) return simdjson::DEPTH_ERROR;
    if constexpr (kBuild) out = r_.make_array();
    one_char_token();  // [
    if (at(i_) == ']') {
      one_char_token();
      return simdjson::SUCCESS;
    }
    for (;;) {
      NodeId child = kNoNode;
      if (auto e = value<kBuild>(child, depth)) return e;
      if constexpr (kBuild) r_.append_element(out, child);
      char next = at(i_);
      one_char_token_or_end(next);
      if (next == ',') continue;
      if (next == ']') return simdjson::SUCCESS;
      return unexpected(next);
    }
  }

  void one_char_token_or_end(char c) {
    if (c) one_char_token();
  }

  bool wanted(std::string_view key, bool has_escapes) {
    if (has_escapes) {
      decode_json_string(key, scratch_);  // already checked
      key = scratch_;
    }
    for (const std::string& name : *wanted_) {
      if (same_text(name, key)) return true;
    }
    return false;
  }

  Record& r_;
  const char* buf_;
  const char* text_end_;
  // The first backslash at or after the last string checked, or text_end_: found by one search
  // that runs on through the strings, numbers and punctuation after it, so the strings before it
  // (in most lines, all of them) need no search of their own. Before buf_: not searched yet.
  const char* next_backslash_ = nullptr;
  const uint32_t* idx_;
  uint32_t n_;
  uint32_t i_ = 0;
  std::string& scratch_;  // the parser's, so that a record costs no allocation
  const std::vector<std::string>* wanted_ = nullptr;
  bool pruned_ = false;
  bool minified_ = true;
};

std::string describe(error_code e) {
  switch (e) {
    case simdjson::TAPE_ERROR:
      return "invalid JSON structure";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      return "unclosed array or object";
    case simdjson::TRAILING_CONTENT:
      return "unexpected content after the JSON value";
    case simdjson::STRING_ERROR:
      return "invalid string";
    case simdjson::UNCLOSED_STRING:
      return "unclosed string";
    case simdjson::UNESCAPED_CHARS:
      return "unescaped control character in string";
    case simdjson::UTF8_ERROR:
      return "invalid UTF-8";
    case simdjson::NUMBER_ERROR:
      return "invalid number";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
      return "invalid literal";
    case simdjson::DEPTH_ERROR:
      return "nesting too deep";
    case simdjson::EMPTY:
      return "empty document";
    default:
      return simdjson::error_message(e);
  }
}

}  // namespace

// Stage 1 is simdjson's, with the kernel simdjson picks (the widest SIMD the CPU has), run through
// its internal DOM parser implementation: the one entry point that gives the structural index
// itself. Pinned by the Debian package (3.0.1); a test parses the JSONTestSuite corpus through it.
struct JsonParser::Impl {
  std::unique_ptr<simdjson::internal::dom_parser_implementation> stage1;
  std::size_t capacity = 0;
  std::string padded;   // for text without enough padding after it
  std::string scratch;  // the walker's, for decoded escapes
  Record value;         // parse_value's staging tree, reused so plugins' set_json allocates nothing

  error_code index(std::string_view text) {
    if (text.size() > capacity || !stage1) {
      std::size_t want = std::max<std::size_t>({text.size(), 2 * capacity, 64 * 1024});
      if (want > simdjson::SIMDJSON_MAXSIZE_BYTES) want = text.size();
      auto e = stage1 ? stage1->set_capacity(want)
                      : simdjson::get_active_implementation()->create_dom_parser_implementation(
                            want, simdjson::DEFAULT_MAX_DEPTH, stage1);
      if (e) return e;
      capacity = want;
    }
    return stage1->stage1(reinterpret_cast<const uint8_t*>(text.data()), text.size(),
                          simdjson::stage1_mode::regular);
  }
};

JsonParser::JsonParser() : impl_(std::make_unique<Impl>()) {}
JsonParser::~JsonParser() = default;

std::size_t JsonParser::required_padding() { return simdjson::SIMDJSON_PADDING; }

bool JsonParser::parse(std::string_view text, std::size_t padding, Record& out,
                       std::string& error) {
  return parse(text, padding, out, error, build_tree_, wanted_ ? &*wanted_ : nullptr);
}

bool JsonParser::parse(std::string_view text, std::size_t padding, Record& out, std::string& error,
                       bool build_tree, const std::vector<std::string>* wanted) {
  out.clear();
  if (padding < simdjson::SIMDJSON_PADDING) {
    impl_->padded.assign(text);
    impl_->padded.append(simdjson::SIMDJSON_PADDING, '\0');
    text = std::string_view(impl_->padded.data(), text.size());
  }
  NodeId root = kNoNode;
  bool minified = false;
  bool pruned = false;
  error_code e = impl_->index(text);
  // simdjson reports a failed allocation as an error code: it is the run's problem, never the
  // record's (as a parse error it would reject a good record and the run would succeed).
  if (e == simdjson::MEMALLOC) throw std::bad_alloc();
  if (!e) {
    StructuralWalker walker(out, text, impl_->stage1->structural_indexes.get(),
                            impl_->stage1->n_structural_indexes, impl_->scratch);
    if (build_tree) {
      walker.set_wanted(wanted);
      e = walker.document<true>(root);
    } else {
      e = walker.document<false>(root);
    }
    minified = walker.minified();
    pruned = walker.pruned();
  }
  if (e) {
    error = describe(e);
    out.clear();
    return false;
  }
  out.set_root(root);
  // A pruned tree no longer equals the text: writers may copy the text only when nothing will
  // edit the record, so that what a writer needs from it is the text.
  if (!pruned || pruned_stays_pristine_) out.mark_pristine(text, minified);
  return true;
}

NodeId JsonParser::parse_value(std::string_view text, Record& out, std::string& error) {
  // parse() pads the text itself; copy_from then owns every string in `out`.
  if (!parse(text, 0, impl_->value, error, /*build_tree=*/true, /*wanted=*/nullptr)) {
    return kNoNode;
  }
  return out.copy_from(impl_->value, impl_->value.root());
}

}  // namespace recproc
