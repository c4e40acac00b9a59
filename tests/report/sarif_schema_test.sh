#!/usr/bin/env bash
# Validates the SARIF log of `--sarif FILE` against the official SARIF 2.1.0 schema
# (tests/data/sarif, from OASIS) with recproc's own JSON Schema validator, then checks its
# content: one result per bad record with rule, message, file and line, and the note when the
# log is capped.
#
# The schema is draft-04 and recproc validates 2020-12, so the schema is adapted on the fly, as
# little as possible: `$schema` and the root `id` get their 2020-12 spellings (every other
# keyword in the file means the same in both drafts), and the formats recproc does not check,
# `uri` and `uri-reference`, become patterns of the RFC 3986 characters (a scheme first for
# `uri`), so that the URIs are still checked.
# Usage: sarif_schema_test.sh RECPROC SOURCE_DIR
set -uo pipefail
recproc=$(realpath "$1")
schema_src=$(realpath "$2")/tests/data/sarif/sarif-schema-2.1.0.json
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }

python3 - "$schema_src" >sarif.schema.json <<'PY'
import json, sys
schema = json.load(open(sys.argv[1]))
assert schema.pop("$schema") == "http://json-schema.org/draft-04/schema#"
schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema.pop("id"), **schema}
chars = r"([A-Za-z0-9._~!$&'()*+,;=:@/?#\[\]-]|%[0-9A-Fa-f]{2})*"
patterns = {"uri": "^[A-Za-z][A-Za-z0-9+.-]*:" + chars + "$", "uri-reference": "^" + chars + "$"}
def adapt(node):
    if isinstance(node, dict):
        if node.get("format") in patterns:
            node["pattern"] = patterns[node.pop("format")]
        for v in node.values():
            adapt(v)
    elif isinstance(node, list):
        for v in node:
            adapt(v)
adapt(schema)
json.dump(schema, sys.stdout, indent=1)
PY

# Bad records in two inputs, one of them in a directory whose name needs percent-encoding.
mkdir -p "dir with space"
cat >s.json <<'JSON'
{"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
JSON
printf '{"id": 1}\n{"id": "x"}\nnot json\n' >a.ndjson
printf '{"name": "no id"}\n{"id": 2}\n{"id": true}\n' >"dir with space/b.ndjson"
"$recproc" run a.ndjson "dir with space/b.ndjson" --schema s.json --on-error skip \
  --sarif out.sarif -o out.ndjson -q || fail "run exited $?"

validate() {  # validate FILE: the SARIF log (pretty-printed) as one NDJSON record
  tr -d '\n' <"$1" >"$1.ndjson" && echo >>"$1.ndjson"
  "$recproc" check "$1.ndjson" --schema sarif.schema.json -q
}
out=$(validate out.sarif) || fail "out.sarif does not match the SARIF schema: $out"
[ "$out" = "check passed: 1 records, all valid" ] || fail "unexpected check output: $out"

# The validator does reject a log the schema forbids: a level SARIF does not have.
sed 's/"level": "error", "message"/"level": "fatal", "message"/' out.sarif >bad.sarif
validate bad.sarif >/dev/null && fail "a result with level \"fatal\" passed the schema"

python3 - <<'PY' || status=1
import json
log = json.load(open("out.sarif"))
run = log["runs"][0]
assert log["version"] == "2.1.0"
assert run["tool"]["driver"]["name"] == "recproc"
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
assert rules == ["#/properties/id/type", "json", "#/required"], rules
got = [(r["ruleId"], r["ruleIndex"], r["level"], r["message"]["text"],
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]]
want = [
    ("#/properties/id/type", 0, "error", 'field "id": expected integer, got string "x"', "a.ndjson", 2),
    ("json", 1, "error", "invalid JSON: invalid literal", "a.ndjson", 3),
    ("#/required", 2, "error", 'field "id": required field is missing', "dir%20with%20space/b.ndjson", 1),
    ("#/properties/id/type", 0, "error", 'field "id": expected integer, got boolean true',
     "dir%20with%20space/b.ndjson", 3),
]
for g, w in zip(got, want):
    assert g == w, f"\n got {g}\nwant {w}"
assert len(got) == len(want), got
assert run["invocations"][0]["executionSuccessful"] is True
assert "toolExecutionNotifications" not in run["invocations"][0]
PY

# --error-format sarif: the log on stdout; records from stdin have a location without a URI.
"$recproc" check - --schema s.json --error-format sarif -q <a.ndjson >stdin.sarif 2>/dev/null
[ $? = 1 ] || fail "check of bad records should exit 1"
out=$(validate stdin.sarif) || fail "stdin.sarif does not match the SARIF schema: $out"
grep -q '"artifactLocation": {"description": {"text": "standard input"}}' stdin.sarif ||
  fail "stdin results should say standard input"

# Capped: 1,000 results, and a note that says how many were left out.
for i in $(seq 1 1003); do echo '{"id": "x"}'; done >many.ndjson
"$recproc" check many.ndjson --schema s.json --sarif many.sarif -q >/dev/null
[ $? = 1 ] || fail "check of bad records should exit 1"
out=$(validate many.sarif) || fail "many.sarif does not match the SARIF schema: $out"
python3 - <<'PY' || status=1
import json
run = json.load(open("many.sarif"))["runs"][0]
assert len(run["results"]) == 1000, len(run["results"])
notes = run["invocations"][0]["toolExecutionNotifications"]
assert notes[0]["level"] == "note"
assert notes[0]["message"]["text"].startswith("3 more bad records not listed"), notes
PY

[ "$status" = 0 ] && echo "sarif_schema: ok"
exit $status
