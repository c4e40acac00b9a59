#include "recproc/outcome.h"

namespace recproc {

std::string_view error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kParse: return "parse";
    case ErrorKind::kCast: return "cast";
    case ErrorKind::kMissing: return "missing";
    case ErrorKind::kSchema: return "schema";
    case ErrorKind::kTransform: return "transform";
  }
  return "unknown";
}

}  // namespace recproc
