#include "azure/block_id.h"

#include <cstdio>

#include "azure/crypto.h"
#include "recproc/error.h"

namespace recproc::azure {

std::string block_id(const BlockNaming& naming, std::size_t index, std::string_view bytes) {
  // 50,000 blocks per blob fit in 8 digits; the callers keep shard and attempt in range.
  RECPROC_ASSERT(naming.shard < kMaxBlockIdShards && naming.attempt < kMaxBlockIdAttempts &&
                 index < 100'000'000);
  char head[32];
  std::snprintf(head, sizeof head, "recproc-s%05zu-a%03u-%08zu-", naming.shard, naming.attempt,
                index);
  Md5 md5;
  md5.update(bytes);
  return base64_encode(head + hex_encode(md5.digest()));
}

}  // namespace recproc::azure
