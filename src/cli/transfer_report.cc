#include "cli/transfer_report.h"

#include "io/output_file.h"
#include "recproc/record.h"

namespace recproc::cli {

void write_transfer_report(const std::string& path, const std::string& command,
                           const std::vector<Transfer>& transfers, std::uint64_t retries) {
  std::uint64_t moved = 0;
  std::uint64_t skipped = 0;
  std::uint64_t bytes = 0;
  std::string text = "{\"command\": ";
  append_json_string(text, command);
  text += ", \"transfers\": [";
  for (std::size_t i = 0; i < transfers.size(); ++i) {
    const Transfer& t = transfers[i];
    text += i ? ",\n  {\"file\": " : "\n  {\"file\": ";
    append_json_string(text, t.file);
    text += ", \"blob\": ";
    append_json_string(text, t.blob);
    text += ", \"bytes\": " + std::to_string(t.bytes) +
            ", \"skipped\": " + (t.skipped ? "true" : "false") + "}";
    (t.skipped ? skipped : moved) += 1;
    if (!t.skipped) bytes += t.bytes;
  }
  text += "],\n \"transferred\": " + std::to_string(moved) +
          ", \"skipped\": " + std::to_string(skipped) + ", \"bytes\": " + std::to_string(bytes) +
          ", \"retries\": " + std::to_string(retries) + "}\n";
  io::OutputFile out(path);
  out.write(text);
  out.commit();
}

}  // namespace recproc::cli
