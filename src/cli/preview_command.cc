// `recproc preview INPUT [-n N]`: the first N records as an aligned table, with each column's
// inferred type and how many of the sampled lines failed to parse (issue 3). A quick look at
// the data before writing a schema for it.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

#include "cli/command.h"
#include "cli/flag_groups.h"
#include "cli/help_formatter.h"
#include "cli/record_sample.h"
#include "schema/schema_inference.h"

namespace recproc::cli {
namespace {

constexpr std::size_t kMaxCellWidth = 32;  // code points; longer values end in "..."
constexpr std::size_t kMaxShownErrors = 10;

struct PreviewArgs {
  std::string input;
  std::size_t rows = 10;
  FormatFlags read;       // as for `run`
  BlobSignInFlags blobs;  // for an azblob:// input
};

std::size_t width(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

// One line of text at most kMaxCellWidth wide: control characters shown as escapes.
std::string fit(std::string_view s) {
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\r')
      out += "\\r";
    else if (c < 0x20)
      out += '?';
    else
      out += ch;
  }
  if (width(out) <= kMaxCellWidth) return out;
  std::size_t kept = 0;
  std::size_t i = 0;
  for (; i < out.size(); ++i) {
    if ((static_cast<unsigned char>(out[i]) & 0xc0) != 0x80 && ++kept > kMaxCellWidth - 3) break;
  }
  out.resize(i);
  out += "...";
  return out;
}

std::string cell_text(const Record& r, NodeId id, std::string& scratch) {
  const Node& n = r.node(id);
  switch (n.kind) {
    case NodeKind::kString:
      return fit(r.string_value(id, scratch));
    case NodeKind::kObject:
    case NodeKind::kArray: {
      std::string json;
      r.write_json(json, id);
      return fit(json);
    }
    default: {
      std::string json;
      r.write_json(json, id);
      return json;
    }
  }
}

class Table {
 public:
  void add_record(const Record& r) {
    std::vector<std::string>& row = rows_.emplace_back();
    const NodeId root = r.root();
    if (r.node(root).kind != NodeKind::kObject) {
      set(row, column("value"), cell_text(r, root, scratch_));
      return;
    }
    for (NodeId c = r.node(root).first_child; c != kNoNode; c = r.node(c).next) {
      const std::size_t col = column(std::string(r.key(c, scratch_)));
      set(row, col, cell_text(r, c, scratch_));
    }
  }

  std::string render(const std::vector<std::pair<std::string, std::string>>& types) const {
    std::unordered_map<std::string, std::string> type_of(types.begin(), types.end());
    std::vector<std::string> type_row;
    for (const std::string& name : names_) {
      const auto it = type_of.find(name);
      type_row.push_back(it == type_of.end() ? "" : it->second);
    }
    std::vector<std::size_t> widths(names_.size());
    auto widen = [&](const std::vector<std::string>& row) {
      for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], width(row[i]));
    };
    widen(names_);
    widen(type_row);
    for (const auto& row : rows_) widen(row);
    std::vector<std::string> rule;
    for (const std::size_t w : widths) rule.emplace_back(w, '-');

    std::string out;
    line(out, names_, widths);
    line(out, type_row, widths);
    line(out, rule, widths);
    for (const auto& row : rows_) line(out, row, widths);
    return out;
  }

 private:
  std::size_t column(const std::string& name) {
    const auto [it, added] = index_.emplace(name, names_.size());
    if (added) names_.push_back(name);
    return it->second;
  }

  static void set(std::vector<std::string>& row, std::size_t col, std::string text) {
    if (row.size() <= col) row.resize(col + 1);
    row[col] = std::move(text);
  }

  static void line(std::string& out, const std::vector<std::string>& row,
                   const std::vector<std::size_t>& widths) {
    std::string text;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      const std::string empty;
      const std::string& cell = i < row.size() ? row[i] : empty;
      if (i > 0) text += "  ";
      text += cell;
      text.append(widths[i] - width(cell), ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text;
    out += '\n';
  }

  std::vector<std::string> names_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<std::vector<std::string>> rows_;
  std::string scratch_;
};

int run_preview(const PreviewArgs& args) {
  schema::InferenceOptions options;
  options.values_are_text = is_text_format(args.input, args.read);
  schema::SchemaInference inference(options);
  Table table;
  std::size_t sampled = 0;
  std::vector<std::string> errors;
  read_sample(args.input, args.read, args.blobs, [&](const SampledRecord& s) {
    ++sampled;
    if (s.status == ReadStatus::kError) {
      errors.push_back("  line " + std::to_string(s.line) + ": " + s.error->reason);
    } else {
      table.add_record(*s.record);
      inference.add(*s.record);
    }
    return sampled < args.rows;
  });

  std::string out = table.render(inference.column_types());
  out += "\n" + std::to_string(inference.records()) + " record" +
         (inference.records() == 1 ? "" : "s") + " shown from " + args.input + "; " +
         std::to_string(errors.size()) + " of " + std::to_string(sampled) +
         " sampled lines failed to parse\n";
  for (std::size_t i = 0; i < errors.size() && i < kMaxShownErrors; ++i) out += errors[i] + "\n";
  if (errors.size() > kMaxShownErrors) {
    out += "  ... and " + std::to_string(errors.size() - kMaxShownErrors) + " more\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace

void add_preview_command(CLI::App& app, CommandAction& action) {
  auto args = std::make_shared<PreviewArgs>();
  CLI::App* cmd =
      app.add_subcommand("preview", "Show the first records as a table with inferred column types");
  cmd->footer(help_footer(
      "Types: integer, number, string, boolean, null, object, array; '|' joins the types seen, "
      "(date-time) and similar name a format every string matched, '?' marks a column missing "
      "from some records. CSV fields are typed by their text, as --cast would convert them.",
      {"recproc preview in.csv -n 20", "recproc preview events.ndjson.gz",
       "recproc preview azblob://raw/2026-11-25/syslog.ndjson.gz"}));
  cmd->add_option("INPUT", args->input, "Input file, azblob:// blob or pattern, '-' for stdin")
      ->required();
  cmd->add_option("-n,--rows", args->rows, "Number of lines to sample")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  add_format_flags(*cmd, args->read);
  add_blob_sign_in_flags(*cmd, args->blobs);
  cmd->callback([&action, args] { action = [args] { return run_preview(*args); }; });
}

}  // namespace recproc::cli
