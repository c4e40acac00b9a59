#include "cli/logs_delivery.h"

#include <exception>
#include <thread>

#include "cli/format_choice.h"
#include "cli/job.h"
#include "io/output_file.h"
#include "io/queue_source.h"

namespace recproc::cli {
namespace {

// Bytes of NDJSON waiting between the download and the engine: enough to keep the engine's
// chunks full, small beside a window of rows.
constexpr std::size_t kQueuedBytes = 8 * 1024 * 1024;

// Thrown into the producer when the job stopped reading (the fail policy hit a bad row).
struct ReaderGone {};

std::shared_ptr<OutputFormat> straight_format(const RowsDestination& d) {
  FormatFlags flags;
  flags.delimiter = d.delimiter;
  return output_format_for(d.output, d.output_format, flags, format::FormatKind::kNdjson);
}

RowsDelivered write_straight(const RowsDestination& d, const ProduceRows& produce) {
  const std::shared_ptr<OutputFormat> format = straight_format(d);
  io::OutputFile out(d.output);
  produce(format, [&out](std::string_view bytes) { out.write(bytes); });
  out.commit();
  return {0, true, std::nullopt, {}};
}

RowsDelivered run_job(const RowsDestination& d, const std::string& source,
                      const ProduceRows& produce, const CLI::App& cmd) {
  RunOptions options = d.job;
  options.inputs = {source};
  options.read.format = "ndjson";  // the rows travel as NDJSON, whatever -o is
  options.read.delimiter = d.delimiter;
  options.output = d.output;
  options.output_format = d.output_format;
  options.progress = -1;  // logs draws its own progress (windows done)
  Job job;
  job.build_chain(std::move(options), JobMode::kRun, cmd);

  auto queue = std::make_shared<io::ByteQueue>(kQueuedBytes);
  engine::EngineInput input;
  input.path = source;
  input.format = job.plan().input_formats[0];
  input.open = [queue] { return std::make_unique<io::QueueSource>(queue); };
  std::vector<engine::EngineInput> inputs;
  inputs.push_back(std::move(input));
  job.use_inputs(std::move(inputs));

  const std::shared_ptr<OutputFormat> ndjson =
      output_format_for("-", "ndjson", {}, format::FormatKind::kNdjson);
  std::exception_ptr download_error;
  std::thread producer([&] {
    try {
      produce(ndjson, [&](std::string_view bytes) {
        if (!queue->push(bytes)) throw ReaderGone{};
      });
      queue->close();
    } catch (const ReaderGone&) {
    } catch (...) {
      download_error = std::current_exception();
      queue->fail(download_error);
    }
  });
  try {
    if (!job.open_inputs()) {  // -o azblob:// exists and --skip-existing: nothing to do
      queue->abandon();
      producer.join();
      return {job.exit_code(), false, std::nullopt, {}};
    }
    job.run();
  } catch (...) {
    queue->abandon();
    producer.join();
    if (download_error) std::rethrow_exception(download_error);  // the cause, not its echo
    throw;
  }
  queue->abandon();
  producer.join();
  if (download_error) std::rethrow_exception(download_error);
  job.publish();
  job.report();
  job.log_phases();
  const int code = job.exit_code();
  return {code, code == 0, job.stats(), job.report_json()};
}

}  // namespace

void append_records(std::string& text, const RowsDelivered& delivered) {
  if (!delivered.records) return;
  const engine::RecordCounts& r = *delivered.records;
  text += ",\"records\":{\"in\":" + std::to_string(r.records_in) +
          ",\"out\":" + std::to_string(r.records_out) +
          ",\"dropped\":" + std::to_string(r.records_dropped) +
          ",\"rejected\":" + std::to_string(r.records_rejected) + "}";
  text += ",\"exit_code\":" + std::to_string(delivered.exit_code);
  if (!delivered.run_report.empty()) {
    std::string_view run = delivered.run_report;
    while (!run.empty() && run.back() == '\n') run.remove_suffix(1);
    text += ",\"run\":";
    text += run;
  }
}

bool RowsDestination::through_job() const {
  return !job.schema.empty() || !job.steps.empty() || !job.rejects.empty() ||
         !job.on_error.empty() || job.max_rejects || job.max_reject_rate || !job.junit.empty() ||
         !job.html.empty();
}

RowsDelivered deliver_rows(const RowsDestination& destination, const std::string& source,
                           const ProduceRows& produce, const CLI::App& cmd) {
  if (!destination.through_job()) return write_straight(destination, produce);
  return run_job(destination, source, produce, cmd);
}

}  // namespace recproc::cli
