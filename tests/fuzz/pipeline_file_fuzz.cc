// libFuzzer target for the pipeline file (issue 18). The fuzz bytes are a pipeline file, read
// through the same path as `recproc run --pipeline FILE`: it either sets options or is refused
// with UsageError (or IoError for a file it names). Built without RECPROC_LIBFUZZER it replays
// tests/data/fuzz-regressions/pipeline_file/.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli/pipeline_file.h"
#include "cli/run_options.h"
#include "recproc/error.h"

namespace {

// One file per process, rewritten for each input: the parser reads a path, not bytes.
const std::string& scratch_path() {
  static const std::string path =
      (std::filesystem::temp_directory_path() /
       ("recproc-pipeline-fuzz-" + std::to_string(::getpid()) + ".json"))
          .string();
  return path;
}

int fuzz_one(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(scratch_path(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  CLI::App cmd;
  recproc::cli::RunOptions o;
  recproc::cli::add_job_options(cmd, o, recproc::cli::JobMode::kRun);
  o.pipeline = scratch_path();
  try {
    recproc::cli::apply_pipeline_file(o, cmd);
  } catch (const recproc::UsageError&) {
  } catch (const recproc::IoError&) {
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
  int rc = replay_regressions(argc, argv, "pipeline_file", LLVMFuzzerTestOneInput);
  std::filesystem::remove(scratch_path());
  return rc;
}
#endif
