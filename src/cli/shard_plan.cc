#include "cli/shard_plan.h"

#include <charconv>

#include "azure/block_id.h"
#include "cli/blob_inputs.h"
#include "cli/job_output.h"
#include "io/byte_source.h"
#include "io/compression.h"
#include "io/file_source.h"
#include "io/range_source.h"
#include "recproc/error.h"

namespace recproc::cli {
namespace {

using u128 = unsigned __int128;

std::uint64_t share_begin(std::size_t k, std::size_t count, std::uint64_t total) {
  return static_cast<std::uint64_t>(static_cast<u128>(k) * total / count);
}

// The share holding byte `offset` of the concatenation (the last share for offset == total).
std::size_t owner_of(std::uint64_t offset, std::size_t count, std::uint64_t total) {
  for (std::size_t k = 0; k + 1 < count; ++k) {
    if (offset < share_begin(k + 1, count, total)) return k;
  }
  return count - 1;
}

std::size_t parse_index(std::string_view text, const std::string& flag_value) {
  std::size_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw UsageError("--shard \"" + flag_value + "\": expected K/N, such as 0/8");
  }
  return v;
}

// The stored bytes of input `i`: a local file, or a blob through ranged GETs (issue 15).
io::OpenRange stored_bytes(const RunPlan& plan, std::size_t i) {
  if (auto blob = plan.blobs.find(plan.inputs[i]); blob != plan.blobs.end()) {
    return blob_range_opener(blob->second, plan.blob_access);
  }
  return io::file_range_opener(plan.inputs[i]);
}

// Where the records start: after the BOM and (CSV) the header, as the engine reads them.
std::uint64_t preamble_end(const io::OpenRange& open, const std::string& path,
                           const InputFormat& format, std::size_t max_record_bytes,
                           std::uint64_t size) {
  const std::unique_ptr<io::ByteSource> file = open(0, size);
  std::unique_ptr<Boundary> boundary = format.make_boundary();
  std::string head;
  bool eof = false;
  while (true) {
    InputInfo info;
    std::size_t used = boundary->read_preamble(head, eof, info);
    if (used != std::string::npos) return used;
    if (eof || head.size() >= max_record_bytes) {
      throw DataError(path + ":1: header longer than --max-record-bytes");
    }
    const std::size_t old = head.size();
    head.resize(old + (64 << 10));
    head.resize(old + file->read(head.data() + old, head.size() - old));
    eof = head.size() == old;
  }
}

}  // namespace

std::vector<ShareRange> share_ranges(const std::vector<ShardedInput>& inputs, std::size_t index,
                                     std::size_t count) {
  std::uint64_t total = 0;
  for (const auto& in : inputs) total += in.size;
  const std::uint64_t begin = share_begin(index, count, total);
  const std::uint64_t end = share_begin(index + 1, count, total);
  std::vector<ShareRange> ranges;
  std::uint64_t offset = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const ShardedInput& in = inputs[i];
    if (in.compressed || in.size == 0) {
      if (owner_of(offset, count, total) == index) {
        ranges.push_back(ShareRange{i, true, 0, in.size});
      }
    } else if (offset < end && offset + in.size > begin) {
      ranges.push_back(ShareRange{i, false, std::max(begin, offset) - offset,
                                  std::min(end, offset + in.size) - offset});
    }
    offset += in.size;
  }
  return ranges;
}

void apply_shard_plan(const RunOptions& o, RunPlan& plan) {
  const auto slash = o.shard.find('/');
  if (slash == std::string::npos) {
    throw UsageError("--shard \"" + o.shard + "\": expected K/N, such as 0/8");
  }
  ShardPlan shard;
  shard.index = parse_index(std::string_view(o.shard).substr(0, slash), o.shard);
  shard.count = parse_index(std::string_view(o.shard).substr(slash + 1), o.shard);
  if (shard.count == 0 || shard.index >= shard.count) {
    throw UsageError("--shard \"" + o.shard + "\": K must be 0 to N-1 (shards count from 0)");
  }
  if (o.parts.empty()) throw UsageError("--shard needs --parts DIR, where part-K is published");
  if (o.output != "-" && !is_blob_path(o.output)) {
    throw UsageError("--shard writes DIR/part-K; name the final output on `recproc merge -o`");
  }
  if (is_blob_path(o.output)) {
    // The block ids carry shard and attempt in fixed widths (azure/block_id.h).
    if (shard.count > azure::kMaxBlockIdShards || o.attempt >= azure::kMaxBlockIdAttempts) {
      throw UsageError("--shard with -o azblob://: at most 100000 shards and attempts 0 to 999");
    }
    if (plan.blob_options.if_exists == azure::IfExists::kSkip) {
      throw UsageError(
          "--skip-existing cannot be used with --shard: a shard stages blocks, `recproc merge` "
          "commits them");
    }
    shard.output_blob = o.output;
  }
  if (!o.rejects.empty()) {
    throw UsageError(
        "--shard writes rejects to DIR/rejects-K (with --on-error quarantine); "
        "name the final file on `recproc merge --rejects`");
  }
  if (plan.upload) throw UsageError("--upload cannot be used with --shard");
  const UploadFlags& f = o.upload_flags;
  if (!f.metadata.empty() || !f.tags.empty() || !f.tier.empty()) {
    // The shards only stage blocks; the one Put Block List that sets them is merge's.
    throw UsageError(
        "--metadata, --tags and --tier go on `recproc merge -o`, which commits the blob");
  }
  for (const auto& in : plan.inputs) {
    if (in == "-") throw UsageError("--shard needs files: stdin (-) cannot be shared out");
  }
  if (!o.shard_start_state.empty()) {
    shard.start_state = format::parse_quote_state(o.shard_start_state);
    if (!shard.start_state) {
      throw UsageError("--shard-start-state \"" + o.shard_start_state +
                       "\": expected unquoted, quoted or quote-in-quoted");
    }
  }
  shard.parts_dir = o.parts;
  shard.attempt = o.attempt;
  if (shard.output_blob.empty()) plan.output = shard.part_path();
  if (plan.policy == engine::ErrorPolicy::kQuarantine) plan.rejects = shard.rejects_path();
  plan.shard = std::move(shard);
}

std::vector<ShardedInput> describe_inputs(const RunPlan& plan) {
  std::vector<ShardedInput> inputs;
  for (std::size_t i = 0; i < plan.inputs.size(); ++i) {
    const std::string& path = plan.inputs[i];
    ShardedInput in;
    in.path = path;
    const auto blob = plan.blobs.find(path);
    if (blob != plan.blobs.end()) {
      in.size = blob->second.size;
      in.etag = blob->second.etag;
    } else {
      in.size = check_input(path);
    }
    std::string head(io::kCompressionMagicBytes, '\0');
    head.resize(stored_bytes(plan, i)(0, head.size())->read(head.data(), head.size()));
    in.compressed = io::detect_compression(head) != io::Compression::kNone;
    inputs.push_back(std::move(in));
  }
  return inputs;
}

std::vector<ShardRange> plan_shard_ranges(const RunPlan& plan,
                                          const std::vector<ShardedInput>& inputs) {
  const ShardPlan& shard = *plan.shard;
  const std::size_t max_record = plan.max_record_bytes.value_or(engine::kDefaultMaxRecordBytes);
  std::vector<ShardRange> ranges;
  for (const ShareRange& share : share_ranges(inputs, shard.index, shard.count)) {
    ShardRange r;
    r.share = share;
    const ShardedInput& in = inputs[share.input];
    if (share.whole) {
      r.records.begin = 0;
      r.records.end = in.size;
      ranges.push_back(r);
      continue;
    }
    const io::OpenRange open = stored_bytes(plan, share.input);
    r.preamble_end =
        preamble_end(open, in.path, *plan.input_formats[share.input], max_record, in.size);
    format::SplitRequest request;
    request.data_start = r.preamble_end;
    request.size = in.size;
    request.begin = share.nominal_begin;
    request.end = share.nominal_end;
    request.assumed = shard.start_state.value_or(format::QuoteState::kUnquoted);
    const auto& dialect = plan.input_dialects[share.input];
    r.records = format::find_record_range(open, dialect ? &*dialect : nullptr, request);
    if (r.records.assumed && dialect) r.assumed = request.assumed;
    ranges.push_back(r);
  }
  return ranges;
}

std::vector<engine::EngineInput> open_shard_inputs(const RunPlan& plan,
                                                   const std::vector<ShardRange>& ranges) {
  std::vector<engine::EngineInput> inputs;
  for (const ShardRange& r : ranges) {
    engine::EngineInput in;
    in.path = plan.inputs[r.share.input];
    in.format = plan.input_formats[r.share.input];
    if (r.share.whole) {
      in.size = r.records.end;
      in.open = [open = stored_bytes(plan, r.share.input), size = in.size, name = in.path] {
        return io::open_detected(open(0, size), name);
      };
    } else {
      in.size = r.preamble_end + (r.records.end - r.records.begin);
      in.open = [open = stored_bytes(plan, r.share.input), pre = r.preamble_end,
                 b = r.records.begin,
                 e = r.records.end] { return std::make_unique<io::RangeSource>(open, pre, b, e); };
    }
    inputs.push_back(std::move(in));
  }
  return inputs;
}

}  // namespace recproc::cli
