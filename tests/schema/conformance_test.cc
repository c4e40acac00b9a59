// The official JSON-Schema-Test-Suite (draft 2020-12) against recproc's validator.
//
// Every group of every file runs, except those in kSkips, each with its reason. A group skipped
// because it uses something recproc does not support must be refused at compile time (asserted):
// a validator that ignored the keyword would give false "valid" verdicts. The pass count is frozen
// in kExpectedPassed; a change shows up in review and in docs/schema.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "recproc/error.h"
#include "schema/json_value.h"
#include "schema/schema.h"

namespace recproc::schema {
namespace {

const std::string kSuiteDir =
    std::string(RECPROC_TEST_DATA) + "/json-schema-test-suite/draft2020-12";

// Expected totals, counted in tests (cases), not groups.
constexpr int kExpectedPassed = 1094;
constexpr int kExpectedSkipped = 287;

enum class SkipKind {
  kRefused,  ///< compile must throw UsageError (unsupported keyword, format, regex syntax)
  kNotRun,   ///< compiles, but the expected verdicts assume something recproc does differently
};

struct Skip {
  const char* file;
  const char* group;
  SkipKind kind;
  const char* reason;
};

// clang-format off
const Skip kSkips[] = {
    {"additionalProperties.json", "additionalProperties being false does not allow other properties",
     SkipKind::kRefused, "patternProperties is not supported"},
    {"additionalProperties.json", "non-ASCII pattern with additionalProperties",
     SkipKind::kRefused, "patternProperties is not supported"},
    {"additionalProperties.json", "additionalProperties with propertyNames",
     SkipKind::kRefused, "propertyNames is not supported"},
    {"additionalProperties.json", "dependentSchemas with additionalProperties",
     SkipKind::kRefused, "dependentSchemas is not supported"},
    {"defs.json", "validate definition against metaschema",
     SkipKind::kRefused, "remote $ref to the metaschema"},
    {"not.json", "collect annotations inside a 'not', even if collection is disabled",
     SkipKind::kRefused, "unevaluatedProperties is not supported"},
    {"optional/ecmascript-regex.json", "pattern with non-ASCII digits",
     SkipKind::kRefused, "\\p{digit} is neither an ECMA-262 nor an RE2 property name"},
    {"optional/ecmascript-regex.json", "patterns always use unicode semantics with patternProperties",
     SkipKind::kRefused, "patternProperties is not supported"},
    {"optional/ecmascript-regex.json", "\\w in patternProperties matches [A-Za-z0-9_], not unicode letters",
     SkipKind::kRefused, "patternProperties is not supported"},
    {"optional/ecmascript-regex.json", "patternProperties with ASCII ranges",
     SkipKind::kRefused, "patternProperties is not supported"},
    {"optional/ecmascript-regex.json", "\\d in patternProperties matches [0-9], not unicode digits",
     SkipKind::kRefused, "patternProperties is not supported"},
    {"optional/ecmascript-regex.json", "patternProperties with non-ASCII digits",
     SkipKind::kRefused, "patternProperties is not supported"},
    {"optional/format/duration.json", "validation of duration strings",
     SkipKind::kRefused, "format \"duration\" is not checked; refused in assertion mode"},
    {"optional/format/hostname.json", "validation of host names",
     SkipKind::kRefused, "format \"hostname\" is not checked; refused in assertion mode"},
    {"optional/format/hostname.json", "validation of A-label (punycode) host names",
     SkipKind::kRefused, "format \"hostname\" is not checked; refused in assertion mode"},
    {"optional/format/regex.json", "validation of regular expressions",
     SkipKind::kRefused, "format \"regex\" is not checked; refused in assertion mode"},
    {"optional/format/unknown.json", "unknown format",
     SkipKind::kRefused, "format \"unknown\" is not checked; refused in assertion mode"},
    {"optional/format/uri.json", "validation of URIs",
     SkipKind::kRefused, "format \"uri\" is not checked; refused in assertion mode"},
    {"optional/non-bmp-regex.json", "Proper UTF-16 surrogate pair handling: patternProperties",
     SkipKind::kRefused, "patternProperties is not supported"},
    {"patternProperties.json", "patternProperties validates properties matching a regex",
     SkipKind::kRefused, "patternProperties is not supported"},
    {"patternProperties.json", "multiple simultaneous patternProperties are validated",
     SkipKind::kRefused, "patternProperties is not supported"},
    {"patternProperties.json", "regexes are not anchored by default and are case sensitive",
     SkipKind::kRefused, "patternProperties is not supported"},
    {"patternProperties.json", "patternProperties with boolean schemas",
     SkipKind::kRefused, "patternProperties is not supported"},
    {"patternProperties.json", "patternProperties with null valued instance properties",
     SkipKind::kRefused, "patternProperties is not supported"},
    {"patternProperties.json", "patternProperties with Unicode property escape",
     SkipKind::kRefused, "patternProperties is not supported"},
    {"properties.json", "properties, patternProperties, additionalProperties interaction",
     SkipKind::kRefused, "patternProperties is not supported"},
    {"ref.json", "remote ref, containing refs itself",
     SkipKind::kRefused, "remote $ref to the metaschema"},
    {"ref.json", "Recursive references between schemas",
     SkipKind::kRefused, "non-local $ref (needs $id base-URI resolution) is not supported"},
    {"ref.json", "ref creates new scope when adjacent to keywords",
     SkipKind::kRefused, "unevaluatedProperties is not supported"},
    {"ref.json", "refs with relative uris and defs",
     SkipKind::kRefused, "$id below the root (base-URI changes) is not supported"},
    {"ref.json", "relative refs with absolute uris and defs",
     SkipKind::kRefused, "$id below the root (base-URI changes) is not supported"},
    {"ref.json", "$id must be resolved against nearest parent, not just immediate parent",
     SkipKind::kRefused, "$id below the root (base-URI changes) is not supported"},
    {"ref.json", "order of evaluation: $id and $ref",
     SkipKind::kRefused, "non-local $ref (needs $id base-URI resolution) is not supported"},
    {"ref.json", "order of evaluation: $id and $anchor and $ref",
     SkipKind::kRefused, "$anchor refs are not supported"},
    {"ref.json", "order of evaluation: $id and $ref on nested schema",
     SkipKind::kRefused, "non-local $ref (needs $id base-URI resolution) is not supported"},
    {"ref.json", "simple URN base URI with $ref via the URN",
     SkipKind::kRefused, "non-local $ref (needs $id base-URI resolution) is not supported"},
    {"ref.json", "URN base URI with URN and JSON pointer ref",
     SkipKind::kRefused, "non-local $ref (needs $id base-URI resolution) is not supported"},
    {"ref.json", "URN base URI with URN and anchor ref",
     SkipKind::kRefused, "non-local $ref (needs $id base-URI resolution) is not supported"},
    {"ref.json", "URN ref with nested pointer ref",
     SkipKind::kRefused, "non-local $ref (needs $id base-URI resolution) is not supported"},
    {"ref.json", "ref to if",
     SkipKind::kRefused, "non-local $ref (needs $id base-URI resolution) is not supported"},
    {"ref.json", "ref to then",
     SkipKind::kRefused, "non-local $ref (needs $id base-URI resolution) is not supported"},
    {"ref.json", "ref to else",
     SkipKind::kRefused, "non-local $ref (needs $id base-URI resolution) is not supported"},
    {"ref.json", "ref with absolute-path-reference",
     SkipKind::kRefused, "$id below the root (base-URI changes) is not supported"},
};
// clang-format on

struct SuiteFile {
  std::string name;    ///< relative to kSuiteDir
  bool format_assert;  ///< format.json expects annotation-only behaviour; optional/format asserts
};

std::vector<SuiteFile> suite_files() {
  std::vector<SuiteFile> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kSuiteDir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    std::string rel = std::filesystem::relative(entry.path(), kSuiteDir).generic_string();
    files.push_back({rel, rel != "format.json"});
  }
  std::sort(files.begin(), files.end(),
            [](const SuiteFile& a, const SuiteFile& b) { return a.name < b.name; });
  return files;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const Skip* find_skip(const std::string& file, const std::string& group) {
  for (const Skip& s : kSkips) {
    if (file == s.file && group == s.group) return &s;
  }
  return nullptr;
}

struct Totals {
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  std::set<std::pair<std::string, std::string>> used_skips;
};

void run_group(const SuiteFile& file, const Json& group, Totals& totals) {
  const std::string description = group.find("description")->text;
  const Json& tests = *group.find("tests");
  std::string schema_text;
  write_json(*group.find("schema"), schema_text);
  CompileOptions options;
  options.format_assert = file.format_assert;
  const std::string where = file.name + " / " + description;

  if (const Skip* skip = find_skip(file.name, description)) {
    totals.used_skips.emplace(skip->file, skip->group);
    totals.skipped += static_cast<int>(tests.items.size());
    if (skip->kind == SkipKind::kRefused) {
      EXPECT_THROW(compile(schema_text, "schema.json", options), UsageError)
          << where << ": listed as refused but compiles";
    }
    return;
  }
  SchemaPtr schema;
  try {
    schema = compile(schema_text, "schema.json", options);
  } catch (const UsageError& e) {
    ADD_FAILURE() << where << ": refused: " << e.what();
    totals.failed += static_cast<int>(tests.items.size());
    return;
  }
  ValidationState state;
  state.max_errors = 8;
  for (const Json& test : tests.items) {
    Record record;
    record.set_root(json_to_record(*test.find("data"), record));
    const bool expected = test.find("valid")->bool_value;
    const bool valid = schema->validate(record, state);
    bool ok = valid == expected;
    if (ok && !valid) {
      // A rejection must say where and why.
      ok = !state.errors.empty() && state.errors.front().rule.starts_with("#") &&
           !state.errors.front().reason.empty();
    }
    if (ok) {
      ++totals.passed;
    } else {
      ++totals.failed;
      ADD_FAILURE() << where << " / " << test.find("description")->text << ": expected "
                    << (expected ? "valid" : "invalid") << ", got "
                    << (valid ? "valid" : state.errors.front().reason)
                    << "\n  schema: " << schema_text;
    }
  }
}

TEST(Conformance, Draft202012) {
  ASSERT_TRUE(std::filesystem::is_directory(kSuiteDir)) << kSuiteDir;
  Totals totals;
  for (const SuiteFile& file : suite_files()) {
    const Json groups = parse_json(read_file(kSuiteDir + "/" + file.name), file.name);
    for (const Json& group : groups.items) run_group(file, group, totals);
  }
  for (const Skip& s : kSkips) {
    EXPECT_TRUE(totals.used_skips.count({s.file, s.group}))
        << "stale skip entry: " << s.file << " / " << s.group;
  }
  std::printf("conformance: %d passed, %d skipped (%zu groups), %d failed\n", totals.passed,
              totals.skipped, std::size(kSkips), totals.failed);
  for (const Skip& s : kSkips) std::printf("  skipped: %s / %s: %s\n", s.file, s.group, s.reason);
  EXPECT_EQ(totals.failed, 0);
  EXPECT_EQ(totals.passed, kExpectedPassed);
  EXPECT_EQ(totals.skipped, kExpectedSkipped);
}

}  // namespace
}  // namespace recproc::schema
