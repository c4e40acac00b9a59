#include "engine/chunk_worker.h"

namespace recproc::engine {

ChunkWorker::ChunkWorker(const EngineConfig& config) : config_(config) {
  for (const auto& t : config.chain) chain_.push_back(t->make_worker());
  if (config.output_format) writer_ = config.output_format->make_writer();  // none for check
}

RecordReader& ChunkWorker::reader_for(const InputFormat* format) {
  auto& slot = readers_[format];
  if (!slot) {
    slot = format->make_reader();
    // Identity runs (W3) never look inside a record: validating is enough.
    const bool copy_source = source_text_suffices();
    slot->set_validate_only(copy_source && config_.chain.empty() && config_.trace_records == 0);
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
  if (config_.trace_records > 0) return FieldDemand::everything();
  FieldDemand demand = source_text_suffices() ? FieldDemand::none() : FieldDemand::everything();
  for (auto step = config_.chain.rbegin(); step != config_.chain.rend(); ++step) {
    demand = (*step)->needs(demand);
  }
  return demand;
}

Outcome ChunkWorker::run_chain(Record& record, ChunkTrace* trace) {
  for (std::size_t i = 0; i < chain_.size(); ++i) {
    Outcome o = chain_[i]->apply(record);
    if (trace) {
      trace->text += "  after '";
      trace->text += config_.chain[i]->spec();
      trace->text += "': ";
      if (o.verdict == Verdict::kKeep) {
        record.write_json(trace->text);
      } else if (o.verdict == Verdict::kDrop) {
        trace->text += "dropped";
      } else {
        trace->text += "rejected: " + o.error.reason;
      }
      trace->text += '\n';
    }
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
void ChunkWorker::process(ChunkJob& job) {
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
    switch (o.verdict) {
      case Verdict::kKeep:
        ++job.records_out;
        if (writer_) writer_->write(record_, job.output);
        break;
      case Verdict::kDrop:
        ++job.records_dropped;
        break;
      case Verdict::kReject:
        ++job.records_rejected;
        job.rejects.push_back(ChunkReject{raw.line, raw.text, std::move(o.error)});
        break;
    }
    if (o.verdict == Verdict::kReject && stop_at_first_reject) break;
  }
  job.lines = reader.lines_consumed();
}

}  // namespace recproc::engine
