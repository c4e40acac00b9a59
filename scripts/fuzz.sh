#!/usr/bin/env bash
# Runs every libFuzzer target of a build configured with -DRECPROC_LIBFUZZER=ON (see Makefile:
# `make fuzz`, and the short run in `make test`). Each target starts from its regression files
# and the matching test data; new inputs go to BUILD/corpus/<name>, crashes to BUILD/crashes/.
#   scripts/fuzz.sh BUILD runs N      each target for N executions (make test)
#   scripts/fuzz.sh BUILD seconds S   each target for S seconds (make fuzz)
# A crash fails the script: add the input to tests/data/fuzz-regressions/<name>/ once fixed.
set -uo pipefail
build=$1 mode=$2 amount=$3
src=$(cd "$(dirname "$0")/.." && pwd)
data=$src/tests/data
targets=(ndjson csv schema expr logs_response azure_names kql pipeline_file)
declare -A seeds=(
  [ndjson]="$data/JSONTestSuite"
  [csv]="$data/csv-spectrum"
  [schema]="$data/json-schema-test-suite"
)
case $mode in
  runs) limit=(-runs="$amount") ;;
  seconds) limit=(-max_total_time="$amount") ;;
  *) echo "fuzz.sh: mode must be runs or seconds" >&2; exit 2 ;;
esac
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1
rc=0
for t in "${targets[@]}"; do
  corpus=$build/corpus/$t crashes=$build/crashes/$t
  mkdir -p "$corpus" "$crashes"
  log=$build/fuzz-$t.log
  # -max_len keeps a run's inputs small enough for 2000 executions to stay in seconds.
  "$build/tests/fuzz/${t}_fuzz" "${limit[@]}" -max_len=4096 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$crashes/" "$corpus" "$data/fuzz-regressions/$t" ${seeds[$t]:-} \
    >"$log" 2>&1
  status=$?
  stats=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1)
  echo "fuzz $t: exit $status: $stats"
  if [ $status -ne 0 ]; then tail -40 "$log"; rc=1; fi
done
exit $rc
