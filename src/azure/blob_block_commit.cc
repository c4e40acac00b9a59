#include "azure/blob_block_commit.h"

#include <spdlog/spdlog.h>

#include <unordered_map>

#include "azure/block_id.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

std::string label(const UploadTarget& target) {
  return "commit to container \"" + target.container + "\" blob \"" + target.blob_name + "\"";
}

std::uint64_t total_size(const std::vector<StagedBlock>& blocks) {
  std::uint64_t total = 0;
  for (const StagedBlock& b : blocks) total += b.size;
  return total;
}

// The committed blob must be exactly the listed blocks: the size alone would not see a block
// list that another writer committed over ours between our commit and this check.
bool committed_as_listed(BlobClient& client, const UploadTarget& target,
                         const std::vector<StagedBlock>& blocks) {
  const std::vector<StagedBlock> committed =
      client.block_list(target.container, target.blob_name).committed;
  if (committed.size() != blocks.size()) return false;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (committed[i].id != blocks[i].id || committed[i].size != blocks[i].size) return false;
  }
  return true;
}

}  // namespace

std::vector<std::size_t> missing_blocks(BlobClient& client, const UploadTarget& target,
                                        const std::vector<StagedBlock>& wanted) {
  const BlockList list = client.block_list(target.container, target.blob_name);
  std::unordered_map<std::string, std::uint64_t> held;
  for (const auto* part : {&list.committed, &list.uncommitted}) {
    for (const StagedBlock& b : *part) held.emplace(b.id, b.size);
  }
  std::vector<std::size_t> missing;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    const auto it = held.find(wanted[i].id);
    if (it == held.end() || it->second != wanted[i].size) missing.push_back(i);
  }
  return missing;
}

CommitOutcome commit_blocks(BlobClient& client, const UploadTarget& target,
                            const std::vector<StagedBlock>& blocks, BlobWriteOptions options,
                            IfExists if_exists) {
  if (blocks.size() > kMaxBlocksPerBlob) {
    throw IoError(label(target) + ": the shards staged " + std::to_string(blocks.size()) +
                  " blocks, more than the 50,000 a blob holds; run them again with a "
                  "larger block size");
  }
  options.content_md5.clear();  // unknown: the MD5s of the parts do not combine
  options.if_none_match = if_exists != IfExists::kOverwrite;
  std::vector<std::string> ids;
  ids.reserve(blocks.size());
  for (const StagedBlock& b : blocks) ids.push_back(b.id);
  spdlog::debug("{}: committing {} staged blocks", label(target), ids.size());
  net::HttpResponse response;
  try {
    response = client.put_block_list(target.container, target.blob_name, ids, options);
  } catch (const net::TransportError& e) {
    throw IoError(label(target) + ": " + e.what());
  }
  const std::uint64_t size = total_size(blocks);
  if (response.status == 409 && response.header("x-ms-error-code") == "BlobAlreadyExists") {
    // Our own earlier attempt whose answer was lost is success; anyone else's blob is not ours.
    const bool ours = response.attempts > 1 && committed_as_listed(client, target, blocks);
    if (!ours) {
      if (if_exists == IfExists::kSkip) return CommitOutcome::kSkipped;
      throw BlobExistsError(label(target) + ": 409 BlobAlreadyExists: the blob exists");
    }
  } else if (response.status != 201) {
    throw IoError(label(target) + ": " + client.describe(response));
  }
  net::HttpResponse failure;  // a SAS that may not read properties: then not checked
  std::optional<BlobProperties> p;
  try {
    p = client.get_properties(target.container, target.blob_name, &failure);
  } catch (const net::TransportError& e) {
    throw IoError(label(target) + ": checking the committed blob: " + e.what());
  }
  if (p && p->size != size) {
    throw IoError(label(target) + ": the committed blob has " + std::to_string(p->size) +
                  " bytes, the staged blocks " + std::to_string(size));
  }
  if (p && !committed_as_listed(client, target, blocks)) {
    throw IoError(label(target) + ": the committed blob is not the staged blocks listed");
  }
  return CommitOutcome::kCommitted;
}

}  // namespace recproc::azure
