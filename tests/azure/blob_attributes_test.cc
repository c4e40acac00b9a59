// --metadata, --tags and --tier on `upload` as Microsoft's JavaScript client reads them back
// from Azurite (issue 15): Get Blob Properties for metadata and tier, Get Blob Tags for the
// index tags, on a small file (one Put Blob) and on a file sent as blocks (Put Block List).
#include <gtest/gtest.h>
#include <simdjson.h>

#include <map>

#include "azurite_support.h"

namespace recproc::azure {
namespace {

std::map<std::string, std::string> json_map(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  std::map<std::string, std::string> out;
  if (parser.parse(json).get(object) != simdjson::SUCCESS) return out;
  for (auto [key, value] : object) {
    std::string_view text;
    if (value.get(text) == simdjson::SUCCESS) out[std::string(key)] = std::string(text);
  }
  return out;
}

class BlobAttributes : public test::AzuriteCliTest {
 protected:
  BlobAttributes() : AzuriteCliTest("attrs") {}
  std::map<std::string, std::string> tags(const std::string& name) {
    return json_map(test::node_tool(endpoint_, {"tags", container_, name}));
  }
  test::TempDir dir_;
};

TEST_F(BlobAttributes, UploadSetsMetadataTagsAndTierOnOneBlobAndOnBlocks) {
  const std::string small = dir_.file("small.ndjson");
  test::write_file(small, test::numbered_records(10));
  const std::string big = dir_.file("big.ndjson");
  test::write_file(big, test::numbered_records(5000));  // ~170 KB: 8 KiB blocks
  for (const std::string& file : {small, big}) {
    auto r = test::recproc({"upload", "-q", file, url(""), "--block-size", "8KiB", "--metadata",
                            "source=syslog", "--metadata", "Owner_2=ops team", "--tags",
                            "team=data ops", "--tags", "day=2026-11-25", "--tier", "Cold"},
                           env_);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  for (const char* name : {"small.ndjson", "big.ndjson"}) {
    const std::string props = test::node_tool(endpoint_, {"props", container_, name});
    EXPECT_NE(props.find("\"source\":\"syslog\""), std::string::npos) << name << props;
    EXPECT_NE(props.find("\":\"ops team\""), std::string::npos) << name << props;
    EXPECT_EQ(test::json_string_field(props, "tier"), "Cold") << name << props;
    const std::map<std::string, std::string> expected = {{"team", "data ops"},
                                                         {"day", "2026-11-25"}};
    EXPECT_EQ(tags(name), expected) << name;
  }
}

TEST_F(BlobAttributes, RunOutputTagsAreTheCountsUnderTheGivenOnes) {
  const std::string in = dir_.file("in.ndjson");
  test::write_file(in, test::numbered_records(300));
  auto r = test::recproc({"run", "-q", in, "-o", url("out.ndjson"), "--block-size", "4KiB",
                          "--tags", "team=ops", "--tags", "records_in=override"},
                         env_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::map<std::string, std::string> expected = {{"team", "ops"},
                                                       {"records_in", "override"},
                                                       {"records_out", "300"},
                                                       {"records_rejected", "0"}};
  EXPECT_EQ(tags("out.ndjson"), expected);
}

}  // namespace
}  // namespace recproc::azure
