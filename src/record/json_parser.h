// Parses one JSON document into a Record: simdjson's stage 1 (SIMD structural index, UTF-8
// validation) and our own validating walk over that index. One parser per worker: it keeps its
// buffers between documents, so steady-state parsing allocates nothing.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "recproc/record.h"

namespace recproc {

class JsonParser {
 public:
  JsonParser();
  ~JsonParser();
  JsonParser(const JsonParser&) = delete;
  JsonParser& operator=(const JsonParser&) = delete;

  /// Parses `text` into `out` (cleared first). `padding` readable bytes must follow `text`;
  /// when fewer than simdjson needs, the text is copied into a padded buffer first.
  /// Returns false and sets `error` ("<what> at byte N") on malformed JSON. The record's
  /// scalars point into `text`, which must outlive the record's use.
  bool parse(std::string_view text, std::size_t padding, Record& out, std::string& error);

  /// Parses `text` into `out` as a new node (owned copies of all text); for values that come
  /// from outside the input (plugins, --set literals). Returns kNoNode and sets `error` on
  /// malformed JSON.
  NodeId parse_value(std::string_view text, Record& out, std::string& error);

  /// simdjson's required padding after a document.
  static std::size_t required_padding();

  /// With false, parse() validates but builds no tree: the record is left empty and pristine,
  /// holding only its source text. For runs where nothing reads the record.
  void set_build_tree(bool build) { build_tree_ = build; }

  /// With a list, parse() builds only those top-level fields of an object record (unescaped
  /// names); the others are validated all the same. The record is then not pristine, unless
  /// `unedited` says that nobody will change it (then its source text is still the record).
  void set_wanted_fields(std::optional<std::vector<std::string>> fields, bool unedited = false) {
    wanted_ = std::move(fields);
    pruned_stays_pristine_ = unedited;
  }

 private:
  bool parse(std::string_view text, std::size_t padding, Record& out, std::string& error,
             bool build_tree, const std::vector<std::string>* wanted);
  bool build_tree_ = true;
  std::optional<std::vector<std::string>> wanted_;
  bool pruned_stays_pristine_ = false;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace recproc
