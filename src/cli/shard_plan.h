// `run --shard K/N` (issue 14): which bytes of which inputs share K of N holds.
//
// Shares are byte ranges of the inputs laid end to end, from their sizes alone, so every machine
// computes the same ones: share k is [k*T/N, (k+1)*T/N) of the T bytes. A shard owns the records
// that start in its share (format/record_split.h finds them). A compressed input cannot be cut
// by bytes: it is one unit, owned whole by the share its first byte falls in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/run_options.h"
#include "cli/run_plan.h"
#include "engine/engine.h"
#include "format/record_split.h"

namespace recproc::cli {

/// What one input is to the shard planner.
struct ShardedInput {
  std::string path;
  std::uint64_t size = 0;
  bool compressed = false;
  /// A blob's ETag as listed (issue 15): shards that read different versions of a blob do not
  /// merge. Empty for a local file.
  std::string etag;
};

/// One input's part of a share.
struct ShareRange {
  std::size_t input = 0;            ///< index into the job's inputs
  bool whole = false;               ///< a compressed input (or an empty one), read whole
  std::uint64_t nominal_begin = 0;  ///< the share, in this input's offsets
  std::uint64_t nominal_end = 0;
};

/// The parts of share `index` of `count`, in input order.
std::vector<ShareRange> share_ranges(const std::vector<ShardedInput>& inputs, std::size_t index,
                                     std::size_t count);

/// A share's range of one input, resolved to record boundaries.
struct ShardRange {
  ShareRange share;
  std::uint64_t preamble_end = 0;             ///< data start: after the BOM and CSV header
  format::RecordRange records;                ///< [begin, end) and the quote states
  std::optional<format::QuoteState> assumed;  ///< the start state this run assumed, if any
};

/// Parses --shard, --parts, --attempt, --shard-start-state into `plan.shard` and points the
/// output and rejects at the parts directory. Throws UsageError.
void apply_shard_plan(const RunOptions& o, RunPlan& plan);

/// Sizes and compression of the plan's inputs (each checked as open_inputs() checks it).
std::vector<ShardedInput> describe_inputs(const RunPlan& plan);

/// Resolves this shard's ranges to record boundaries (reads a little around each boundary).
std::vector<ShardRange> plan_shard_ranges(const RunPlan& plan,
                                          const std::vector<ShardedInput>& inputs);

/// The engine inputs for the ranges: each reads its preamble, then only its records.
std::vector<engine::EngineInput> open_shard_inputs(const RunPlan& plan,
                                                   const std::vector<ShardRange>& ranges);

}  // namespace recproc::cli
