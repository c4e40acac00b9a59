// The NDJSON record path of workload W3, piece by piece: parse a line into a Record
// (JsonParser), write it back (Record::write_json), and both through the format's
// RecordReader/RecordWriter as a worker runs them on one chunk.
//
//   build/micro_ndjson --benchmark_filter=Chunk
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>
#include <vector>

#include "format/ndjson_format.h"
#include "record/json_parser.h"
#include "recproc/format.h"
#include "recproc/record.h"
#include "syslog_generator.h"

namespace {

using recproc::bench::GenOptions;
using recproc::bench::SyslogGenerator;

// 16 MiB of records followed by simdjson's padding; and where each line starts and ends.
struct Corpus {
  std::string bytes;
  std::size_t size = 0;  // without the padding
  std::vector<std::string_view> lines;
};

const Corpus& corpus() {
  static const Corpus* c = [] {
    auto* c = new Corpus;
    SyslogGenerator gen(GenOptions{.seed = 42});
    while (c->bytes.size() < (16u << 20)) gen.append_record(c->bytes);
    c->size = c->bytes.size();
    c->bytes.append(recproc::JsonParser::required_padding(), '\0');
    std::string_view all(c->bytes.data(), c->size);
    while (!all.empty()) {
      std::size_t nl = all.find('\n');
      c->lines.push_back(all.substr(0, nl));
      all.remove_prefix(nl + 1);
    }
    return c;
  }();
  return *c;
}

void finish(benchmark::State& state, const Corpus& c) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.size));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * c.lines.size()));
}

// Each line is followed by the rest of the corpus, so there is always padding after it.
std::size_t padding_after(const Corpus& c, std::string_view line) {
  return static_cast<std::size_t>(c.bytes.data() + c.bytes.size() - line.end());
}

void BM_Parse(benchmark::State& state) {
  const Corpus& c = corpus();
  recproc::JsonParser parser;
  recproc::Record record;
  std::string error;
  for (auto _ : state) {
    for (std::string_view line : c.lines) {
      if (!parser.parse(line, padding_after(c, line), record, error)) state.SkipWithError("parse");
      benchmark::DoNotOptimize(record.node_count());
    }
  }
  finish(state, c);
}
BENCHMARK(BM_Parse)->Unit(benchmark::kMillisecond);

void BM_WriteJson(benchmark::State& state) {
  const Corpus& c = corpus();
  recproc::JsonParser parser;
  std::string error;
  // Parse once, write many: records are parsed up front so only the writer is timed.
  std::vector<std::unique_ptr<recproc::Record>> records;
  for (std::size_t i = 0; i < 4096 && i < c.lines.size(); ++i) {
    records.push_back(std::make_unique<recproc::Record>());
    parser.parse(c.lines[i], padding_after(c, c.lines[i]), *records.back(), error);
  }
  std::string out;
  std::size_t bytes = 0;
  for (auto _ : state) {
    out.clear();
    for (const auto& r : records) r->write_json(out);
    bytes += out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records.size()));
}
BENCHMARK(BM_WriteJson)->Unit(benchmark::kMillisecond);

void BM_ParseWrite(benchmark::State& state) {
  const Corpus& c = corpus();
  recproc::JsonParser parser;
  recproc::Record record;
  std::string error, out;
  for (auto _ : state) {
    out.clear();
    for (std::string_view line : c.lines) {
      parser.parse(line, padding_after(c, line), record, error);
      record.write_json(out);
      out.push_back('\n');
    }
    benchmark::DoNotOptimize(out.data());
  }
  finish(state, c);
}
BENCHMARK(BM_ParseWrite)->Unit(benchmark::kMillisecond);

// One worker's W3 loop over chunks of `range(0)` bytes, through the format interfaces.
void BM_Chunk(benchmark::State& state) {
  const Corpus& c = corpus();
  auto in = recproc::format::make_ndjson_input_format();
  auto out_format = recproc::format::make_ndjson_output_format();
  auto reader = in->make_reader();
  auto writer = out_format->make_writer();
  auto boundary = in->make_boundary();
  recproc::InputInfo info;
  recproc::Record record;
  recproc::RawRecord raw;
  recproc::FieldError error;
  std::string out;
  const std::size_t chunk = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    std::size_t pos = 0;
    while (pos < c.size) {
      std::string_view window(c.bytes.data() + pos, std::min(chunk, c.size - pos));
      std::size_t cut = boundary->last_cut(window, pos + window.size() == c.size);
      recproc::ChunkView view{window.substr(0, cut), c.bytes.size() - pos - cut, &info};
      reader->begin_chunk(view);
      out.clear();
      for (;;) {
        recproc::ReadStatus s = reader->next(record, raw, error);
        if (s == recproc::ReadStatus::kEnd) break;
        if (s == recproc::ReadStatus::kRecord) writer->write(record, out);
      }
      benchmark::DoNotOptimize(out.data());
      pos += cut;
    }
  }
  finish(state, c);
}
BENCHMARK(BM_Chunk)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
