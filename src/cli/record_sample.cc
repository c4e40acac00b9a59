#include "cli/record_sample.h"

#include <string>

#include "cli/blob_inputs.h"
#include "cli/flag_groups.h"
#include "cli/format_choice.h"
#include "io/byte_source.h"
#include "record/json_parser.h"

namespace recproc::cli {
namespace {

constexpr std::size_t kReadBlock = 64 * 1024;  // small: a preview of 10 lines reads one block

// A local file, or the first blob an azblob:// URL names (issue 15); the blob source starts with
// one small range, so a preview fetches little.
std::unique_ptr<io::ByteSource> open_sample(const std::string& path,
                                            const BlobSignInFlags& sign_in) {
  if (!is_blob_url(path)) return io::open_source(path);
  auto access = std::make_shared<BlobAccess>();
  access->credentials = blob_credentials(sign_in);
  access->http.ca_file = sign_in.ca_file;
  azure::BlobClient client(access->credentials, access->http, {});
  const BlobInput first = resolve_blob_inputs(path, client).front();
  return open_blob_source(first, std::move(access));
}

}  // namespace

bool is_text_format(const std::string& path, const FormatFlags& o) {
  const std::string_view name = input_format_for(path, o)->name();
  return name == "csv" || name == "tsv";
}

InputInfo read_sample(const std::string& path, const FormatFlags& o, const BlobSignInFlags& sign_in,
                      const std::function<bool(const SampledRecord&)>& visit) {
  const auto format = input_format_for(path, o);
  const auto source = open_sample(path, sign_in);
  const auto boundary = format->make_boundary();
  const auto reader = format->make_reader();
  InputInfo info;
  info.name = path;

  std::string buf;
  bool eof = false;
  auto fill = [&] {
    const std::size_t old = buf.size();
    buf.resize(old + kReadBlock);
    const std::size_t got = source->read(buf.data() + old, kReadBlock);
    buf.resize(old + got);
    eof = got == 0;
  };

  fill();
  for (;;) {
    const std::size_t used = boundary->read_preamble(buf, eof, info);
    if (used != std::string::npos) {
      buf.erase(0, used);
      break;
    }
    fill();
  }

  const std::size_t padding = JsonParser::required_padding();
  std::string chunk;
  std::uint64_t chunk_line = info.first_line;
  Record record;
  RawRecord raw;
  FieldError error;
  for (;;) {
    const std::size_t cut = boundary->last_cut(buf, eof);
    if (cut == 0) {
      if (eof) break;
      fill();
      continue;
    }
    chunk.assign(buf, 0, cut);
    chunk.append(padding, '\0');  // readers may read this far past the chunk
    buf.erase(0, cut);
    reader->begin_chunk(ChunkView{std::string_view(chunk.data(), cut), padding, &info});
    for (;;) {
      const ReadStatus status = reader->next(record, raw, error);
      if (status == ReadStatus::kEnd) break;
      if (status == ReadStatus::kBlank) continue;
      SampledRecord sample;
      sample.status = status;
      sample.record = status == ReadStatus::kRecord ? &record : nullptr;
      sample.text = raw.text;
      sample.line = chunk_line + raw.line - 1;
      sample.error = status == ReadStatus::kError ? &error : nullptr;
      if (!visit(sample)) return info;
    }
    chunk_line += reader->lines_consumed();
  }
  return info;
}

}  // namespace recproc::cli
