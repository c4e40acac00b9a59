#include "engine/engine.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <utility>

#include "engine/chunk_feeder.h"
#include "engine/chunk_job.h"
#include "engine/chunk_worker.h"
#include "engine/error_text.h"
#include "recproc/error.h"

namespace recproc::engine {

std::string display_path(const std::string& path) { return path == "-" ? "<stdin>" : path; }

namespace {

using Clock = std::chrono::steady_clock;

// Serial, in-order consumer of finished chunks: writes output, numbers lines, applies the error
// policy and thresholds, and keeps the counts.
class OrderedMerger {
 public:
  OrderedMerger(std::vector<EngineInput>& inputs, const EngineConfig& config,
                const RunObserver& observer, RunStats& stats)
      : inputs_(inputs),
        config_(config),
        observer_(observer),
        stats_(stats),
        line_base_(inputs.size()) {
    for (const auto& in : inputs) stats_.inputs.emplace_back().path = in.path;
    if (config.profile) stats_.profile.emplace();
  }

  /// Merges the next chunk. Returns false once the run must stop.
  bool merge(ChunkJob& job) {
    std::optional<std::uint64_t>& base_slot = line_base_[job.input];
    if (!base_slot) base_slot = job.info->first_line - 1;  // first chunk: after the preamble
    const std::uint64_t base = *base_slot;
    const std::string& path = inputs_[job.input].path;
    // Records read from a truncated mapping were read as zeros: fail rather than report them.
    if (job.mapping && job.mapping->truncated()) {
      throw IoError(display_path(path) +
                    ": the file shrank while being read (truncated by another process?) or could "
                    "not be read");
    }
    emit_traces(job, base, path);

    InputStats& in = stats_.inputs[job.input];
    for (ChunkReject& r : job.rejects) {
      const std::uint64_t line = base + r.line;
      ++rejected_so_far_;
      record_group(r, job.input, path, line);
      if (observer_.on_reject) {
        observer_.on_reject(RejectedRecord{&path, line, r.text, &r.error});
      }
      if (config_.policy == ErrorPolicy::kFail) {
        stop(format_record_error(display_path(path), line, r.error));
        break;
      }
      if (rejected_so_far_ > config_.max_rejects) {
        stop("more than " + std::to_string(config_.max_rejects) + " records rejected (" +
             config_.limit_names.max_rejects + "); last: " +
             format_record_error(display_path(path), line, r.error));
        break;
      }
    }
    in += job;
    in.lines += job.lines;
    *base_slot += job.lines;
    if (stats_.stopped) return false;
    if (stats_.profile) stats_.profile->merge(job.profile);
    if (observer_.write_output && !job.output.empty()) observer_.write_output(job.output);
    stats_.bytes_out += job.output.size();
    return true;
  }

 private:
  void stop(std::string reason) {
    stats_.stopped = true;
    stats_.stop_reason = std::move(reason);
  }

  void emit_traces(const ChunkJob& job, std::uint64_t base, const std::string& path) {
    for (const ChunkTrace& t : job.traces) {
      if (traced_ >= config_.trace_records || !observer_.on_trace) return;
      ++traced_;
      std::string text =
          "trace " + display_path(path) + ":" + std::to_string(base + t.line) + "\n" + t.text;
      observer_.on_trace(text);
    }
  }

  void record_group(const ChunkReject& r, std::size_t input, const std::string& path,
                    std::uint64_t line) {
    std::string key = r.error.field + '\x1f' + r.error.rule;
    auto it = group_index_.find(key);
    if (it == group_index_.end()) {
      // Fields can come from the data (a key per record): past the cap every new group is
      // counted in one last group, so the report stays bounded and the counts stay exact.
      const bool full = stats_.error_groups.size() + 1 >= config_.max_error_groups;
      if (full) key = "\x1f(other groups)";
      it = group_index_.find(key);
      if (it == group_index_.end()) {
        it = group_index_.emplace(key, stats_.error_groups.size()).first;
        ErrorGroup g;
        g.field = full ? "" : r.error.field;
        g.rule = full ? "(other groups)" : r.error.rule;
        g.kind = r.error.kind;
        g.first_reason = full ? "more than " + std::to_string(config_.max_error_groups - 1) +
                                    " kinds of error; first of the rest: " + r.error.reason
                              : r.error.reason;
        g.count_per_input.assign(inputs_.size(), 0);
        stats_.error_groups.push_back(std::move(g));
      }
    }
    ErrorGroup& g = stats_.error_groups[it->second];
    ++g.count;
    ++g.count_per_input[input];
    if (g.examples.size() < config_.max_error_examples) g.examples.emplace_back(path, line);
  }

  std::vector<EngineInput>& inputs_;
  const EngineConfig& config_;
  const RunObserver& observer_;
  RunStats& stats_;
  std::vector<std::optional<std::uint64_t>> line_base_;  ///< lines before the next chunk, per input
  std::unordered_map<std::string, std::size_t> group_index_;
  std::uint64_t rejected_so_far_ = 0;
  std::size_t traced_ = 0;
};

}  // namespace

RunStats run(std::vector<EngineInput>& inputs, const EngineConfig& config,
             const RunObserver& observer) {
  const auto start = Clock::now();
  RunStats stats;
  const std::size_t threads =
      static_cast<std::size_t>(std::max(1, tbb::this_task_arena::max_concurrency()));
  const std::size_t window = config.window_chunks ? config.window_chunks : 8 * threads;

  ChunkFeeder feeder(inputs, config.chunk_size, {config.max_record_bytes,
                                                 config.limit_names.max_record_bytes},
                     /*resync_after_too_long=*/config.policy != ErrorPolicy::kFail);
  OrderedMerger merger(inputs, config, observer, stats);
  tbb::enumerable_thread_specific<ChunkWorker> workers([&] { return ChunkWorker(config); });

  // Three windows in flight: while workers parse one, a task merges (writes) the one before and
  // another reads the one after, so reading and writing overlap parsing.
  std::vector<ChunkJob> windows[3] = {std::vector<ChunkJob>(window), std::vector<ChunkJob>(window),
                                      std::vector<ChunkJob>(window)};
  auto fill_window = [&](std::vector<ChunkJob>& jobs) {
    std::size_t n = 0;
    while (n < jobs.size() && feeder.fill(jobs[n])) ++n;
    feeder.publish_progress();
    return n;
  };
  auto merge_window = [&](std::vector<ChunkJob>& jobs, std::size_t n) {
    bool keep_going = true;
    for (std::size_t i = 0; i < n && keep_going; ++i) {
      keep_going = merger.merge(jobs[i]);
      ++stats.chunks;
    }
    if (observer.on_progress) {
      Progress p;
      p.bytes_done = feeder.published_bytes_done();
      p.bytes_total = feeder.bytes_total();
      for (const auto& in : stats.inputs) p.records_done += in.records_in;
      p.elapsed = Clock::now() - start;
      observer.on_progress(p);
    }
    return keep_going;
  };

  std::vector<ChunkJob>* prev = &windows[0];
  std::vector<ChunkJob>* cur = &windows[1];
  std::vector<ChunkJob>* next = &windows[2];
  std::size_t prev_filled = 0;
  std::size_t cur_filled = fill_window(*cur);
  if (config.columns_from_first_record && config.output_format) {
    // Serially, before any worker makes its writer: the writer's columns must be fixed first.
    ChunkWorker probe(config);
    std::vector<std::string> columns;
    for (std::size_t i = 0; i < cur_filled && columns.empty(); ++i) {
      columns = probe.probe_columns((*cur)[i]);
    }
    config.output_format->set_columns(std::move(columns));
  }
  // Read by the workers, updated only between windows (while no worker runs).
  profile::LevelHints profile_hints;
  tbb::task_group serial_tasks;
  while (cur_filled > 0 || prev_filled > 0) {
    bool keep_going = true;
    std::size_t next_filled = 0;
    if (prev_filled > 0) serial_tasks.run([&] { keep_going = merge_window(*prev, prev_filled); });
    if (cur_filled > 0) serial_tasks.run([&] { next_filled = fill_window(*next); });
    tbb::parallel_for(std::size_t{0}, cur_filled, [&](std::size_t i) {
      if ((*cur)[i].filled_by_feeder) return;
      ChunkWorker& worker = workers.local();
      worker.process((*cur)[i], &profile_hints);
    });
    serial_tasks.wait();
    if (stats.profile) profile_hints = stats.profile->level_hints();
    if (!keep_going) break;
    std::swap(prev, cur);
    std::swap(cur, next);
    prev_filled = std::exchange(cur_filled, next_filled);
  }

  for (std::size_t i = 0; i < inputs.size(); ++i) {
    stats.inputs[i].bytes = feeder.bytes_of(i);
    stats.bytes_in += stats.inputs[i].bytes;
  }
  for (const InputStats& in : stats.inputs) stats += in;
  if (!stats.stopped && stats.records_in > 0 && config.max_reject_rate < 1.0) {
    double rate =
        static_cast<double>(stats.records_rejected) / static_cast<double>(stats.records_in);
    if (rate > config.max_reject_rate) {
      stats.stopped = true;
      char buf[160];
      std::snprintf(buf, sizeof buf, "reject rate %.4g exceeds %s %.4g (%llu of %llu)", rate,
                    config.limit_names.max_reject_rate.c_str(), config.max_reject_rate,
                    static_cast<unsigned long long>(stats.records_rejected),
                    static_cast<unsigned long long>(stats.records_in));
      stats.stop_reason = buf;
    }
  }
  stats.elapsed = Clock::now() - start;
  return stats;
}

}  // namespace recproc::engine
