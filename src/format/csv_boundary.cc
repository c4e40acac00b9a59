#include "format/csv_boundary.h"

#include <cstring>
#include <string>
#include <unordered_set>

#include "format/csv_reader.h"

namespace recproc::format {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

const char* find_byte(const char* p, const char* end, char c) {
  return static_cast<const char*>(std::memchr(p, c, static_cast<std::size_t>(end - p)));
}

const char* find_last_byte(const char* p, const char* end, char c) {
  return static_cast<const char*>(memrchr(p, c, static_cast<std::size_t>(end - p)));
}

std::string display_name(const InputInfo& info) {
  if (info.name.empty() || info.name == "-") return "<stdin>";
  return info.name;
}

}  // namespace

// Hot: runs once per input byte on the serial reader thread, so it jumps with memchr from quote
// to quote and only looks for newlines (memrchr) in the stretches outside quotes.
std::size_t csv_find_cut(std::string_view buf, const CsvDialect& dialect, bool first) {
  const char* const begin = buf.data();
  const char* const end = begin + buf.size();
  const char quote = dialect.quote;
  std::size_t cut = first ? std::string_view::npos : 0;
  const char* p = begin;
  while (p < end) {
    const char* q = find_byte(p, end, quote);
    const char* stretch_end = q ? q : end;
    if (first) {
      if (const char* nl = find_byte(p, stretch_end, '\n')) return nl - begin + 1;
    } else if (const char* nl = find_last_byte(p, stretch_end, '\n')) {
      cut = nl - begin + 1;
    }
    if (q == nullptr) break;
    bool opens_field = q == begin || q[-1] == dialect.delimiter || q[-1] == '\n';
    p = q + 1;
    if (!opens_field) continue;  // a literal quote inside an unquoted field
    // Inside a quoted field: skip doubled quotes until the closing one.
    while (true) {
      const char* close = find_byte(p, end, quote);
      if (close == nullptr || close + 1 == end) return cut;  // field not closed in this buffer
      if (close[1] != quote) {
        p = close + 1;
        break;
      }
      p = close + 2;
    }
  }
  return cut;
}

std::vector<std::string> make_unique_names(std::vector<std::string> names,
                                           std::vector<std::string>& renames) {
  std::unordered_set<std::string> taken(names.begin(), names.end());
  std::unordered_set<std::string> seen;
  for (std::string& name : names) {
    if (seen.insert(name).second) continue;
    std::string candidate;
    for (int n = 2;; ++n) {
      candidate = name + "_" + std::to_string(n);
      if (!taken.count(candidate)) break;
    }
    renames.push_back("duplicate column name \"" + name + "\" renamed to \"" + candidate + "\"");
    taken.insert(candidate);
    seen.insert(candidate);
    name = std::move(candidate);
  }
  return names;
}

std::size_t CsvBoundary::read_preamble(std::string_view head, bool eof, InputInfo& info) {
  // A partial BOM cannot be told from data yet.
  if (!eof && head.size() < kBom.size() && kBom.substr(0, head.size()) == head) {
    return std::string_view::npos;
  }
  std::size_t pos = head.substr(0, kBom.size()) == kBom ? kBom.size() : 0;
  const std::size_t bom = pos;
  // Blank lines before the first row are skipped (and counted) like blank lines anywhere.
  std::uint64_t line = 1;
  while (pos < head.size() && (head[pos] == '\n' || head.substr(pos, 2) == "\r\n")) {
    pos += head[pos] == '\n' ? 1 : 2;
    ++line;
  }
  std::string_view rest = head.substr(pos);
  std::size_t first_end = csv_find_cut(rest, dialect_, /*first=*/true);
  if (first_end == std::string_view::npos) {
    if (!eof) return std::string_view::npos;
    first_end = rest.size();
  }
  std::vector<std::string> values;
  std::uint64_t lines = 0;
  info.columns.clear();
  info.first_line = 1;
  if (!read_csv_row(rest.substr(0, first_end), dialect_, values, lines)) {
    // The first row's quote never closes, so it runs to the end of the input: no columns, and
    // the reader reports "unterminated quoted field" for it as for any other record.
    return bom;
  }
  if (!dialect_.header) {
    for (std::size_t i = 1; i <= values.size(); ++i) {
      // Appending, not "c" + to_string(i): GCC 12 reports a bogus -Wrestrict for the latter.
      info.columns.emplace_back("c").append(std::to_string(i));
    }
    return bom;  // the first row is a record: the reader reads it (and the blank lines) again
  }
  std::vector<std::string> renames;
  info.columns = make_unique_names(std::move(values), renames);
  if (on_warning_) {
    for (const std::string& r : renames) {
      on_warning_(display_name(info) + ":" + std::to_string(line) + ": " + r);
    }
  }
  info.first_line = line + lines;
  return pos + first_end;
}

std::size_t CsvBoundary::last_cut(std::string_view buf, bool eof) {
  if (eof) return buf.size();
  return csv_find_cut(buf, dialect_);
}

}  // namespace recproc::format
