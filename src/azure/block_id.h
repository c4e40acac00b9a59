// The ids recproc gives the blocks it stages for a streamed output (issue 15) and for a sharded
// run's output staged on the final blob (issue 14):
//
//   "recproc-s00003-a002-00000017-" + hex MD5 of the block's bytes, then base64
//
// shard 3, attempt 2, block 17 of that shard's stream. A one-machine run is shard 0, attempt 0.
// Every id is 61 bytes before base64: the service requires all block ids of one blob to have
// the same length, and a one-machine run and a sharded job may stage on the same name. The MD5
// makes an id name its content, so a re-run of an interrupted attempt finds its blocks staged
// under the same ids; the shard and attempt keep two attempts of one shard from ever sharing a
// block, so the merge can list exactly the chosen attempt's blocks.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace recproc::azure {

/// Who stages the blocks: shard and attempt of a sharded run, {0, 0} for a one-machine run.
struct BlockNaming {
  std::size_t shard = 0;
  unsigned attempt = 0;
};

/// Committed blocks one blob may hold (service limit).
inline constexpr std::size_t kMaxBlocksPerBlob = 50'000;
/// The largest block the service takes.
inline constexpr std::size_t kMaxBlockSize = 4000ull * 1024 * 1024;

/// The widths the id gives each number; larger ones are refused before a byte is staged.
inline constexpr std::size_t kMaxBlockIdShards = 100'000;  // s00000..s99999
inline constexpr unsigned kMaxBlockIdAttempts = 1'000;     // a000..a999

/// The base64 block id of block `index` of `naming`'s stream, holding `bytes`.
std::string block_id(const BlockNaming& naming, std::size_t index, std::string_view bytes);

}  // namespace recproc::azure
