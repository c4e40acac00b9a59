// libFuzzer target for the expression language (issue 5). The fuzz bytes are expression text,
// compiled both as `filter EXPR` and as `set EXPR` (so "NAME = EXPR" inputs reach the
// evaluator too); whatever compiles is evaluated against a few fixed records. Compile errors
// must be UsageError with a caret line; evaluation must never crash, throw or leave a broken
// record. Built without RECPROC_LIBFUZZER it is a plain program that replays
// tests/data/fuzz-regressions/expr/.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "record/json_parser.h"
#include "recproc/error.h"
#include "recproc/record.h"
#include "transform/expression_transforms.h"

namespace {

constexpr std::string_view kRecords[] = {
    R"({"TimeGenerated":"2026-11-01T00:00:00.735392Z","Computer":"vm-007","Facility":"daemon",)"
    R"("SeverityLevel":"err","ProcessID":4242,"SyslogMessage":"disk \"sda\" full \u00e9",)"
    R"("Properties":{"retries":2,"tags":["prod","eu"]},"a":1.5,"b":-3,"n":null,"t":true,)"
    R"("odd name":"x","big":123456789012345678901234567890,"s":"a,b,,c","e":""})",
    R"({"a":"1","b":[[1,2],{"c":null}],"Properties":"not an object","x\"y":"\ud83d\ude00"})",
    R"([1,2,3])",
};

void check_usage_error(const recproc::UsageError& e) {
  // Every compile error shows the expression and a caret under it.
  std::string_view what = e.what();
  if (what.find('^') == std::string_view::npos || what.find('\n') == std::string_view::npos) {
    std::fprintf(stderr, "compile error without a caret:\n%s\n", e.what());
    std::abort();
  }
}

void run_on_records(const recproc::TransformPtr& t) {
  static recproc::JsonParser parser;
  auto worker = t->make_worker();
  for (std::string_view json : kRecords) {
    std::string text(json);
    std::string error;
    recproc::Record record;
    if (!parser.parse(text, 0, record, error)) std::abort();
    // Twice: the second run reuses the warm worker's scratch.
    for (int k = 0; k < 2; ++k) {
      recproc::Outcome out = worker->apply(record);
      if (out.verdict == recproc::Verdict::kReject && out.error.reason.empty()) std::abort();
    }
    std::string written;
    record.write_json(written);
  }
}

int fuzz_one(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    run_on_records(recproc::transform::make_filter_transform(text));
  } catch (const recproc::UsageError& e) {
    check_usage_error(e);
  }
  try {
    run_on_records(recproc::transform::make_set_transform(text));
  } catch (const recproc::UsageError& e) {
    check_usage_error(e);
  }
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz_one(data, size);
}

#ifndef RECPROC_LIBFUZZER
#include "replay_main.h"

int main(int argc, char** argv) {
  return replay_regressions(argc, argv, "expr", LLVMFuzzerTestOneInput);
}
#endif
