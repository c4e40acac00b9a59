// libFuzzer target for the CSV boundary + reader (issue 4). The fuzz bytes pick the dialect and
// where reads end; the input is parsed once whole and once in pieces, and the two must agree
// record for record (the driver also asserts each chunk's line count). Built without
// RECPROC_LIBFUZZER it is a plain program that replays tests/data/fuzz-regressions/csv/.
//
//   Layout: [dialect byte][cut count byte][2 bytes per cut][CSV input...]
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../format/csv_test_driver.h"

namespace {

using recproc::format::CsvDialect;

int fuzz_one(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t options = data[0];
  const std::size_t cut_count = data[1] % 16;
  std::size_t pos = 2;
  CsvDialect d;
  d.delimiter = ",;|\t"[options & 3];
  d.quote = (options & 4) ? '\'' : '"';
  d.header = (options & 8) == 0;
  d.allow_ragged = (options & 16) != 0;
  std::vector<std::size_t> raw_cuts;
  for (std::size_t i = 0; i < cut_count && pos + 2 <= size; ++i, pos += 2) {
    raw_cuts.push_back(static_cast<std::size_t>(data[pos]) |
                       (static_cast<std::size_t>(data[pos + 1]) << 8));
  }
  std::string_view input(reinterpret_cast<const char*>(data + pos), size - pos);
  std::vector<std::size_t> cuts;
  for (std::size_t c : raw_cuts) {
    if (input.size() > 1) cuts.push_back(1 + c % (input.size() - 1));
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  namespace t = recproc::format::testing;
  const std::string whole = t::joined(t::run_csv(input, d));
  const std::string pieces = t::joined(t::run_csv(input, d, cuts));
  if (whole != pieces) {
    std::fprintf(stderr, "chunked parse differs:\n--- whole\n%s--- pieces\n%s", whole.c_str(),
                 pieces.c_str());
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
  return replay_regressions(argc, argv, "csv", LLVMFuzzerTestOneInput);
}
#endif
