#include "format/csv_writer.h"

#include <cstring>

#include "recproc/error.h"

namespace recproc::format {

// Hot: once per output field.
void append_csv_field(std::string& out, std::string_view value, const CsvDialect& dialect,
                      bool quote_empty) {
  bool quote = quote_empty && value.empty();
  for (char c : value) {
    if (c == dialect.delimiter || c == dialect.quote || c == '\n' || c == '\r') {
      quote = true;
      break;
    }
  }
  if (!quote) {
    out.append(value);
    return;
  }
  out.push_back(dialect.quote);
  std::size_t run = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != dialect.quote) continue;
    out.append(value.substr(run, i + 1 - run));
    out.push_back(dialect.quote);
    run = i + 1;
  }
  out.append(value.substr(run));
  out.push_back(dialect.quote);
}

std::string csv_header(const std::vector<std::string>& names, const CsvDialect& dialect) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out.push_back(dialect.delimiter);
    append_csv_field(out, names[i], dialect, names.size() == 1);
  }
  out.push_back('\n');
  return out;
}

// Records usually list their members in column order, so try the member after the previous
// match first and fall back to a search by name.
NodeId CsvWriter::member_for_column(const Record& record, NodeId& cursor,
                                    std::size_t column) const {
  if (cursor != kNoNode) {
    const Node& n = record.node(cursor);
    if (!n.key_has_escapes && n.key == columns_->escaped[column]) {
      NodeId found = cursor;
      cursor = n.next;
      return found;
    }
  }
  NodeId found = record.find_member(record.root(), columns_->names[column]);
  if (found != kNoNode) {
    cursor = record.node(found).next;
    return found;
  }
  // A column named by a nested path ("b.c" from `select b.c`) reads the nested value.
  if (!columns_->nested[column].empty()) return record.find(columns_->nested[column]);
  return kNoNode;
}

void CsvWriter::append_value(const Record& record, NodeId id, std::string& out) {
  const Node& n = record.node(id);
  const bool lone = columns_->names.size() == 1;
  switch (n.kind) {
    case NodeKind::kNull:
      if (lone) append_csv_field(out, "", dialect_, true);
      return;
    case NodeKind::kBool:
      out.append(n.bool_value ? "true" : "false");
      return;
    case NodeKind::kNumber:
      out.append(n.text);
      return;
    case NodeKind::kString:
      append_csv_field(out, record.string_value(id, scratch_), dialect_, lone);
      return;
    case NodeKind::kObject:
    case NodeKind::kArray:
      scratch_.clear();
      record.write_json(scratch_, id);
      append_csv_field(out, scratch_, dialect_);
      return;
  }
}

// Hot: once per output record.
void CsvWriter::write(const Record& record, std::string& out) {
  RECPROC_ASSERT(columns_->set);  // OutputFormat::set_columns() comes before the first write
  const std::size_t columns = columns_->names.size();
  NodeId root = record.root();
  bool is_object = root != kNoNode && record.node(root).kind == NodeKind::kObject;
  NodeId cursor = is_object ? record.node(root).first_child : kNoNode;
  for (std::size_t i = 0; i < columns; ++i) {
    if (i > 0) out.push_back(dialect_.delimiter);
    NodeId id = is_object ? member_for_column(record, cursor, i) : kNoNode;
    if (id != kNoNode) {
      append_value(record, id, out);
    } else if (columns == 1) {
      append_csv_field(out, "", dialect_, true);
    }
  }
  out.push_back('\n');
}

}  // namespace recproc::format
