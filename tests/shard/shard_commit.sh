#!/usr/bin/env bash
# The commit protocol of sharded runs (issue 14): merge publishes all or nothing and says why,
# attempts are recorded, a committed shard is skipped on a re-run, data failures and thresholds
# give the job's exit code, --timeout and the parent's death end a shard with nothing half-done.
# Usage: shard_commit.sh RECPROC SOURCE_DIR
set -euo pipefail
source "$2/tests/shard/shard_lib.sh" "$1"  # sets RECPROC, enters a fresh work directory
python3 -c '
import json
with open("in.ndjson", "w") as f:
    for i in range(3000):
        f.write(json.dumps({"id": i, "level": "bad" if i % 500 == 7 else "info"}) + "\n")'
python3 -c '
import json
with open("late.ndjson", "w") as f:
    for i in range(3000):
        f.write(json.dumps({"id": i, "level": "bad" if i == 2007 else "info"}) + "\n")'
echo '{"type":"object","properties":{"level":{"enum":["info","warn"]}}}' > schema.json
job=(--schema schema.json --on-error quarantine in.ndjson)

expect_exit() {  # CODE DESCRIPTION COMMAND...
  local want=$1 what=$2; shift 2
  set +e; "$@" > out.txt 2> err.txt; local got=$?; set -e
  [ "$got" -eq "$want" ] || fail "$what: exit $got, expected $want: $(cat err.txt)"
}

# Usage errors are exit 2 and never retried.
expect_exit 2 "K out of range" "$RECPROC" run --shard 3/3 --parts p in.ndjson
expect_exit 2 "no --parts" "$RECPROC" run --shard 0/3 in.ndjson
expect_exit 2 "-o with --shard" "$RECPROC" run --shard 0/3 --parts p -o x in.ndjson
expect_exit 2 "stdin with --shard" "$RECPROC" run --shard 0/3 --parts p -
expect_exit 2 "bad start state" "$RECPROC" run --shard 0/3 --parts p --shard-start-state maybe in.ndjson

# A missing shard: exit 3, the missing one named, nothing published.
run_shards 4 parts "${job[@]}"
rm parts/part-2.json
expect_exit 3 "a shard missing" "$RECPROC" merge parts --shards 4 -o out.ndjson --rejects rej.ndjson
grep -q "missing shards: 2" err.txt || fail "merge did not name the missing shard: $(cat err.txt)"
[ ! -e out.ndjson ] && [ ! -e rej.ndjson ] || fail "merge published with a shard missing"
expect_exit 3 "check with a shard missing" "$RECPROC" merge parts --shards 4 --check
grep -q '"missing": \[2\]' out.txt || fail "--check did not list shard 2: $(cat out.txt)"

# The missing shard runs again as attempt 1 (the others are skipped: already committed).
"$RECPROC" run "${job[@]}" --shard 2/4 --parts parts --attempt 1 2> err.txt
grep -q '"attempt": 1' parts/part-2.json || fail "the manifest does not record attempt 1"
"$RECPROC" run "${job[@]}" --shard 1/4 --parts parts --attempt 5 2> err.txt
grep -q "already committed by attempt 0" err.txt || fail "a committed shard ran again: $(cat err.txt)"
grep -q '"attempt": 0' parts/part-1.json || fail "skipping a shard rewrote its manifest"
"$RECPROC" merge -q parts --shards 4 -o out.ndjson --rejects rej.ndjson --report rep.json
"$RECPROC" run -q --schema schema.json in.ndjson -o one.ndjson --rejects one-rej.ndjson
cmp -s out.ndjson one.ndjson && cmp -s rej.ndjson one-rej.ndjson || fail "merged output differs"

# A part changed after its commit: exit 3, nothing published, the part named.
rm -f out.ndjson rej.ndjson
printf 'X' | dd of=parts/part-3 bs=1 seek=10 conv=notrunc status=none
expect_exit 3 "a tampered part" "$RECPROC" merge parts --shards 4 -o out.ndjson --rejects rej.ndjson
grep -q "part-3: does not match its manifest" err.txt || fail "tampering not named: $(cat err.txt)"
[ ! -e out.ndjson ] && [ ! -e rej.ndjson ] || fail "merge published a tampered part"
ls -a . parts | grep -q recproc- && fail "temporary files left behind"
# Its shard notices too, and runs again.
"$RECPROC" run "${job[@]}" --shard 3/4 --parts parts --attempt 1 2> err.txt
grep -q "already committed" err.txt && fail "a shard whose part no longer hashes was skipped"
"$RECPROC" merge -q parts --shards 4 -o out.ndjson
cmp -s out.ndjson one.ndjson || fail "output differs after the re-run"

# A shard of another job (other steps) is not mixed in.
"$RECPROC" run -q "${job[@]}" -t 'select id' --shard 0/4 --parts parts --attempt 2
expect_exit 3 "a shard of another job" "$RECPROC" merge parts --shards 4 -o other.ndjson
grep -q "belongs to another job" err.txt || fail "job mismatch not named: $(cat err.txt)"

# Data failures: the fail policy stops the shard that meets the bad record; the job fails with
# exit 1, publishes no output and keeps its report, which names the record's line in the file
# (shard 2 counts lines from its own start; the merge adds the lines of shards 0 and 1).
rm -rf parts
for k in 0 1 2; do "$RECPROC" run -q --schema schema.json late.ndjson --shard $k/3 --parts parts 2>/dev/null || true; done
expect_exit 1 "a data failure" "$RECPROC" merge parts --shards 3 -o out-fail.ndjson --report rep-fail.json
[ ! -e out-fail.ndjson ] || fail "the output of a failed job was published"
grep -q '"exit_code": 1' rep-fail.json || fail "the merged report does not say exit 1"
grep -q 'late.ndjson:2008:' rep-fail.json || fail "the stop reason does not name line 8: $(grep stop_reason rep-fail.json)"

# Thresholds apply to the job's totals: 6 rejects in all, more than --max-rejects 5.
rm -rf parts
run_shards 3 parts "${job[@]}" --max-rejects 5
expect_exit 1 "--max-rejects over the totals" "$RECPROC" merge parts --shards 3 -o out-t.ndjson
grep -q "more than 5 records rejected" err.txt || fail "threshold not reported: $(cat err.txt)"

# --timeout: exit 3 (retryable), nothing published, no temporary file left.
rm -rf parts
expect_exit 3 "--timeout" "$RECPROC" run in.ndjson -t "exec sh -c 'sleep 20.0614; cat'" --timeout 1s \
  --shard 0/1 --parts parts
grep -q "timeout" err.txt || fail "the timeout is not said: $(cat err.txt)"
[ -z "$(ls -A parts)" ] || fail "a timed-out shard left files: $(ls -a parts)"

# A shard whose runner dies is ended too (PR_SET_PDEATHSIG), its temporary files removed.
rm -rf parts
cp in.ndjson "pdeath-$$.ndjson"  # a name no other test's process has, for pgrep
bash -c "exec 1>/dev/null 2>&1; \"$RECPROC\" run pdeath-$$.ndjson -t \"exec sh -c 'sleep 20.0614; cat'\" --shard 0/1 --parts parts & wait" &
runner=$!
shard_pid=
for _ in $(seq 50); do
  shard_pid=$(pgrep -f -- "run pdeath-$$.ndjson" | head -1)
  [ -n "$shard_pid" ] && break
  sleep 0.1
done
[ -n "$shard_pid" ] || fail "the shard did not start"
sleep 0.3
kill -9 "$runner"
wait "$runner" 2>/dev/null || true
for _ in $(seq 50); do kill -0 "$shard_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$shard_pid" 2>/dev/null && fail "the shard outlived its runner"
[ -z "$(ls -A parts 2>/dev/null)" ] || fail "the shard left files when its runner died: $(ls -a parts)"
pkill -f "sleep 20.0614" || true  # this test's own sleeps only
echo "merge: all or nothing; attempts, skips, data failures, thresholds, timeout, parent death"
