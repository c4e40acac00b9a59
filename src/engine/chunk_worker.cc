#include "engine/chunk_worker.h"

#include <algorithm>

namespace recproc::engine {
namespace {

void trace_step(ChunkTrace& trace, std::string_view spec, const Outcome& o, const Record& record) {
  trace.text += "  after '";
  trace.text += spec;
  trace.text += "': ";
  if (o.verdict == Verdict::kKeep) {
    record.write_json(trace.text);
  } else if (o.verdict == Verdict::kDrop) {
    trace.text += "dropped";
  } else {
    trace.text += "rejected: " + o.error.reason;
  }
  trace.text += '\n';
}

}  // namespace

ChunkWorker::ChunkWorker(const EngineConfig& config) : config_(config) {
  for (const auto& t : config.chain) {
    chain_.push_back(t->make_worker());
    if (dynamic_cast<BatchTransformWorker*>(chain_.back().get())) {
      batch_steps_.push_back(chain_.size() - 1);
    }
  }
  if (config.output_format) writer_ = config.output_format->make_writer();  // none for check
}

RecordReader& ChunkWorker::reader_for(const InputFormat* format) {
  auto& slot = readers_[format];
  if (!slot) {
    slot = format->make_reader();
    // Identity runs (W3) never look inside a record: validating is enough.
    const bool copy_source = source_text_suffices();
    slot->set_validate_only(copy_source && config_.chain.empty() && config_.trace_records == 0 &&
                            !config_.profile);
    FieldDemand demand = field_demand();
    if (!demand.all) slot->set_wanted_fields(demand.fields, copy_source);
  }
  return *slot;
}

// Whether records reach the writer unchanged and it writes them from their source text: then the
// writer needs no fields at all (a run with no output, `check`, needs none either).
bool ChunkWorker::source_text_suffices() const {
  if (config_.columns_from_first_record) return false;
  if (config_.output_format && !config_.output_format->writes_source_text()) return false;
  for (const auto& step : config_.chain) {
    if (step->edits()) return false;
  }
  return true;
}

// Walks the chain back from the writer, which writes every field of a record it cannot copy:
// each step says what it needs given what comes after it. A trace shows whole records, so it
// needs everything.
FieldDemand ChunkWorker::field_demand() const {
  if (config_.trace_records > 0 || config_.profile) return FieldDemand::everything();
  FieldDemand demand = source_text_suffices() ? FieldDemand::none() : FieldDemand::everything();
  for (auto step = config_.chain.rbegin(); step != config_.chain.rend(); ++step) {
    demand = (*step)->needs(demand);
  }
  return demand;
}

Outcome ChunkWorker::run_chain(Record& record, ChunkTrace* trace) {
  return run_steps(record, 0, chain_.size(), trace);
}

// Runs steps [from, to) of the chain on `record`.
Outcome ChunkWorker::run_steps(Record& record, std::size_t from, std::size_t to,
                               ChunkTrace* trace) {
  for (std::size_t i = from; i < to; ++i) {
    Outcome o = chain_[i]->apply(record);
    if (trace) trace_step(*trace, config_.chain[i]->spec(), o, record);
    if (o.verdict != Verdict::kKeep) {
      if (o.error.rule.empty() && o.verdict == Verdict::kReject) {
        o.error.rule = std::string(config_.chain[i]->spec());
      }
      return o;
    }
  }
  return Outcome::keep();
}

std::vector<std::string> ChunkWorker::probe_columns(ChunkJob& job) {
  RecordReader& reader = reader_for(job.format);
  reader.begin_chunk(job.view());
  RawRecord raw;
  FieldError error;
  std::vector<std::string> columns;
  while (true) {
    ReadStatus status = reader.next(record_, raw, error);
    if (status == ReadStatus::kEnd) break;
    if (status != ReadStatus::kRecord) continue;
    if (run_chain(record_, nullptr).verdict != Verdict::kKeep) continue;
    NodeId root = record_.root();
    if (record_.node(root).kind != NodeKind::kObject) continue;
    std::string scratch;
    for (NodeId c = record_.node(root).first_child; c != kNoNode; c = record_.node(c).next) {
      columns.emplace_back(record_.key(c, scratch));
    }
    break;
  }
  return columns;
}

// Hot: the per-record loop of every worker; benchmark changes (bench/RESULTS.md).
void ChunkWorker::process(ChunkJob& job, const profile::LevelHints* hints) {
  job.profile.set_hints(hints);
  if (!batch_steps_.empty()) return process_in_batches(job);
  job.reset_results();
  RecordReader& reader = reader_for(job.format);
  reader.begin_chunk(job.view());
  const bool stop_at_first_reject = config_.policy == ErrorPolicy::kFail;
  RawRecord raw;
  FieldError parse_error;
  while (true) {
    ReadStatus status = reader.next(record_, raw, parse_error);
    if (status == ReadStatus::kEnd) break;
    if (status == ReadStatus::kBlank) {
      ++job.blank_lines;
      continue;
    }
    ++job.records_in;
    if (status == ReadStatus::kError) {
      ++job.records_rejected;
      job.rejects.push_back(ChunkReject{raw.line, raw.text, parse_error});
      if (stop_at_first_reject) break;
      continue;
    }
    // Each chunk traces its first N records; the merge keeps the first N of the whole run.
    ChunkTrace* trace = nullptr;
    if (job.records_in <= config_.trace_records) {
      job.traces.push_back(ChunkTrace{raw.line, "  in: "});
      trace = &job.traces.back();
      record_.write_json(trace->text);
      trace->text += '\n';
    }
    Outcome o = run_chain(record_, trace);
    settle(job, o, raw.line, raw.text);
    if (o.verdict == Verdict::kReject && stop_at_first_reject) break;
  }
  job.lines = reader.lines_consumed();
}

void ChunkWorker::settle(ChunkJob& job, Outcome& o, std::uint64_t line, std::string_view text) {
  switch (o.verdict) {
    case Verdict::kKeep:
      ++job.records_out;
      if (config_.profile) job.profile.add(record_);
      if (writer_) writer_->write(record_, job.output);
      break;
    case Verdict::kDrop:
      ++job.records_dropped;
      break;
    case Verdict::kReject:
      ++job.records_rejected;
      job.rejects.push_back(ChunkReject{line, text, std::move(o.error)});
      break;
  }
}

// The chunk's records go through the chain one segment at a time: the steps before the first
// batch step for every record, then one batch for all that reached it, and so on. Records leave
// each batch in the order they entered it, so kept records are written in input order; rejects
// can be found out of order (a batch step rejects after a later record failed to parse), so
// they are sorted by line at the end.
void ChunkWorker::process_in_batches(ChunkJob& job) {
  job.reset_results();
  RecordReader& reader = reader_for(job.format);
  reader.begin_chunk(job.view());
  const bool stop_at_first_reject = config_.policy == ErrorPolicy::kFail;
  RawRecord raw;
  FieldError parse_error;
  pending_.clear();
  std::size_t batch = batch_steps_.front();
  while (true) {
    ReadStatus status = reader.next(record_, raw, parse_error);
    if (status == ReadStatus::kEnd) break;
    if (status == ReadStatus::kBlank) {
      ++job.blank_lines;
      continue;
    }
    ++job.records_in;
    if (status == ReadStatus::kError) {
      ++job.records_rejected;
      job.rejects.push_back(ChunkReject{raw.line, raw.text, parse_error});
      if (stop_at_first_reject) break;
      continue;
    }
    std::size_t trace = kNoTrace;
    if (job.records_in <= config_.trace_records) {
      trace = job.traces.size();
      job.traces.push_back(ChunkTrace{raw.line, "  in: "});
      record_.write_json(job.traces.back().text);
      job.traces.back().text += '\n';
    }
    Outcome o = run_steps(record_, 0, batch, trace == kNoTrace ? nullptr : &job.traces[trace]);
    if (o.verdict == Verdict::kKeep) {
      static_cast<BatchTransformWorker&>(*chain_[batch]).add(record_);
      pending_.push_back(Pending{raw.line, raw.text, trace});
      continue;
    }
    const bool stop = o.verdict == Verdict::kReject && stop_at_first_reject;
    settle(job, o, raw.line, raw.text);
    if (stop) break;
  }
  job.lines = reader.lines_consumed();

  for (std::size_t b = 0; b < batch_steps_.size(); ++b) {
    auto& step = static_cast<BatchTransformWorker&>(*chain_[batch_steps_[b]]);
    const std::size_t next = b + 1 < batch_steps_.size() ? batch_steps_[b + 1] : chain_.size();
    if (!pending_.empty()) step.run_batch();
    answered_.clear();
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      const Pending& p = pending_[i];
      ChunkTrace* trace = p.trace == kNoTrace ? nullptr : &job.traces[p.trace];
      Outcome o = step.answer(i, record_);
      if (trace) trace_step(*trace, config_.chain[batch_steps_[b]]->spec(), o, record_);
      if (o.verdict == Verdict::kReject && o.error.rule.empty()) {
        o.error.rule = std::string(config_.chain[batch_steps_[b]]->spec());
      }
      if (o.verdict == Verdict::kKeep) o = run_steps(record_, batch_steps_[b] + 1, next, trace);
      if (o.verdict == Verdict::kKeep && next < chain_.size()) {
        static_cast<BatchTransformWorker&>(*chain_[next]).add(record_);
        answered_.push_back(p);
        continue;
      }
      settle(job, o, p.line, p.text);
    }
    std::swap(pending_, answered_);
  }
  std::stable_sort(job.rejects.begin(), job.rejects.end(),
                   [](const ChunkReject& a, const ChunkReject& b) { return a.line < b.line; });
}

}  // namespace recproc::engine
