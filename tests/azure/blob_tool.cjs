// Independent checks with Microsoft's official JavaScript client (@azure/storage-blob), so the
// tests never judge recproc's protocol code with recproc's own code (issue 6).
//
//   node blob_tool.cjs props CONTAINER BLOB   -> {"sha256":..,"size":..,"contentType":..,"contentMD5":..,
//                                                 "contentEncoding":..,"metadata":{..},"tier":..}
//   node blob_tool.cjs account-sas            -> an account SAS token (blob service, 1 hour)
//   node blob_tool.cjs container-sas CONTAINER -> a container SAS token (1 hour)
//   node blob_tool.cjs set-md5 CONTAINER BLOB MD5 -> Set Blob Properties with that Content-MD5
//                                                 (base64), for the download MD5 check
//   node blob_tool.cjs blocks CONTAINER BLOB  -> {"committed":[..],"uncommitted":[..]}: the block
//                                                 ids, decoded from base64 (issue 14)
//   node blob_tool.cjs tags CONTAINER BLOB    -> {"KEY":"VALUE",..}: Get Blob Tags (issue 15)
//   node blob_tool.cjs discard CONTAINER BLOB -> drops every block: commits an empty block list
//                                                 and deletes the blob (a lost shard's blocks)
//
// Needs AZURE_STORAGE_CONNECTION_STRING with AccountName, AccountKey and BlobEndpoint, and
// NODE_PATH pointing at the node_modules that scripts/install-test-tools.sh filled.
"use strict";
const crypto = require("crypto");
const blob = require("@azure/storage-blob");

function connectionParts() {
  const parts = {};
  for (const part of (process.env.AZURE_STORAGE_CONNECTION_STRING || "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) parts[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return parts;
}

function sharedKey() {
  const p = connectionParts();
  return new blob.StorageSharedKeyCredential(p.AccountName, p.AccountKey);
}

function window() {
  const startsOn = new Date(Date.now() - 5 * 60 * 1000);
  const expiresOn = new Date(Date.now() + 60 * 60 * 1000);
  return { startsOn, expiresOn };
}

function blockBlob(container, name) {
  const service = blob.BlobServiceClient.fromConnectionString(
    process.env.AZURE_STORAGE_CONNECTION_STRING);
  return service.getContainerClient(container).getBlockBlobClient(name);
}

async function props(container, name) {
  const service = blob.BlobServiceClient.fromConnectionString(
    process.env.AZURE_STORAGE_CONNECTION_STRING);
  const client = service.getContainerClient(container).getBlobClient(name);
  const download = await client.download();
  const hash = crypto.createHash("sha256");
  let size = 0;
  for await (const chunk of download.readableStreamBody) {
    hash.update(chunk);
    size += chunk.length;
  }
  const p = await client.getProperties();
  return {
    sha256: hash.digest("hex"),
    size,
    contentType: p.contentType || "",
    contentMD5: p.contentMD5 ? Buffer.from(p.contentMD5).toString("base64") : "",
    contentEncoding: p.contentEncoding || "",
    metadata: p.metadata || {},
    tier: p.accessTier || "",
  };
}

async function main() {
  const [cmd, ...args] = process.argv.slice(2);
  if (cmd === "props") {
    process.stdout.write(JSON.stringify(await props(args[0], args[1])) + "\n");
  } else if (cmd === "account-sas") {
    const token = blob.generateAccountSASQueryParameters({
      ...window(),
      permissions: blob.AccountSASPermissions.parse("rwdlacu"),
      services: blob.AccountSASServices.parse("b").toString(),
      resourceTypes: blob.AccountSASResourceTypes.parse("sco").toString(),
      protocol: blob.SASProtocol.HttpsAndHttp,
    }, sharedKey()).toString();
    process.stdout.write(token + "\n");
  } else if (cmd === "container-sas") {
    const token = blob.generateBlobSASQueryParameters({
      ...window(),
      containerName: args[0],
      permissions: blob.ContainerSASPermissions.parse("racwl"),
      protocol: blob.SASProtocol.HttpsAndHttp,
    }, sharedKey()).toString();
    process.stdout.write(token + "\n");
  } else if (cmd === "set-md5") {
    const service = blob.BlobServiceClient.fromConnectionString(
      process.env.AZURE_STORAGE_CONNECTION_STRING);
    const client = service.getContainerClient(args[0]).getBlobClient(args[1]);
    const p = await client.getProperties();
    // Set Blob Properties replaces every content header: keep the others as they were.
    await client.setHTTPHeaders({
      blobContentType: p.contentType,
      blobContentEncoding: p.contentEncoding,
      blobContentMD5: Buffer.from(args[2], "base64"),
    });
  } else if (cmd === "blocks") {
    const client = blockBlob(args[0], args[1]);
    const list = await client.getBlockList("all");
    const names = (blocks) =>
      (blocks || []).map((b) => Buffer.from(b.name, "base64").toString("latin1"));
    process.stdout.write(JSON.stringify({
      committed: names(list.committedBlocks),
      uncommitted: names(list.uncommittedBlocks),
    }) + "\n");
  } else if (cmd === "tags") {
    const service = blob.BlobServiceClient.fromConnectionString(
      process.env.AZURE_STORAGE_CONNECTION_STRING);
    const got = await service.getContainerClient(args[0]).getBlobClient(args[1]).getTags();
    process.stdout.write(JSON.stringify(got.tags || {}) + "\n");
  } else if (cmd === "discard") {
    const client = blockBlob(args[0], args[1]);
    await client.commitBlockList([]);
    await client.delete();
  } else {
    throw new Error(
      "usage: blob_tool.cjs props CONTAINER BLOB | account-sas | container-sas C | " +
      "set-md5 C B MD5 | blocks C B | tags C B | discard C B");
  }
}

main().catch((e) => {
  process.stderr.write(`blob_tool: ${e.message}\n`);
  process.exit(1);
});
