#include "cli/staged_output.h"

#include "azure/blob_attributes.h"
#include "azure/blob_block_commit.h"
#include "azure/blob_content_headers.h"
#include "azure/blob_url.h"
#include "recproc/error.h"

namespace recproc::cli {
namespace {

azure::UploadTarget target_of(const std::string& url) {
  const azure::BlobLocation where = azure::parse_azblob_url(url);
  if (where.prefix.empty() || where.prefix.back() == '/') {
    throw UsageError(url + ": name the blob, e.g. azblob://" + where.container + "/" +
                     where.prefix + "out.ndjson");
  }
  return {where.container, where.prefix};
}

azure::BlobClient client_for(const BlobSettings& blob) {
  return azure::BlobClient(blob.credentials, blob.options.http(),
                           blob.options.retry);
}

std::string part_json(std::size_t k) { return "part-" + std::to_string(k) + ".json"; }

}  // namespace

std::vector<std::size_t> missing_block_counts(const std::vector<ShardManifest>& manifests,
                                              const std::string& url, const BlobSettings& blob) {
  std::vector<azure::StagedBlock> wanted;
  std::vector<std::size_t> owner;  // manifest index of each wanted block
  for (std::size_t k = 0; k < manifests.size(); ++k) {
    if (manifests[k].output_blob != url) continue;
    for (const azure::StagedBlock& b : manifests[k].blocks) {
      wanted.push_back(b);
      owner.push_back(k);
    }
  }
  std::vector<std::size_t> counts(manifests.size(), 0);
  if (wanted.empty()) return counts;
  azure::BlobClient client = client_for(blob);
  for (std::size_t i : azure::missing_blocks(client, target_of(url), wanted)) ++counts[owner[i]];
  return counts;
}

void check_staged_outputs(MergeCheck& check, const std::string& output, const BlobSettings* blob) {
  const std::vector<ShardManifest>& manifests = check.manifests;
  std::string staged_on;  // the one blob the shards staged on, when they did
  for (std::size_t k = 0; k < manifests.size(); ++k) {
    const ShardManifest& m = manifests[k];
    const std::string where = part_json(k);
    if (!output.empty() && is_blob_path(output) && m.output_blob != output) {
      check.problems.push_back(
          m.output_blob.empty()
              ? where + ": a part file, not blocks of " + output + ": run the shards with -o " +
                    output + " to stage them there, or merge to a file"
              : where + ": staged its output on " + m.output_blob + ", not on " + output);
    } else if (!output.empty() && !is_blob_path(output) && !m.output_blob.empty()) {
      check.problems.push_back(where + ": staged its output as blocks of " + m.output_blob +
                               "; commit them with -o " + m.output_blob);
    } else if (!staged_on.empty() && !m.output_blob.empty() && m.output_blob != staged_on) {
      check.problems.push_back(where + ": staged its output on " + m.output_blob + ", not on " +
                               staged_on + " as the shards before it");
    }
    if (staged_on.empty()) staged_on = m.output_blob;
  }
  if (check.problems.empty() && !staged_on.empty()) {
    RECPROC_ASSERT(blob != nullptr);
    const std::vector<std::size_t> gone = missing_block_counts(manifests, staged_on, *blob);
    for (std::size_t k = 0; k < gone.size(); ++k) {
      if (gone[k] == 0) continue;
      check.missing.push_back(k);
      check.problems.push_back(
          part_json(k) + ": " + std::to_string(gone[k]) + " of its " +
          std::to_string(manifests[k].blocks.size()) + " blocks are no longer staged on " +
          staged_on + " (committed over, or expired): run shard " + std::to_string(k) + " again");
    }
  }
  if (!check.problems.empty()) check.complete = false;
}

bool staged_target_exists(const std::string& url, const BlobSettings& blob) {
  const azure::UploadTarget target = target_of(url);
  azure::BlobClient client = client_for(blob);
  if (!azure::blob_exists(client, blob.credentials, target)) return false;
  if (blob.options.if_exists == azure::IfExists::kFail) {
    // cli/error_text.cc adds the flags that decide.
    throw azure::BlobExistsError("write to container \"" + target.container + "\" blob \"" +
                                 target.blob_name + "\": the blob exists");
  }
  return true;
}

bool commit_staged_output(const std::vector<ShardManifest>& manifests, const std::string& url,
                          const BlobSettings& blob, const azure::KeyValues& default_tags) {
  std::vector<azure::StagedBlock> blocks;
  for (const ShardManifest& m : manifests) {
    RECPROC_ASSERT(m.output_blob == url);
    blocks.insert(blocks.end(), m.blocks.begin(), m.blocks.end());
  }
  azure::BlobWriteOptions options;
  const azure::ContentHeaders headers = azure::content_headers_for(url);
  options.content_type = headers.type;
  options.content_encoding = headers.encoding;
  options.attributes = blob.options.attributes;
  options.attributes.tags = azure::merge_tags(default_tags, blob.options.attributes.tags);
  azure::BlobClient client = client_for(blob);
  return azure::commit_blocks(client, target_of(url), blocks, options, blob.options.if_exists) ==
         azure::CommitOutcome::kCommitted;
}

}  // namespace recproc::cli
