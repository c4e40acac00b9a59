#include "cli/shard_merge.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <unordered_map>

#include "azure/crypto.h"
#include "cli/staged_output.h"
#include "engine/engine.h"
#include "io/file_source.h"
#include "io/output_file.h"
#include "recproc/error.h"
#include "recproc/record.h"
#include "report/run_report.h"

namespace recproc::cli {
namespace {

std::string part_name(std::size_t k) { return "part-" + std::to_string(k); }

bool same_inputs(const std::vector<ShardedInput>& a, const std::vector<ShardedInput>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].path != b[i].path || a[i].size != b[i].size || a[i].compressed != b[i].compressed ||
        a[i].etag != b[i].etag) {
      return false;
    }
  }
  return true;
}

// Each input's ranges in shard order must chain: a CSV range that assumed its start state must
// have assumed the true one, which the first range (whose start is known) and each range's
// end states for every start state give for all of them at once; then the first range starts
// at the data start, each starts where the one before ended, and the last ends at the end.
void check_tiling(MergeCheck& check) {
  const auto& inputs = check.manifests[0].inputs;
  for (std::size_t input = 0; input < inputs.size(); ++input) {
    const ManifestRange* prev = nullptr;
    std::size_t prev_shard = 0;
    std::optional<format::QuoteState> true_state;  // at the previous range's nominal end
    bool rerun = false;
    bool broken = false;
    for (std::size_t k = 0; k < check.manifests.size() && !broken; ++k) {
      for (const ManifestRange& r : check.manifests[k].ranges) {
        if (r.input != input) continue;
        if (r.assumed && true_state && *r.assumed != *true_state) {
          check.rerun.push_back({k, *true_state});
          rerun = true;
          if (!r.end_state_for_start) {
            broken = true;  // its re-run will tell the state after it
            break;
          }
          true_state = (*r.end_state_for_start)[static_cast<std::size_t>(*true_state)];
        } else {
          true_state = r.end_state;
        }
        if (!rerun) {
          const std::uint64_t expected = prev ? prev->end : r.preamble_end;
          if (r.begin != expected && !r.whole) {
            check.problems.push_back(part_name(k) + ": " + inputs[input].path +
                                     ": records start at byte " + std::to_string(r.begin) +
                                     ", but " +
                                     (prev ? part_name(prev_shard) + "'s end at byte "
                                           : std::string("the data start at byte ")) +
                                     std::to_string(expected));
            broken = true;
            break;
          }
        }
        prev = &r;
        prev_shard = k;
      }
    }
    if (!rerun && !broken && prev && prev->end != inputs[input].size) {
      check.problems.push_back(part_name(prev_shard) + ": " + inputs[input].path +
                               ": records end at byte " + std::to_string(prev->end) +
                               ", not at the input's end (" + std::to_string(inputs[input].size) +
                               ")");
    }
  }
}

// Rejects and examples carry shard-relative lines: the lines of the earlier shards' ranges of
// the same input come before them.
using LineOffsets = std::vector<std::unordered_map<std::string, std::uint64_t>>;  // [shard][path]

LineOffsets line_offsets(const std::vector<ShardManifest>& manifests) {
  LineOffsets offsets(manifests.size());
  std::vector<std::uint64_t> before(manifests.empty() ? 0 : manifests[0].inputs.size(), 0);
  for (std::size_t k = 0; k < manifests.size(); ++k) {
    for (const ManifestRange& r : manifests[k].ranges) {
      offsets[k].emplace(manifests[k].inputs[r.input].path, before[r.input]);
      before[r.input] += r.stats.lines;
    }
  }
  return offsets;
}

std::uint64_t offset_of(const LineOffsets& offsets, std::size_t k, const std::string& path) {
  auto it = offsets[k].find(path);
  return it == offsets[k].end() ? 0 : it->second;
}

// "data.csv:17: field ..." with a shard-relative 17.
std::string relocate_reason(const std::string& reason, const ShardManifest& m,
                            const LineOffsets& offsets, std::size_t k) {
  for (const ManifestRange& r : m.ranges) {
    const std::string prefix = engine::display_path(m.inputs[r.input].path) + ":";
    if (reason.compare(0, prefix.size(), prefix) != 0) continue;
    std::uint64_t line = 0;
    const char* begin = reason.data() + prefix.size();
    auto [end, ec] = std::from_chars(begin, reason.data() + reason.size(), line);
    if (ec != std::errc() || end == begin) continue;
    return prefix + std::to_string(line + offset_of(offsets, k, m.inputs[r.input].path)) +
           std::string(end, reason.data() + reason.size());
  }
  return reason;
}

// One quarantine line {"source":"...","line":N,...}: N moved by the offset of its source.
std::string relocate_reject(std::string_view text,
                            const std::unordered_map<std::string, std::uint64_t>& by_source) {
  constexpr std::string_view kHead = "{\"source\":\"";
  constexpr std::string_view kLine = "\",\"line\":";
  if (text.substr(0, kHead.size()) != kHead) return std::string(text);
  std::size_t i = kHead.size();
  while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
  if (text.substr(i, kLine.size()) != kLine) return std::string(text);
  const std::string_view source = text.substr(kHead.size(), i - kHead.size());
  const std::size_t digits = i + kLine.size();
  std::uint64_t line = 0;
  auto [end, ec] = std::from_chars(text.data() + digits, text.data() + text.size(), line);
  if (ec != std::errc()) return std::string(text);
  auto it = by_source.find(std::string(source));
  if (it == by_source.end()) return std::string(text);
  return std::string(text.substr(0, digits)) + std::to_string(line + it->second) +
         std::string(end, text.data() + text.size());
}

// Streams a part into `out`, checking it against the manifest on the way.
void copy_checked(const std::string& path, const std::string& sha256, std::uint64_t bytes,
                  const std::function<void(std::string_view)>& write) {
  io::FileSource file(path);
  azure::Sha256 sha;
  std::string buf(1 << 20, '\0');
  std::uint64_t total = 0;
  while (std::size_t n = file.read(buf.data(), buf.size())) {
    const std::string_view piece(buf.data(), n);
    sha.update(piece);
    write(piece);
    total += n;
  }
  if (total != bytes || azure::hex_encode(sha.digest()) != sha256) {
    throw IoError(path +
                  ": does not match its manifest (size or SHA-256): changed after it was "
                  "committed; nothing published, run its shard again");
  }
}

engine::RunStats merged_stats(const std::vector<ShardManifest>& manifests,
                              const LineOffsets& offsets) {
  engine::RunStats stats;
  const ShardManifest& first = manifests[0];
  for (const auto& in : first.inputs) stats.inputs.emplace_back().path = in.path;
  std::map<std::pair<std::string, std::string>, std::size_t> group_index;
  constexpr std::size_t kExamples = 5;  // the engine's max_error_examples
  std::vector<bool> preamble_counted(first.inputs.size(), false);
  for (std::size_t k = 0; k < manifests.size(); ++k) {
    const ShardManifest& m = manifests[k];
    for (const ManifestRange& r : m.ranges) {
      engine::InputStats& in = stats.inputs[r.input];
      in += r.stats;
      // Every shard reads the header; one run reads it once.
      in.bytes += r.stats.bytes - (preamble_counted[r.input] ? r.preamble_end : 0);
      preamble_counted[r.input] = true;
      in.lines += r.stats.lines;
    }
    stats.bytes_out += m.bytes_out;
    for (const engine::ErrorGroup& g : m.error_groups) {
      auto [it, added] =
          group_index.emplace(std::make_pair(g.field, g.rule), stats.error_groups.size());
      if (added) {
        engine::ErrorGroup copy = g;
        copy.count = 0;
        copy.examples.clear();
        copy.count_per_input.assign(first.inputs.size(), 0);
        stats.error_groups.push_back(std::move(copy));
      }
      engine::ErrorGroup& into = stats.error_groups[it->second];
      into.count += g.count;
      for (std::size_t i = 0; i < g.count_per_input.size(); ++i) {
        into.count_per_input[i] += g.count_per_input[i];
      }
      for (const auto& [file, line] : g.examples) {
        if (into.examples.size() < kExamples) {
          into.examples.emplace_back(file, line + offset_of(offsets, k, file));
        }
      }
    }
    if (m.stopped && !stats.stopped) {
      stats.stopped = true;
      stats.stop_reason = relocate_reason(m.stop_reason, m, offsets, k);
    }
  }
  for (const auto& in : stats.inputs) {
    stats += in;
    stats.bytes_in += in.bytes;
  }
  // The thresholds, on the job's totals (a shard sees only its own).
  if (!stats.stopped && first.max_rejects && stats.records_rejected > *first.max_rejects) {
    stats.stopped = true;
    stats.stop_reason =
        "more than " + std::to_string(*first.max_rejects) +
        " records rejected (--max-rejects): " + std::to_string(stats.records_rejected);
  }
  if (!stats.stopped && first.max_reject_rate && stats.records_in > 0) {
    const double rate =
        static_cast<double>(stats.records_rejected) / static_cast<double>(stats.records_in);
    if (rate > *first.max_reject_rate) {
      char buf[160];
      std::snprintf(buf, sizeof buf,
                    "reject rate %.4g exceeds --max-reject-rate %.4g (%llu of %llu)", rate,
                    *first.max_reject_rate, static_cast<unsigned long long>(stats.records_rejected),
                    static_cast<unsigned long long>(stats.records_in));
      stats.stopped = true;
      stats.stop_reason = buf;
    }
  }
  return stats;
}

}  // namespace

MergeCheck check_parts(const std::string& dir, std::size_t shards) {
  MergeCheck check;
  for (std::size_t k = 0; k < shards; ++k) {
    const std::string path = dir + "/" + part_name(k) + ".json";
    if (!std::filesystem::exists(path)) {
      check.missing.push_back(k);
      continue;
    }
    try {
      ShardManifest m = parse_manifest(io::read_whole_file(path), path);
      if (m.shard != k || m.shards != shards) {
        check.problems.push_back(path + ": is shard " + std::to_string(m.shard) + "/" +
                                 std::to_string(m.shards) + ", expected " + std::to_string(k) +
                                 "/" + std::to_string(shards));
      }
      check.manifests.push_back(std::move(m));
    } catch (const DataError& e) {
      check.problems.push_back(e.what());
    }
  }
  if (!check.missing.empty() || !check.problems.empty()) return check;

  const ShardManifest& first = check.manifests[0];
  for (std::size_t k = 0; k < shards; ++k) {
    const ShardManifest& m = check.manifests[k];
    const std::string where = part_name(k) + ".json";
    if (m.job != first.job) {
      check.problems.push_back(where +
                               ": belongs to another job than part-0 (other inputs, "
                               "steps or flags): run it again");
      continue;
    }
    if (!same_inputs(m.inputs, first.inputs)) {
      check.problems.push_back(where +
                               ": lists other inputs than part-0 (or another version of a blob)");
      continue;
    }
    std::vector<ShareRange> expected = share_ranges(first.inputs, k, shards);
    bool same = expected.size() == m.ranges.size();
    for (std::size_t i = 0; same && i < expected.size(); ++i) {
      same = expected[i].input == m.ranges[i].input && expected[i].whole == m.ranges[i].whole &&
             expected[i].nominal_begin == m.ranges[i].nominal_begin &&
             expected[i].nominal_end == m.ranges[i].nominal_end;
    }
    if (!same)
      check.problems.push_back(where + ": covers another share than shard " + std::to_string(k) +
                               " of " + std::to_string(shards));
    std::error_code ec;
    if (m.output_blob.empty()) {  // else the blob's blocks are checked: staged_output.h
      const std::string part = dir + "/" + m.part;
      const auto size = std::filesystem::file_size(part, ec);
      if (ec || size != m.part_bytes) {
        check.problems.push_back(part + ": missing or not the size its manifest says");
      }
    }
    if (!m.rejects.empty()) {
      const auto rsize = std::filesystem::file_size(dir + "/" + m.rejects, ec);
      if (ec || rsize != m.rejects_bytes) {
        check.problems.push_back(dir + "/" + m.rejects +
                                 ": missing or not the size its manifest says");
      }
    }
  }
  if (check.problems.empty()) check_tiling(check);
  check.complete = check.missing.empty() && check.problems.empty() && check.rerun.empty();
  return check;
}

std::string check_json(const MergeCheck& check, std::size_t shards) {
  auto quoted = [](std::string_view s) {
    std::string out = "\"";
    append_json_escaped(out, s);
    return out + "\"";
  };
  std::string out = "{\"complete\": " + std::string(check.complete ? "true" : "false") +
                    ", \"shards\": " + std::to_string(shards) + ", \"missing\": [";
  for (std::size_t i = 0; i < check.missing.size(); ++i) {
    out += (i ? ", " : "") + std::to_string(check.missing[i]);
  }
  out += "], \"rerun\": [";
  for (std::size_t i = 0; i < check.rerun.size(); ++i) {
    out += std::string(i ? ", " : "") + "{\"shard\": " + std::to_string(check.rerun[i].shard) +
           ", \"start_state\": " + quoted(format::quote_state_name(check.rerun[i].start_state)) +
           "}";
  }
  out += "], \"problems\": [";
  for (std::size_t i = 0; i < check.problems.size(); ++i) {
    out += (i ? ", " : "") + quoted(check.problems[i]);
  }
  out += "]";
  if (check.complete) {
    int exit_code = 0;
    for (const auto& m : check.manifests) exit_code = std::max(exit_code, m.exit_code);
    out += ", \"shard_exit_code\": " + std::to_string(exit_code);
  }
  return out + "}\n";
}

int merge_parts(const MergeCheck& check, const std::string& dir, const MergeTargets& targets,
                const BlobSettings* blob) {
  RECPROC_ASSERT(check.complete);
  const auto start = std::chrono::steady_clock::now();
  const std::vector<ShardManifest>& manifests = check.manifests;
  const LineOffsets offsets = line_offsets(manifests);
  engine::RunStats stats = merged_stats(manifests, offsets);
  const int exit_code = stats.stopped ? 1 : 0;

  // Everything is written to temporary files and checked first; only then is anything renamed
  // into place, so a part that fails its hash publishes nothing.
  // A blob output is the shards' staged blocks: committed below, after the rejects are ready.
  const bool staged = is_blob_path(targets.output);
  bool commit_staged = staged && exit_code == 0;
  if (commit_staged && staged_target_exists(targets.output, *blob) &&
      blob->options.if_exists == azure::IfExists::kSkip) {
    spdlog::warn("skipped: {} exists (--skip-existing); nothing published", targets.output);
    return 0;
  }
  std::unique_ptr<io::OutputFile> output;
  if (exit_code == 0 && !targets.output.empty() && !staged) {
    output = std::make_unique<io::OutputFile>(targets.output);
    for (const ShardManifest& m : manifests) {
      copy_checked(dir + "/" + m.part, m.part_sha256, m.part_bytes,
                   [&](std::string_view bytes) { output->write(bytes); });
    }
  }
  std::unique_ptr<JobOutput> rejects;  // a file, or a blob committed with the output
  if (!targets.rejects.empty()) {
    rejects = std::make_unique<JobOutput>(targets.rejects, blob);
    for (std::size_t k = 0; k < manifests.size(); ++k) {
      const ShardManifest& m = manifests[k];
      if (m.rejects.empty()) continue;
      std::unordered_map<std::string, std::uint64_t> by_source;
      for (const auto& [path, offset] : offsets[k]) {
        std::string escaped;
        append_json_escaped(escaped, path);
        by_source.emplace(escaped, offset);
      }
      std::string pending;  // a line split across reads
      copy_checked(dir + "/" + m.rejects, m.rejects_sha256, m.rejects_bytes,
                   [&](std::string_view bytes) {
                     pending.append(bytes);
                     std::size_t start = 0;
                     for (std::size_t nl; (nl = pending.find('\n', start)) != std::string::npos;
                          start = nl + 1) {
                       rejects->write(relocate_reject(
                           std::string_view(pending).substr(start, nl + 1 - start), by_source));
                     }
                     pending.erase(0, start);
                   });
      if (!pending.empty()) rejects->write(relocate_reject(pending, by_source));
    }
  }
  bool published = output != nullptr;
  if (output) output->commit();
  if (commit_staged) {
    published = commit_staged_output(manifests, targets.output, *blob,
                                     job_tags(stats, manifests[0].schema_sha256));
  }
  if (rejects) rejects->commit();
  if (exit_code != 0) {
    spdlog::error("{}", stats.stop_reason);
    if (!targets.output.empty()) spdlog::error("output not published: {}", targets.output);
  }

  stats.elapsed = std::chrono::steady_clock::now() - start;
  report::RunContext ctx;
  ctx.command = "merge";
  ctx.exit_code = exit_code;
  ctx.status = exit_code == 0 ? "success" : "data_error";
  ctx.error = stats.stop_reason;
  ctx.output = targets.output;
  ctx.output_published = published;
  ctx.rejects = targets.rejects;
  ctx.policy = manifests[0].policy;
  ctx.schema = manifests[0].schema;
  ctx.steps = manifests[0].steps;
  ctx.max_rejects = manifests[0].max_rejects;
  ctx.max_reject_rate = manifests[0].max_reject_rate;
  ctx.started_at = report::now_iso8601();
  if (!targets.report.empty()) {
    write_text_output(targets.report, report::report_json(stats, ctx), blob);
  }
  spdlog::info("{} shards: {}", manifests.size(), report::summary_line(stats));
  return exit_code;
}

}  // namespace recproc::cli
