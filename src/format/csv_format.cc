#include "format/csv_format.h"

#include "format/csv_reader.h"
#include "format/csv_writer.h"
#include "recproc/error.h"

namespace recproc::format {
namespace {

std::string_view name_of(const CsvDialect& dialect) {
  return dialect.delimiter == '\t' ? "tsv" : "csv";
}

class CsvInputFormat final : public InputFormat {
 public:
  CsvInputFormat(CsvDialect dialect, WarningFn on_warning)
      : dialect_(dialect), on_warning_(std::move(on_warning)) {}
  std::string_view name() const override { return name_of(dialect_); }
  std::unique_ptr<RecordReader> make_reader() const override {
    return std::make_unique<CsvReader>(dialect_);
  }
  std::unique_ptr<Boundary> make_boundary() const override {
    return std::make_unique<CsvBoundary>(dialect_, on_warning_);
  }
  /// CsvReader checks every read against the chunk's end.
  std::size_t chunk_padding() const override { return 0; }

 private:
  CsvDialect dialect_;
  WarningFn on_warning_;
};

class CsvOutputFormat final : public OutputFormat {
 public:
  explicit CsvOutputFormat(CsvDialect dialect)
      : dialect_(dialect), columns_(std::make_shared<CsvColumns>()) {}
  std::string_view name() const override { return name_of(dialect_); }
  std::string header() const override {
    RECPROC_ASSERT(columns_->set);
    return dialect_.header ? csv_header(columns_->names, dialect_) : std::string();
  }
  bool needs_columns() const override { return true; }
  void set_columns(std::vector<std::string> columns) override {
    RECPROC_ASSERT(!columns_->set);  // writers already share them
    columns_->escaped.clear();
    columns_->nested.clear();
    for (const auto& name : columns) {
      auto path = FieldPath::try_parse(name);
      columns_->nested.push_back(path && path->segments().size() > 1 ? *path : FieldPath());
    }
    for (const std::string& name : columns) {
      append_json_escaped(columns_->escaped.emplace_back(), name);
    }
    columns_->names = std::move(columns);
    columns_->set = true;
  }
  std::unique_ptr<RecordWriter> make_writer() const override {
    return std::make_unique<CsvWriter>(dialect_, columns_);
  }

 private:
  CsvDialect dialect_;
  std::shared_ptr<CsvColumns> columns_;
};

}  // namespace

std::shared_ptr<InputFormat> make_csv_input_format(CsvDialect dialect, WarningFn on_warning) {
  check_dialect(dialect);
  return std::make_shared<CsvInputFormat>(dialect, std::move(on_warning));
}

std::shared_ptr<OutputFormat> make_csv_output_format(CsvDialect dialect) {
  check_dialect(dialect);
  return std::make_shared<CsvOutputFormat>(dialect);
}

}  // namespace recproc::format
