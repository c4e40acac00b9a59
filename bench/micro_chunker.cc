// Chunk planning speed: how fast a Boundary finds the last record end in each chunk-sized
// window, the serial step in front of the parallel workers (issue 2, issue 4).
//
//   build/micro_chunker --benchmark_filter=Ndjson
#include <benchmark/benchmark.h>

#include <string>

#include "format/csv_dialect.h"
#include "format/csv_format.h"
#include "format/ndjson_format.h"
#include "recproc/format.h"
#include "syslog_generator.h"

namespace {

using recproc::bench::GenOptions;
using recproc::bench::SyslogGenerator;

// 64 MiB of records: larger than the caches, as in a real run.
const std::string& corpus(bool csv) {
  static const std::string* data[2] = {nullptr, nullptr};
  const std::string*& slot = data[csv ? 1 : 0];
  if (slot == nullptr) {
    SyslogGenerator gen(GenOptions{.seed = 42, .dirty = false, .csv = csv});
    auto* s = new std::string(gen.header());
    while (s->size() < (64u << 20)) gen.append_record(*s);
    slot = s;
  }
  return *slot;
}

// Cuts the whole corpus as the engine's feeder does: take up to `chunk` bytes, snap back to the
// last record end, continue from there.
void plan(benchmark::State& state, const recproc::InputFormat& format, bool csv) {
  const std::string& data = corpus(csv);
  const std::size_t chunk = static_cast<std::size_t>(state.range(0));
  std::size_t chunks = 0;
  for (auto _ : state) {
    auto boundary = format.make_boundary();
    recproc::InputInfo info;
    std::size_t pos = boundary->read_preamble(data, true, info);
    while (pos < data.size()) {
      const std::size_t len = std::min(chunk, data.size() - pos);
      std::size_t cut =
          boundary->last_cut(std::string_view(data).substr(pos, len), pos + len == data.size());
      // A record longer than the window: widen it, as the feeder does.
      for (std::size_t wide = len; cut == 0;) {
        wide = std::min(wide * 2, data.size() - pos);
        cut =
            boundary->last_cut(std::string_view(data).substr(pos, wide), pos + wide == data.size());
      }
      pos += cut;
      ++chunks;
    }
    benchmark::DoNotOptimize(pos);
  }
  // NDJSON's cut only scans back from the window's end to the last newline, so its bytes/s is
  // large and means little; items/s (chunks cut per second) compares the two formats.
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(chunks));
  state.counters["chunks"] = static_cast<double>(chunks) / static_cast<double>(state.iterations());
}

void BM_NdjsonBoundary(benchmark::State& state) {
  plan(state, *recproc::format::make_ndjson_input_format(), false);
}
BENCHMARK(BM_NdjsonBoundary)
    ->Arg(64 << 10)
    ->Arg(1 << 20)
    ->Arg(8 << 20)
    ->Unit(benchmark::kMillisecond);

void BM_CsvBoundary(benchmark::State& state) {
  using namespace recproc::format;
  plan(state, *make_csv_input_format(dialect_for(FormatKind::kCsv)), true);
}
BENCHMARK(BM_CsvBoundary)->Arg(64 << 10)->Arg(1 << 20)->Arg(8 << 20)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
