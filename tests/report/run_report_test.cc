#include "report/run_report.h"

#include <gtest/gtest.h>

#include <string>

namespace recproc::report {
namespace {

std::string thresholds_line(const std::string& json) {
  auto start = json.find("  \"thresholds\": ");
  return start == std::string::npos ? "" : json.substr(start, json.find('\n', start) - start);
}

TEST(RunReport, ThresholdsSayWhetherTheyPassed) {
  engine::RunStats stats;
  stats.records_in = 3;
  stats.records_rejected = 1;
  RunContext ctx;
  EXPECT_EQ(thresholds_line(report_json(stats, ctx)), "  \"thresholds\": [],");
  ctx.max_rejects = 1;
  ctx.max_reject_rate = 0.3;
  EXPECT_EQ(thresholds_line(report_json(stats, ctx)),
            "  \"thresholds\": [{\"name\": \"max_rejects\", \"limit\": 1, \"value\": 1, "
            "\"passed\": true}, {\"name\": \"max_reject_rate\", \"limit\": 0.3, \"value\": "
            "0.3333333333333333, \"passed\": false}],");
  stats.records_rejected = 0;
  stats.records_in = 0;
  ctx.max_rejects = 0;
  EXPECT_EQ(thresholds_line(report_json(stats, ctx)),
            "  \"thresholds\": [{\"name\": \"max_rejects\", \"limit\": 0, \"value\": 0, "
            "\"passed\": true}, {\"name\": \"max_reject_rate\", \"limit\": 0.3, \"value\": 0, "
            "\"passed\": true}],");
}

}  // namespace
}  // namespace recproc::report
