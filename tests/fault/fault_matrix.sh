#!/usr/bin/env bash
# The fault matrix (issue 18): fails the Nth call of open, read, pread, write, fsync, rename,
# mmap and malloc (tests/fault/fault_shim.c under LD_PRELOAD) with EIO, ENOSPC or ENOMEM, for
# every N up to the number of calls a small run makes (malloc: 1000 N spread over its thousands
# of calls; `make test` takes 12 N per call), then SIGINT, SIGTERM and
# SIGKILL at random points, and an input truncated while it is read. For every row: the
# documented exit code (0 only with complete, correct files; else 3), a message naming the
# errno, nothing under a final name that is not complete, no temporary file left behind (but
# after SIGKILL), never a crash. Prints the figures.
# Usage: fault_matrix.sh RECPROC SHIM.so SOURCE_DIR
set -uo pipefail
# Absolute: the matrix runs in a temporary directory (`make fault` passes build/...).
RECPROC=$(realpath "$1")
SHIM=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

python3 - <<'PY'
import json, random
random.seed(18)
for name, n in (("a.ndjson", 4000), ("b.ndjson", 3000)):
    with open(name, "w") as f:
        for i in range(n):
            level = "bad" if i % 97 == 0 else random.choice(["info", "warn"])
            f.write(json.dumps({"id": i, "level": level, "msg": "m" * random.randint(0, 200)}) + "\n")
with open("big.ndjson", "w") as f:
    for i in range(400000):
        f.write(json.dumps({"id": i, "level": "info", "msg": "x" * 40}) + "\n")
PY
echo '{"type":"object","properties":{"level":{"enum":["info","warn"]}}}' > schema.json
# Two jobs: the small one reads a schema, writes rejects and a report; the big one writes 30 MB
# (several write-behind windows and input mappings).
small=(run -q a.ndjson b.ndjson --schema schema.json --on-error quarantine --rejects out/rej.ndjson
       -o out/out.ndjson --report out/report.json)
big=(run -q big.ndjson -j 2 -o out/out.ndjson)
strip_report() { grep -v -E '"(started_at|duration_seconds|phase_seconds|build_chain|open_inputs|run|publish|report|throughput_mb_per_s)"' "$1"; }
# Injection points per call: every one with FAULT_FULL=1 (the full loop, `make fault`), else 12
# spread evenly from the first to the last (make test).
per_call=${FAULT_FULL:+0}
per_call=${per_call:-12}
rows=0 failed_runs=0 succeeded=0
errno_for() {
  case $1 in write|pwrite|fsync|fdatasync) echo ENOSPC ;; malloc) echo ENOMEM ;; *) echo EIO ;; esac
}
message_for() {
  case $1 in
    ENOSPC) echo "No space left on device" ;;
    ENOMEM) echo "out of memory" ;;
    *) echo "Input/output error" ;;
  esac
}

matrix() {  # NAME JOB...
  local name=$1; shift
  rm -rf out golden && mkdir -p out golden
  "$RECPROC" "$@" || fail "$name: the run without faults failed"
  cp out/* golden/
  : > counts.txt
  RECPROC_FAULT_COUNT=$work/counts.txt LD_PRELOAD=$SHIM "$RECPROC" "$@"
  local fn calls err n code row leftovers f
  while read -r fn calls; do
    [ "$calls" -gt 0 ] || continue
    err=$(errno_for "$fn")
    local step=1 points=$per_call
    [ "$fn" = malloc ] && [ "$points" -eq 0 ] && points=1000
    if [ "$points" -gt 0 ] && [ "$calls" -gt "$points" ]; then
      step=$(( (calls + points - 1) / points ))
    fi
    for ((n = 1; n <= calls; n = (n == calls || n + step <= calls) ? n + step : calls)); do
      rm -rf out && mkdir out
      RECPROC_FAULT="$fn:$n:$err" LD_PRELOAD=$SHIM "$RECPROC" "$@" 2> err.txt
      code=$?
      rows=$((rows + 1))
      row="$name: $fn #$n of $calls ($err)"
      [ "$code" -lt 128 ] || fail "$row: died by signal $((code - 128)): $(cat err.txt)"
      leftovers=$(ls -A out | grep recproc- || true)
      [ -z "$leftovers" ] || fail "$row: temporary files left: $leftovers"
      if [ "$code" -eq 0 ]; then
        succeeded=$((succeeded + 1))
        for f in golden/*; do
          f=${f#golden/}
          if [ "$f" = report.json ]; then
            diff <(strip_report out/report.json) <(strip_report golden/report.json) >/dev/null ||
              fail "$row: exit 0 but the report differs"
          else
            cmp -s "out/$f" "golden/$f" || fail "$row: exit 0 but $f differs (data lost silently)"
          fi
        done
        continue
      fi
      failed_runs=$((failed_runs + 1))
      [ "$code" -eq 3 ] || fail "$row: exit $code, expected 3 (I/O error): $(cat err.txt)"
      grep -q "$(message_for "$err")" err.txt ||
        fail "$row: the message does not say '$(message_for "$err")': $(cat err.txt)"
      for f in out.ndjson rej.ndjson; do
        [ ! -e "out/$f" ] || cmp -s "out/$f" "golden/$f" || fail "$row: a partial $f under its final name"
      done
    done
  done < counts.txt
}
matrix small "${small[@]}"
matrix big "${big[@]}"
echo "fault matrix: $rows rows (call x injection point), $failed_runs failed with exit 3 and a message, $succeeded unaffected with complete files; 0 partial outputs, 0 silent successes"

"$RECPROC" run -q big.ndjson -o big.golden
# Signals at random points of a longer run: nothing partial under the final name; INT and TERM
# leave no temporary file.
RANDOM=18
sig_rows=0
for sig in INT TERM KILL; do
  for _ in 1 2 3 4 5; do
    rm -rf out && mkdir out
    "$RECPROC" run -q big.ndjson -j 1 -o out/out.ndjson 2>/dev/null &
    pid=$!
    sleep "0.$((RANDOM % 40))"
    kill -s "$sig" "$pid" 2>/dev/null
    { wait "$pid"; } 2>/dev/null
    code=$?
    sig_rows=$((sig_rows + 1))
    if [ "$code" -eq 0 ]; then
      cmp -s out/out.ndjson big.golden || fail "SIG$sig: exit 0 with a wrong output"
      continue
    fi
    [ ! -e out/out.ndjson ] || fail "SIG$sig: an output under the final name after exit $code"
    if [ "$sig" != KILL ]; then
      [ -z "$(ls -A out)" ] || fail "SIG$sig: temporary files left: $(ls -A out)"
    fi
  done
done
echo "signals: $sig_rows runs killed by SIGINT, SIGTERM or SIGKILL at random points; 0 partial outputs"

# An input truncated while it is read: exit 3 naming the file, nothing published.
rm -rf out && mkdir out
cp big.ndjson shrinking.ndjson
"$RECPROC" run -q shrinking.ndjson -j 1 -t "exec sh -c 'sleep 1; cat'" -o out/out.ndjson 2> err.txt &
pid=$!
sleep 0.5
truncate -s 100000 shrinking.ndjson
wait "$pid"
code=$?
if [ "$code" -ne 0 ]; then
  [ "$code" -eq 3 ] || fail "truncated input: exit $code, expected 3: $(cat err.txt)"
  grep -q "shrinking.ndjson" err.txt || fail "truncated input: the file is not named: $(cat err.txt)"
  [ ! -e out/out.ndjson ] || fail "truncated input: output published"
  echo "truncated input: exit 3 naming the file, nothing published"
else
  # Read before the truncation took effect: then the output must be the whole input.
  cmp -s out/out.ndjson big.golden || fail "truncated input: exit 0 with a partial output"
  echo "truncated input: read whole before the truncation"
fi
