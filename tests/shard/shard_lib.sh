# Helpers for the sharded-run tests (issue 14): run every shard of a job, re-run the ones
# `merge --check` names, merge. Sourced by the tests as `source shard_lib.sh RECPROC`: sets
# $RECPROC and moves into a fresh work directory, removed when the test exits.

RECPROC=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# run_shards N PARTS ARGS... : runs shards 0..N-1 (exit codes ignored: the check decides).
run_shards() {
  local n=$1 parts=$2; shift 2
  local k
  for ((k = 0; k < n; k++)); do "$RECPROC" run -q "$@" --shard "$k/$n" --parts "$parts" 2>/dev/null || true; done
}

# rerun_wrong_starts N PARTS ARGS... : one round of re-runs as `merge --check` asks; prints how
# many shards ran again.
rerun_wrong_starts() {
  local n=$1 parts=$2; shift 2
  local count=0 item
  for item in $("$RECPROC" merge "$parts" --shards "$n" --check |
                python3 -c 'import json,sys
for r in json.load(sys.stdin)["rerun"]: print("%d:%s" % (r["shard"], r["start_state"]))'); do
    "$RECPROC" run -q "$@" --shard "${item%%:*}/$n" --parts "$parts" --attempt 1 \
      --shard-start-state "${item#*:}" 2>/dev/null || true
    count=$((count + 1))
  done
  echo "$count"
}

# The report without what differs between a run and a merge of the same job by design.
stable_report() {
  python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))
for k in ("command", "started_at", "duration_seconds", "phase_seconds", "threads", "output",
          "rejects", "throughput_mb_per_s", "tool"):
    r.pop(k, None)
print(json.dumps(r, indent=1, sort_keys=True))' "$1"
}

fail() { echo "FAIL: $*" >&2; exit 1; }
