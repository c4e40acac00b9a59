// The manifest a shard publishes beside its part (DIR/part-K.json, issue 14): what it read, what
// it wrote, and what it found, for `recproc merge` to check and combine. Written atomically,
// after the part and rejects, so a manifest never names a part that is not in place. A shard
// whose output is a blob (-o azblob://) has no part file: the manifest lists the blocks it
// staged on that blob instead, "output": {"blob": URL, "bytes", "sha256", "blocks": [[id,
// size], ...]}.
//
// Line numbers in a manifest (and in rejects-K) count from the shard's first record as if it
// followed the input's header; the merge adds the lines of the shards before it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "azure/blob_client.h"
#include "cli/run_plan.h"
#include "cli/shard_plan.h"
#include "engine/engine.h"
#include "format/record_split.h"

namespace recproc::cli {

inline constexpr int kManifestVersion = 2;  // 2: inputs carry a blob's ETag

struct ManifestRange {
  std::size_t input = 0;  ///< index into the job's inputs
  bool whole = false;
  std::uint64_t nominal_begin = 0;
  std::uint64_t nominal_end = 0;
  std::uint64_t preamble_end = 0;
  std::uint64_t begin = 0;  ///< the records read: [begin, end)
  std::uint64_t end = 0;
  std::optional<format::QuoteState> assumed;    ///< CSV start state this run assumed
  std::optional<format::QuoteState> end_state;  ///< CSV state at nominal_end
  /// CSV state at nominal_end for each start state, when the start state was assumed.
  std::optional<std::array<format::QuoteState, 3>> end_state_for_start;
  engine::InputStats stats;  ///< counts, bytes, lines of this range
};

struct ShardManifest {
  std::size_t shard = 0;
  std::size_t shards = 1;
  unsigned attempt = 0;
  std::string job;                   ///< fingerprint of everything that decides the output
  std::vector<ShardedInput> inputs;  ///< all of the job's inputs, in order
  std::vector<ManifestRange> ranges;
  std::string part;  ///< file name in the parts directory; empty when staged on output_blob
  /// -o azblob://C/NAME (issue 14): the output is `blocks`, staged uncommitted on that final
  /// blob, for the merge to commit. Empty for a part file.
  std::string output_blob;
  std::vector<azure::StagedBlock> blocks;  ///< in stream order
  std::uint64_t part_bytes = 0;            ///< the output's bytes as stored, file or blocks
  std::string part_sha256;
  std::string rejects;  ///< empty when the policy keeps none
  std::uint64_t rejects_bytes = 0;
  std::string rejects_sha256;
  engine::RecordCounts counts;
  std::uint64_t bytes_out = 0;  ///< record bytes written, as a run counts them (no header)
  std::vector<engine::ErrorGroup> error_groups;  ///< count_per_input indexed like `inputs`
  bool stopped = false;
  std::string stop_reason;  ///< "path:LINE: ..." with a shard-relative line
  int exit_code = 0;
  // What the merge needs to finish the job as one run would.
  std::string policy;
  std::string schema;
  std::string schema_sha256;  ///< of the schema as compiled, for the blob's default tag
  std::vector<std::string> steps;
  std::optional<std::uint64_t> max_rejects;
  std::optional<double> max_reject_rate;
};

/// Fingerprint of the job: inputs (path, size, modification time), formats and dialects, schema
/// (path, size, time), steps, policy, output format, record limit and shard count. Not -j or
/// --chunk-size, which do not change the output.
std::string job_fingerprint(const RunPlan& plan, const std::vector<ShardedInput>& inputs);

std::string manifest_json(const ShardManifest& m);

/// Parses a manifest; throws DataError naming `path` when it is not one.
ShardManifest parse_manifest(const std::string& text, const std::string& path);

/// SHA-256 (hex) and size of a file. Throws IoError.
std::pair<std::string, std::uint64_t> file_sha256(const std::string& path);

}  // namespace recproc::cli
