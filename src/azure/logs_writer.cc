#include "azure/logs_writer.h"

#include <utility>

namespace recproc::azure {
namespace {

constexpr std::size_t kFlushBytes = 64 * 1024;

}  // namespace

LogsTextWriter::LogsTextWriter(LogsOutputFormat format, Emit emit)
    : format_(format), emit_(std::move(emit)) {
  buffer_.reserve(kFlushBytes + 4096);
}

void LogsTextWriter::columns(const std::vector<LogsColumn>& columns) {
  if (format_ == LogsOutputFormat::kNdjson) {
    keys_.clear();
    for (const auto& c : columns) {
      std::string key;
      append_json_string(key, c.name);
      key += ':';
      keys_.push_back(std::move(key));
    }
    return;
  }
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) buffer_ += ',';
    append_csv_field(buffer_, columns[i].name);
  }
  buffer_ += '\n';
}

// Hot: runs once per result row.
void LogsTextWriter::row(std::span<const LogsCell> cells) {
  if (format_ == LogsOutputFormat::kNdjson) {
    buffer_ += '{';
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) buffer_ += ',';
      buffer_ += keys_[i];
      switch (cells[i].kind) {
        case LogsCell::Kind::kNull:
          buffer_ += "null";
          break;
        case LogsCell::Kind::kString:
          append_json_string(buffer_, cells[i].text);
          break;
        case LogsCell::Kind::kJson:
          buffer_ += cells[i].text;
          break;
      }
    }
    buffer_ += "}\n";
  } else {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) buffer_ += ',';
      if (cells[i].kind != LogsCell::Kind::kNull) append_csv_field(buffer_, cells[i].text);
    }
    buffer_ += '\n';
  }
  ++rows_;
  flush_if_full();
}

void LogsTextWriter::flush_if_full() {
  if (buffer_.size() < kFlushBytes) return;
  emit_(buffer_);
  buffer_.clear();
}

void LogsTextWriter::finish() {
  if (!buffer_.empty()) emit_(buffer_);
  buffer_.clear();
}

void append_csv_field(std::string& out, std::string_view value) {
  bool quote = !value.empty() && (value.front() == ' ' || value.back() == ' ');
  quote = quote || value.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace recproc::azure
