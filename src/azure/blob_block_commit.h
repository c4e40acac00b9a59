// Committing blocks that other processes staged (issue 14): the shards of a sharded run stage
// their output as blocks of the final blob, and `recproc merge` publishes them with one Put
// Block List in shard order, without a byte of data passing through it. The blob appears at
// once or not at all; the uncommitted blocks it does not list (other attempts, lost shards) are
// discarded by the service at that commit.
//
//   auto missing = azure::missing_blocks(client, target, blocks);   // before anything
//   azure::commit_blocks(client, target, blocks, write_options, azure::IfExists::kFail);
#pragma once

#include <cstddef>
#include <vector>

#include "azure/blob_block_writer.h"
#include "azure/blob_client.h"
#include "azure/blob_upload.h"

namespace recproc::azure {

/// Indexes of the `wanted` blocks that `target` does not hold, staged or committed, with their
/// size (a block id names its content, block_id.h, so one found is the one wanted). Throws
/// IoError when the block list cannot be read.
std::vector<std::size_t> missing_blocks(BlobClient& client, const UploadTarget& target,
                                        const std::vector<StagedBlock>& wanted);

/// One Put Block List of `blocks` in order, with If-None-Match: * unless `if_exists` is
/// kOverwrite, then a check that the committed blob has their total size and exactly these
/// blocks. kSkipped when the blob exists and `if_exists` is kSkip. Throws IoError past 50,000
/// blocks, for an existing blob under kFail, and for every refusal.
CommitOutcome commit_blocks(BlobClient& client, const UploadTarget& target,
                            const std::vector<StagedBlock>& blocks, BlobWriteOptions options,
                            IfExists if_exists);

}  // namespace recproc::azure
