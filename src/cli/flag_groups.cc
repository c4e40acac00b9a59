#include "cli/flag_groups.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <thread>

#include "azure/block_id.h"
#include "cli/flag_error.h"
#include "cli/size_option.h"
#include "recproc/error.h"

namespace recproc::cli {

void add_format_flags(CLI::App& cmd, FormatFlags& f) {
  cmd.add_option("--format", f.format, "Input format: ndjson, csv or tsv (default: from extension)")
      ->type_name("FMT");
  cmd.add_option("--delimiter", f.delimiter, "CSV field delimiter: , ; | or tab")
      ->type_name("CHAR");
  cmd.add_option("--quote", f.quote, "CSV quote character (default \")")->type_name("CHAR");
  cmd.add_flag("--no-header", f.no_header, "CSV has no header row; columns are c1..cN");
  cmd.add_flag("--allow-ragged", f.allow_ragged,
               "Pad or truncate CSV rows with a wrong field count");
}

void add_blob_access_flags(CLI::App& cmd, BlobAccessFlags& f, const std::string& destination) {
  cmd.add_flag("--overwrite", f.overwrite, "Replace an existing " + destination);
  cmd.add_flag("--skip-existing", f.skip_existing,
               "Leave an existing " + destination + " alone and succeed");
  add_blob_sign_in_flags(cmd, f);
}

void add_blob_sign_in_flags(CLI::App& cmd, BlobSignInFlags& f) {
  cmd.add_option("--ca-file", f.ca_file, "Extra CA bundle (PEM) for HTTPS to a private endpoint")
      ->check(CLI::Validator(CLI::ExistingFile).description(""))
      ->type_name("FILE");
  cmd.add_option("--auth", f.auth, "Sign-in: auto (default), key, sas or entra")
      ->check(CLI::IsMember({"auto", "key", "sas", "entra"}).description(""))
      ->type_name("HOW");
  cmd.add_option("--stall-timeout", f.stall_timeout,
                 "Retry a connection silent for S seconds (default 60)")
      ->check(CLI::Range(1, 3600).description(""))
      ->type_name("S");
}

namespace {

azure::AuthMode auth_mode(const BlobSignInFlags& f) {
  return with_flag(
      "--auth", [&] { return azure::parse_auth_mode(f.auth); }, " ");
}

}  // namespace

azure::IfExists if_exists(const BlobAccessFlags& f) {
  if (f.overwrite && f.skip_existing) {
    throw UsageError("--overwrite and --skip-existing exclude each other");
  }
  if (f.overwrite) return azure::IfExists::kOverwrite;
  if (f.skip_existing) return azure::IfExists::kSkip;
  return azure::IfExists::kFail;
}

azure::StorageCredentials blob_credentials(const BlobSignInFlags& f) {
  azure::CredentialOptions credential;
  credential.ca_file = f.ca_file;
  return azure::storage_credentials(auth_mode(f), credential);
}

void add_upload_flags(CLI::App& cmd, UploadFlags& f) {
  add_blob_access_flags(cmd, f, "blob");
  cmd.add_flag("--no-create-container", f.no_create_container,
               "Fail instead of creating a missing container");
  add_blob_attribute_flags(cmd, f);
  cmd.add_option("--block-size", f.block_size,
                 "Block size (default 8MiB; grows so that a blob needs at most 50,000 blocks)")
      ->type_name("SIZE");
  cmd.add_option("--upload-concurrency", f.concurrency,
                 "Blocks in flight per blob, 1-64 (default: twice the cores)")
      ->check(CLI::Range(1, 64))
      ->type_name("N");
}

void add_blob_attribute_flags(CLI::App& cmd, UploadFlags& f) {
  cmd.add_option("--metadata", f.metadata, "Blob metadata NAME=VALUE (x-ms-meta-NAME), repeatable")
      ->type_name("K=V")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd.add_option("--tags", f.tags, "Blob index tag KEY=VALUE, repeatable (at most 10)")
      ->type_name("K=V")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd.add_option("--tier", f.tier, "Access tier: Hot, Cool, Cold or Archive")->type_name("TIER");
}

azure::UploadOptions upload_options(const UploadFlags& f) {
  azure::UploadOptions opts;
  opts.if_exists = if_exists(f);
  opts.create_container = !f.no_create_container;
  opts.ca_file = f.ca_file;
  opts.stall_timeout = std::chrono::seconds(f.stall_timeout);
  opts.auth = auth_mode(f);
  opts.attributes.metadata = with_flag(
      "--metadata", [&] { return azure::parse_metadata(f.metadata); }, " ");
  opts.attributes.tags = with_flag(
      "--tags", [&] { return azure::parse_tags(f.tags); }, " ");
  opts.attributes.tier = with_flag(
      "--tier", [&] { return azure::parse_tier(f.tier); }, " ");
  opts.block_size = parse_size(f.block_size, "--block-size");
  if (opts.block_size > azure::kMaxBlockSize) {
    throw UsageError("--block-size " + f.block_size + ": at most 4000 MiB (the service's limit)");
  }
  // Uploads wait on the network, not the CPU: twice the cores keeps the pipe full (issue 15).
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  opts.concurrency = f.concurrency > 0 ? f.concurrency : std::min(64, 2 * cores);
  return opts;
}

}  // namespace recproc::cli
