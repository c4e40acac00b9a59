#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "record/json_parser.h"
#include "recproc/error.h"
#include "transform/registry.h"

namespace recproc {
namespace {

std::string run_step(const TransformPtr& t, std::string_view json, Outcome* outcome = nullptr) {
  JsonParser parser;
  Record r;
  std::string error;
  EXPECT_TRUE(parser.parse(json, 0, r, error)) << error;
  auto worker = t->make_worker();
  Outcome o = worker->apply(r);
  if (outcome) *outcome = o;
  std::string out;
  r.write_json(out);
  return out;
}

std::string plugin_path() { return std::string(RECPROC_PLUGIN_DIR) + "/libmask_ip.so"; }

TEST(Plugin, LoadsAndEditsRecords) {
  auto t = transform::make_transform("plugin " + plugin_path() + " field=ip");
  EXPECT_EQ(run_step(t, R"({"ip":"10.1.2.3","x":1})"), R"({"ip":"10.1.x.x","x":1})");
  EXPECT_EQ(run_step(t, R"({"x":1})"), R"({"x":1})");
}

TEST(Plugin, RejectionsNameThePlugin) {
  auto t = transform::make_transform("plugin " + plugin_path() + " field=ip");
  Outcome o;
  run_step(t, R"({"ip":"nope"})", &o);
  EXPECT_EQ(o.verdict, Verdict::kReject);
  EXPECT_EQ(o.error.reason, "plugin mask_ip: ip is not an IPv4 address");
}

TEST(Plugin, ArgumentErrorsNameThePlugin) {
  try {
    transform::make_transform("plugin " + plugin_path() + " colour=red");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "plugin mask_ip: unknown argument \"colour\" (expected field=NAME)");
  }
}

TEST(Plugin, RefusesBareNamesAndMissingFiles) {
  EXPECT_THROW(transform::make_transform("plugin libmask_ip.so"), UsageError);
  EXPECT_THROW(transform::make_transform("plugin ./does-not-exist.so"), UsageError);
}

TEST(Plugin, WorksFromManyWorkersAtOnce) {
  auto t = transform::make_transform("plugin " + plugin_path());
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int k = 0; k < 200; ++k) {
        if (run_step(t, R"({"HostIP":"192.168.7.9"})") == R"({"HostIP":"192.168.x.x"})") ++ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 800);
}

}  // namespace
}  // namespace recproc
