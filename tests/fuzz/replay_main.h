// The plain-executable mode of a fuzz target: replays every file under the given directories
// (default: tests/data/fuzz-regressions/<name>) through fuzz_one. Include once, after fuzz_one.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

inline int replay_regressions(int argc, char** argv, const char* name,
                              int (*fuzz_one)(const std::uint8_t*, std::size_t)) {
  std::vector<std::filesystem::path> dirs;
  for (int i = 1; i < argc; ++i) dirs.emplace_back(argv[i]);
  if (dirs.empty()) {
    dirs.emplace_back(std::string(RECPROC_TEST_DATA) + "/fuzz-regressions/" + name);
  }
  int files = 0;
  for (const auto& dir : dirs) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      const std::string bytes = ss.str();
      fuzz_one(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++files;
    }
  }
  std::printf("%s_fuzz: replayed %d inputs\n", name, files);
  return files > 0 ? 0 : 1;
}
