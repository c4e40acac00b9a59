// Runs the engine on in-memory inputs or temp files, the way the CLI does, and collects what it
// produced.
#pragma once

#include <tbb/global_control.h>

#include <cstring>
#include <string>
#include <vector>

#include "../temp_file.h"
#include "engine/engine.h"
#include "format/ndjson_format.h"
#include "io/byte_source.h"
#include "transform/registry.h"

namespace recproc::testing {

// An input held in memory, served in reads of at most `max_read` bytes (like a pipe).
class MemorySource final : public io::ByteSource {
 public:
  explicit MemorySource(std::string data, std::size_t max_read = SIZE_MAX)
      : data_(std::move(data)), max_read_(max_read) {}
  std::size_t read(char* buf, std::size_t n) override {
    n = std::min({n, data_.size() - pos_, max_read_});
    std::memcpy(buf, data_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  std::uint64_t bytes_consumed() const override { return pos_; }
  std::uint64_t size_hint() const override { return data_.size(); }

 private:
  std::string data_;
  std::size_t pos_ = 0;
  std::size_t max_read_;
};

/// How run_engine serves its inputs: from memory in reads of at most max_read bytes (like a
/// pipe), or from files opened as the CLI opens them (mapped).
/// kFileOpenedLate: files checked up front and opened by the engine one at a time, as the CLI
/// does (issue 18).
enum class InputKind { kMemory, kFile, kFileOpenedLate };

struct EngineResult {
  std::string output;
  std::string rejects;  // "file:line:field:reason\n" per rejected record
  engine::RunStats stats;
};

inline EngineResult run_engine(const std::vector<std::pair<std::string, std::string>>& files,
                               engine::EngineConfig config, int threads,
                               std::shared_ptr<const InputFormat> format = nullptr,
                               std::size_t max_read = SIZE_MAX,
                               InputKind kind = InputKind::kMemory) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  if (!format) format = format::make_ndjson_input_format();
  if (!config.output_format) config.output_format = format::make_ndjson_output_format();
  std::vector<engine::EngineInput> inputs;
  std::vector<std::unique_ptr<TempFile>> on_disk;
  for (const auto& [name, data] : files) {
    if (kind == InputKind::kFile) {
      on_disk.push_back(std::make_unique<TempFile>(data));
      inputs.push_back({name, io::open_source(on_disk.back()->path()), format});
    } else if (kind == InputKind::kFileOpenedLate) {
      on_disk.push_back(std::make_unique<TempFile>(data));
      engine::EngineInput in{name, nullptr, format};
      in.size = data.size();
      in.open = [path = on_disk.back()->path()] { return io::open_source(path); };
      inputs.push_back(std::move(in));
    } else {
      inputs.push_back({name, std::make_unique<MemorySource>(data, max_read), format});
    }
  }
  EngineResult result;
  engine::RunObserver observer;
  observer.write_output = [&](std::string_view b) { result.output.append(b); };
  observer.on_reject = [&](const engine::RejectedRecord& r) {
    result.rejects += *r.source + ":" + std::to_string(r.line) + ":" + r.error->field + ":" +
                      r.error->reason + "\n";
  };
  result.stats = engine::run(inputs, config, observer);
  return result;
}

}  // namespace recproc::testing
