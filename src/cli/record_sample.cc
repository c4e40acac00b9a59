#include "cli/record_sample.h"

#include <string>

#include "cli/blob_inputs.h"
#include "cli/flag_groups.h"
#include "cli/format_choice.h"
#include "engine/serial_reader.h"
#include "io/byte_source.h"

namespace recproc::cli {
namespace {

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
  engine::EngineInput input;
  input.path = path;
  input.format = input_format_for(path, o);
  input.source = open_sample(path, sign_in);
  return engine::read_serially(std::move(input), {}, visit);
}

}  // namespace recproc::cli
