// libFuzzer target for KQL string literal escaping (issue 18): a round trip. Any value without
// a control character other than \t \n \r becomes a literal that a KQL reader (below, after
// https://learn.microsoft.com/azure/data-explorer/kusto/query/scalar-data-types/string) turns
// back into the same bytes, and that never ends early; other values are refused with UsageError.
// Built without RECPROC_LIBFUZZER it replays tests/data/fuzz-regressions/kql/.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "azure/kql.h"
#include "recproc/error.h"

namespace {

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Reads one double-quoted KQL literal that must span all of `lit`; nullopt when it does not.
std::optional<std::string> read_kql_literal(std::string_view lit) {
  if (lit.size() < 2 || lit.front() != '"' || lit.back() != '"') return std::nullopt;
  const std::string_view in = lit.substr(1, lit.size() - 2);
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '"') return std::nullopt;  // the literal would end here, before its end
    if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;  // raw control character
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i == in.size()) return std::nullopt;
    switch (in[i]) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '\'':
        out += '\'';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        if (in.size() - i < 5) return std::nullopt;
        unsigned cp = 0;
        for (std::size_t k = 1; k <= 4; ++k) {
          const int h = hex(in[i + k]);
          if (h < 0) return std::nullopt;
          cp = cp * 16 + static_cast<unsigned>(h);
        }
        i += 4;
        append_utf8(out, cp);
        break;
      }
      default:
        return std::nullopt;
    }
  }
  return out;
}

int fuzz_one(const std::uint8_t* data, std::size_t size) {
  std::string_view value(reinterpret_cast<const char*>(data), size);
  bool refusable = false;
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') refusable = true;
  }
  std::string lit;
  try {
    lit = recproc::azure::kql_string_literal(value);
  } catch (const recproc::UsageError&) {
    if (!refusable) std::abort();
    return 0;
  }
  if (refusable) std::abort();
  std::optional<std::string> back = read_kql_literal(lit);
  if (!back || *back != value) {
    std::fprintf(stderr, "KQL literal does not read back: %s\n", lit.c_str());
    std::abort();
  }
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz_one(data, size);
}

#ifndef RECPROC_LIBFUZZER
#include "replay_main.h"

int main(int argc, char** argv) {
  return replay_regressions(argc, argv, "kql", LLVMFuzzerTestOneInput);
}
#endif
