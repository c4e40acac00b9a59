// A sharded run whose output is a blob (issue 14): each shard stages its output as uncommitted
// blocks of the final blob (JobOutput::stage) and lists them in its manifest; `recproc merge`
// checks that the blob still holds them and commits them all with one Put Block List in shard
// order. No byte of the output passes through the merging process, and blocks of attempts no
// manifest names (lost or duplicate attempts) are never listed, so the commit discards them.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "azure/blob_client.h"
#include "cli/job_output.h"
#include "cli/shard_manifest.h"
#include "cli/shard_merge.h"

namespace recproc::cli {

/// For each of `manifests` staged on `url`, how many of its blocks the blob no longer holds
/// (committed over by another writer, or expired after a week); 0 for the others. One Get
/// Block List. Throws IoError.
std::vector<std::size_t> missing_block_counts(const std::vector<ShardManifest>& manifests,
                                              const std::string& url, const BlobSettings& blob);

/// merge: every manifest's output must be where -o `output` says (staged on that blob, or a
/// part file for a local output) and, when staged, still held by the blob; a shard whose
/// blocks are gone is missing. An empty `output` (`--check` alone) checks the blocks only.
/// `blob` is null when no manifest is staged and `output` is local. Clears check.complete on
/// a problem.
void check_staged_outputs(MergeCheck& check, const std::string& output, const BlobSettings* blob);

/// merge: commits the manifests' blocks in shard order as blob `url`, with the content headers
/// its name gives, merge's --metadata and --tier, and its --tags over `default_tags` (the job's
/// counts and schema hash, as one run tags its blob). False when the blob exists and
/// --skip-existing left it alone. Throws IoError, committing nothing, for an existing blob (without
/// --overwrite), more than 50,000 blocks, or a refusal.
bool commit_staged_output(const std::vector<ShardManifest>& manifests, const std::string& url,
                          const BlobSettings& blob, const azure::KeyValues& default_tags);

/// merge, before writing anything: IoError when blob `url` exists and neither --overwrite nor
/// --skip-existing was given; true when it exists.
bool staged_target_exists(const std::string& url, const BlobSettings& blob);

}  // namespace recproc::cli
