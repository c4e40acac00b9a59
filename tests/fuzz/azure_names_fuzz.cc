// libFuzzer target for the azblob:// URL and connection string parsers (issue 18). Each input
// goes through both. A URL either parses to a container that passes Azure's naming rules, or is
// refused with UsageError; a connection string either gives an account with exactly one secret
// and an https/http endpoint without a trailing '/', or is refused with UsageError. Built
// without RECPROC_LIBFUZZER it replays tests/data/fuzz-regressions/azure_names/.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "azure/blob_url.h"
#include "azure/connection_string.h"
#include "recproc/error.h"

namespace {

void check_url(std::string_view text) {
  using namespace recproc::azure;
  try {
    BlobLocation loc = parse_azblob_url(text);
    check_container_name(loc.container);  // what parsed must be valid
    const std::string name = blob_name_for(loc, "dir/file.ndjson", true);
    for (char c : encode_blob_path(name)) {
      if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e)
        std::abort();
    }
  } catch (const recproc::UsageError&) {
  }
}

void check_connection_string(std::string_view text) {
  try {
    auto creds = recproc::azure::parse_connection_string(text);
    if (creds.account_key.empty() == creds.sas_token.empty()) std::abort();
    if (!creds.blob_endpoint.empty() && creds.blob_endpoint.back() == '/') std::abort();
  } catch (const recproc::UsageError&) {
  }
}

int fuzz_one(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_url(text);
  check_connection_string(text);
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz_one(data, size);
}

#ifndef RECPROC_LIBFUZZER
#include "replay_main.h"

int main(int argc, char** argv) {
  return replay_regressions(argc, argv, "azure_names", LLVMFuzzerTestOneInput);
}
#endif
