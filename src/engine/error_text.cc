#include "engine/error_text.h"

#include <vector>

#include "recproc/record.h"

namespace recproc::engine {

std::string pointer_to_dotted(std::string_view pointer) {
  std::vector<std::string> segments;
  std::size_t i = 0;
  while (i < pointer.size()) {
    if (pointer[i] != '/') return std::string(pointer);
    std::size_t j = pointer.find('/', i + 1);
    if (j == std::string_view::npos) j = pointer.size();
    std::string seg;
    for (std::size_t k = i + 1; k < j; ++k) {
      if (pointer[k] == '~' && k + 1 < j) {
        seg.push_back(pointer[k + 1] == '1' ? '/' : '~');
        ++k;
      } else {
        seg.push_back(pointer[k]);
      }
    }
    segments.push_back(std::move(seg));
    i = j;
  }
  return FieldPath(std::move(segments)).to_string();
}

std::string format_record_error(std::string_view file, std::uint64_t line, const FieldError& e) {
  std::string out(file);
  out += ':';
  out += std::to_string(line);
  out += ": ";
  if (!e.field.empty()) {
    out += "field \"" + pointer_to_dotted(e.field) + "\": ";
  }
  out += e.reason;
  return out;
}

}  // namespace recproc::engine
