#include "cli/logs_record_sink.h"

#include <utility>

#include "recproc/error.h"

namespace recproc::cli {
namespace {

constexpr std::size_t kFlushBytes = 64 * 1024;

}  // namespace

LogsRecordSink::LogsRecordSink(std::shared_ptr<OutputFormat> format, Emit emit)
    : format_(std::move(format)), emit_(std::move(emit)) {
  buffer_.reserve(kFlushBytes + 4096);
}

void LogsRecordSink::columns(const std::vector<azure::LogsColumn>& columns) {
  if (writer_) return;  // windows after the first carry the same columns
  names_.clear();
  for (const auto& c : columns) names_.push_back(c.name);
  if (format_->needs_columns()) format_->set_columns(names_);
  buffer_ += format_->header();
  writer_ = format_->make_writer();
}

// Hot: runs once per result row.
void LogsRecordSink::row(std::span<const azure::LogsCell> cells) {
  RECPROC_ASSERT(writer_ && cells.size() == names_.size());
  record_.clear();
  NodeId root = record_.make_object();
  record_.set_root(root);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const azure::LogsCell& cell = cells[i];
    NodeId value = kNoNode;
    switch (cell.kind) {
      case azure::LogsCell::Kind::kNull:
        value = record_.make_null();
        break;
      case azure::LogsCell::Kind::kString:
        value = record_.make_string(cell.text);
        break;
      case azure::LogsCell::Kind::kJson:
        // The response parser hands numbers, true/false and validated, minified dynamics.
        if (cell.text == "true" || cell.text == "false") {
          value = record_.make_bool(cell.text == "true");
        } else if (!cell.text.empty() && (cell.text[0] == '{' || cell.text[0] == '[')) {
          value = parser_.parse_value(cell.text, record_, error_);
          RECPROC_ASSERT(value != kNoNode);
        } else {
          value = record_.make_number_token(cell.text);  // written before the cell goes
        }
        break;
    }
    record_.append_member(root, names_[i], value);
  }
  writer_->write(record_, buffer_);
  if (buffer_.size() >= kFlushBytes) {
    emit_(buffer_);
    buffer_.clear();
  }
}

void LogsRecordSink::finish() {
  if (!buffer_.empty()) emit_(buffer_);
  buffer_.clear();
}

}  // namespace recproc::cli
