#include "azure/blob_url.h"

#include <gtest/gtest.h>

#include "azure/blob_content_headers.h"
#include "azure/blob_upload.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

std::string usage_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no UsageError)";
}

TEST(BlobUrl, Parses) {
  auto a = parse_azblob_url("azblob://logs");
  EXPECT_EQ(a.container, "logs");
  EXPECT_EQ(a.prefix, "");
  auto b = parse_azblob_url("azblob://logs/night/2024-01-01/out.ndjson");
  EXPECT_EQ(b.container, "logs");
  EXPECT_EQ(b.prefix, "night/2024-01-01/out.ndjson");
}

TEST(BlobUrl, ContainerNameRules) {
  EXPECT_EQ(usage_error([] { parse_azblob_url("s3://logs/x"); }),
            "\"s3://logs/x\": expected azblob://CONTAINER/PREFIX");
  EXPECT_EQ(usage_error([] { parse_azblob_url("azblob:///x"); }),
            "\"azblob:///x\": expected azblob://CONTAINER/PREFIX");
  EXPECT_EQ(usage_error([] { parse_azblob_url("azblob://Logs/x"); }),
            "\"azblob://Logs/x\": container name \"Logs\": may contain only lowercase letters, "
            "digits and '-'");
  EXPECT_EQ(usage_error([] { parse_azblob_url("azblob://ab"); }),
            "\"azblob://ab\": container name \"ab\": must be 3 to 63 characters long");
  EXPECT_EQ(
      usage_error([] { parse_azblob_url("azblob://-abc"); }),
      "\"azblob://-abc\": container name \"-abc\": must start and end with a letter or digit");
  EXPECT_EQ(usage_error([] { parse_azblob_url("azblob://a--b"); }),
            "\"azblob://a--b\": container name \"a--b\": must not contain \"--\"");
  EXPECT_NO_THROW(parse_azblob_url("azblob://" + std::string(63, 'a')));
  EXPECT_THROW(parse_azblob_url("azblob://" + std::string(64, 'a')), UsageError);
  EXPECT_EQ(usage_error([] { parse_azblob_url("azblob://logs//x"); }),
            "\"azblob://logs//x\": the blob name must not start with '/'");
}

TEST(BlobUrl, BlobNames) {
  BlobLocation dir{"logs", "night/"};
  EXPECT_EQ(blob_name_for(dir, "/tmp/out.ndjson", true), "night/out.ndjson");
  EXPECT_EQ(blob_name_for(dir, "out.ndjson", false), "night/out.ndjson");
  BlobLocation exact{"logs", "night/all.ndjson"};
  EXPECT_EQ(blob_name_for(exact, "/tmp/out.ndjson", true), "night/all.ndjson");
  EXPECT_EQ(blob_name_for(exact, "/tmp/out.ndjson", false), "night/all.ndjsonout.ndjson");
  BlobLocation root{"logs", ""};
  EXPECT_EQ(blob_name_for(root, "a/b/c.csv", true), "c.csv");
}

TEST(BlobUrl, PlanRejectsTwoFilesOnOneBlob) {
  EXPECT_EQ(usage_error([] {
              plan_uploads({"a/x.csv", "b/x.csv"}, "azblob://logs/");
            }),
            "\"b/x.csv\": another file is also uploaded to blob \"x.csv\"");
  auto targets = plan_uploads({"a/x.csv", "b/y.csv"}, "azblob://logs/p/");
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[1].blob_name, "p/y.csv");
}

TEST(BlobUrl, EncodesPaths) {
  EXPECT_EQ(encode_blob_path("night/a b+c%.csv"), "night/a%20b%2Bc%25.csv");
  EXPECT_EQ(encode_blob_path("é"), "%C3%A9");
}

TEST(ContentType, FromExtension) {
  EXPECT_EQ(content_type_for("out.ndjson"), "application/x-ndjson");
  EXPECT_EQ(content_type_for("out.JSONL"), "application/x-ndjson");
  EXPECT_EQ(content_type_for("out.csv"), "text/csv");
  EXPECT_EQ(content_type_for("out.tsv"), "text/tab-separated-values");
  EXPECT_EQ(content_type_for("report.json"), "application/json");
  EXPECT_EQ(content_type_for("out.ndjson.gz"), "application/x-ndjson");
  EXPECT_EQ(content_headers_for("out.ndjson.gz").encoding, "gzip");
  EXPECT_EQ(content_type_for("logs.tar.gz"), "application/gzip");
  EXPECT_EQ(content_headers_for("logs.tar.gz").encoding, "");
  EXPECT_EQ(content_type_for("out.csv.zst"), "text/csv");
  EXPECT_EQ(content_headers_for("out.csv.zst").encoding, "zstd");
  EXPECT_EQ(content_type_for("dir.d/README"), "application/octet-stream");
}

}  // namespace
}  // namespace recproc::azure
