// libFuzzer target for the Log Analytics response parser (issue 18). The fuzz bytes are a
// response body; the first byte says whether a partial result is allowed. A body is either
// parsed, with every row as wide as the columns, or refused with IoError / DataError. Built
// without RECPROC_LIBFUZZER it replays tests/data/fuzz-regressions/logs_response/.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "azure/logs_response.h"
#include "recproc/error.h"

namespace {

class CheckingSink : public recproc::azure::LogsRowSink {
 public:
  void columns(const std::vector<recproc::azure::LogsColumn>& columns) override {
    if (columns_called_) std::abort();  // columns() comes once, before any row
    columns_called_ = true;
    width_ = columns.size();
  }
  void row(std::span<const recproc::azure::LogsCell> cells) override {
    if (!columns_called_ || cells.size() != width_) std::abort();
    ++rows_;
  }
  std::size_t rows() const { return rows_; }

 private:
  bool columns_called_ = false;
  std::size_t width_ = 0;
  std::size_t rows_ = 0;
};

int fuzz_one(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const bool allow_partial = data[0] & 1;
  std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  CheckingSink sink;
  try {
    auto summary = recproc::azure::parse_logs_response(body, sink, allow_partial, "fuzz");
    if (summary.rows != sink.rows()) std::abort();
  } catch (const recproc::IoError&) {
  } catch (const recproc::DataError&) {
  }
  (void)recproc::azure::logs_error_message(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz_one(data, size);
}

#ifndef RECPROC_LIBFUZZER
#include "replay_main.h"

int main(int argc, char** argv) {
  return replay_regressions(argc, argv, "logs_response", LLVMFuzzerTestOneInput);
}
#endif
