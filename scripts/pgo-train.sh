#!/usr/bin/env bash
# Trains profile-guided optimisation: runs an instrumented recproc (RECPROC_PGO=generate) on the
# jobs it is built for, so that the optimised build knows which branches and calls are hot.
# Called by `make build` as `bash scripts/pgo-train.sh BUILD_DIR`; the data is generated (a seed
# other than the benchmarks'), about 16 MB per job, and removed afterwards.
set -euo pipefail

BUILD=${1:?usage: pgo-train.sh INSTRUMENTED_BUILD_DIR}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RECPROC=$BUILD/recproc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$BUILD/gen_syslog" --seed 7 --bytes 16M -o "$tmp/clean.ndjson"
"$BUILD/gen_syslog" --seed 7 --bytes 16M --dirty -o "$tmp/dirty.ndjson"
"$BUILD/gen_syslog" --seed 7 --bytes 16M --dirty --csv -o "$tmp/dirty.csv"
gzip -c "$tmp/clean.ndjson" >"$tmp/clean.ndjson.gz"
schema=$ROOT/bench/syslog.schema.json

# Exit code 1 (bad records found) is expected on the dirty inputs; anything else is a failure.
run() {
  local rc=0
  "$RECPROC" "$@" >/dev/null 2>"$tmp/stderr" || rc=$?
  if [[ $rc -gt 1 ]]; then
    cat "$tmp/stderr" >&2
    echo "pgo-train: recproc $* exited with $rc" >&2
    exit 1
  fi
}
run run "$tmp/clean.ndjson"
run run "$tmp/clean.ndjson.gz"
run run "$tmp/dirty.ndjson" --schema "$schema" --on-error skip \
  -t 'filter SeverityLevel in ["emerg","alert","crit","err","warning"]' \
  -t 'select TimeGenerated,Computer,SeverityLevel,ProcessID,SyslogMessage'
run run "$tmp/dirty.ndjson" --on-error skip \
  -t 'set host = lower(Computer)' -t 'filter ProcessID > 1000 and not (SyslogMessage is null)' \
  --output-format csv
run run "$tmp/dirty.csv" --schema "$schema" --cast --on-error skip --output-format ndjson
run run "$tmp/dirty.csv" --on-error skip
run check "$tmp/dirty.ndjson" --schema "$schema"
