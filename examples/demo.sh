#!/usr/bin/env bash
# `make demo`: the main job on the bundled sample of 500 Syslog records (5 of them bad).
# Validates against a schema with casting, quarantines the bad records, keeps warnings and
# worse, masks the host IP with the example plugin, projects five fields, writes a report (JSON
# and the HTML page of docs/report-screenshot.png).
set -euo pipefail
recproc=$(realpath "${1:-build/recproc}")
build_dir=$(dirname "$recproc")
# From the repository root, so that reports name the sample as examples/sample/syslog.ndjson.
cd "$(dirname "$0")/.."
here=examples
build_dir=$(realpath --relative-to=. "$build_dir")
out=$(mktemp -d "${TMPDIR:-/tmp}/recproc-demo.XXXXXX")

echo "== recproc run: validate, filter, mask, project (outputs in $out)"
set -x
"$recproc" run "$here/sample/syslog.ndjson" \
  --schema "$here/sample/syslog.schema.json" --cast \
  --rejects "$out/rejects.ndjson" --report "$out/report.json" --html "$out/report.html" \
  --max-rejects 10 --max-reject-rate 0.05 \
  -t 'filter SeverityLevel in ["emerg", "alert", "crit", "err", "warning"]' \
  -t "plugin $build_dir/examples/plugins/libmask_ip.so field=HostIP" \
  -t 'set Properties.slow = Properties.retries >= 2' \
  -t 'select TimeGenerated,Computer,SeverityLevel,HostIP,Properties.slow' \
  -o "$out/clean.ndjson" --max-errors 3
{ set +x; } 2>/dev/null

echo
echo "== first records of $out/clean.ndjson"
head -n 3 "$out/clean.ndjson"
echo
echo "== quarantined records ($out/rejects.ndjson)"
cut -c 1-160 "$out/rejects.ndjson"
echo
echo "== the same records as CSV"
"$recproc" run "$out/clean.ndjson" -o "$out/clean.csv" -q
head -n 3 "$out/clean.csv"
echo
echo "== summary from $out/report.json"
grep -E '"(records_in|records_out|records_dropped|records_rejected|exit_code)"' "$out/report.json"
echo
echo "== the report as a page: open file://$out/report.html in a browser"
