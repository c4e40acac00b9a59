// One chunk of input and, after a worker ran, everything it produced. A job is owned by one
// task while it runs, then read by the merge; the buffers are reused for later chunks.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/engine.h"
#include "io/file_mapping.h"
#include "profile/field_profile.h"
#include "recproc/format.h"
#include "recproc/outcome.h"

namespace recproc::engine {

/// Value-initialises nothing: resizing a byte buffer that read() overwrites next should not
/// zero it first (it was 5% of W1's instructions).
template <typename T>
struct UninitializedAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <typename U>
  UninitializedAllocator(const UninitializedAllocator<U>&) {}
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

using ByteBuffer = std::vector<char, UninitializedAllocator<char>>;

struct ChunkReject {
  std::uint64_t line = 0;  ///< relative to the chunk, 1-based
  std::string_view text;   ///< points into the chunk's bytes
  FieldError error;
};

struct ChunkTrace {
  std::uint64_t line = 0;  ///< relative to the chunk, 1-based
  std::string text;        ///< one or more lines, each ending in '\n'
};

struct ChunkJob : RecordCounts {
  // Input side, filled by ChunkFeeder.
  std::size_t input = 0;
  std::shared_ptr<const InputInfo> info;
  const InputFormat* format = nullptr;
  ByteBuffer buffer;  ///< chunk bytes, then the format's chunk_padding() zero bytes, unless mapped
  std::size_t size = 0;
  /// Set when the chunk was not copied: the mapping that holds it, and the chunk's bytes there
  /// with the bytes that follow them in the file (at least the format's chunk_padding()).
  std::shared_ptr<const io::FileMapping> mapping;
  std::string_view mapped;
  /// The feeder already filled the results (one record over --max-record-bytes): no worker runs.
  bool filled_by_feeder = false;

  // Output side, filled by the worker.
  std::string output;
  std::uint64_t lines = 0;  ///< physical lines in the chunk
  std::vector<ChunkReject> rejects;
  std::vector<ChunkTrace> traces;
  profile::FieldProfile profile;  ///< of the kept records, when the run profiles

  /// The chunk's bytes as a reader sees them, with the padding that follows.
  ChunkView view() const {
    if (mapping) return ChunkView{mapped.substr(0, size), mapped.size() - size, info.get()};
    return ChunkView{std::string_view(buffer.data(), size), buffer.size() - size, info.get()};
  }

  void reset_results() {
    output.clear();
    static_cast<RecordCounts&>(*this) = {};
    lines = 0;
    rejects.clear();
    traces.clear();
    profile.clear();
  }
};

}  // namespace recproc::engine
