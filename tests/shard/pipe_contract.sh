#!/usr/bin/env bash
# The stdin/stdout contract for Spark RDD.pipe / mapPartitions and Hadoop streaming (issue 14),
# driven the way `pipe` drives it: one recproc per partition, the partition's lines on stdin,
# its records on stdout. Partitions in order equal one run; CSV partitions after the first get
# the header line prepended (docs/scaling.md); a partition's bad data gives exit 1.
# Usage: pipe_contract.sh RECPROC SOURCE_DIR
set -euo pipefail
source "$2/tests/shard/shard_lib.sh" "$1"  # sets RECPROC, enters a fresh work directory
python3 -c '
import json
with open("in.ndjson", "w") as f:
    for i in range(5000):
        f.write(json.dumps({"id": i, "level": ["info", "warn", "bad"][i % 3 if i % 97 == 0 else i % 2]}) + "\n")
with open("in.csv", "w") as f:
    f.write("id,level,msg\n")
    for i in range(5000):
        f.write("%d,%s,\"hello, %d\"\n" % (i, "info" if i % 5 else "warn", i))'
echo '{"type":"object","properties":{"level":{"enum":["info","warn"]}}}' > schema.json

# pipe PARTITIONS INPUT ARGS... : split INPUT into line partitions, run one recproc per
# partition on stdin, concatenate stdout in partition order.
pipe() {
  local n=$1 input=$2; shift 2
  rm -f part.* out.*
  split -n "l/$n" -d -a 3 "$input" part.
  local i=0 p
  for p in part.*; do
    "$RECPROC" run - -q "$@" --rejects "rej.$i" < "$p" > "out.$i" 2>/dev/null || echo "exit $? in partition $i" >> exits
    i=$((i + 1))
  done
  cat out.*
}

args=(--schema schema.json --on-error quarantine -t 'select id,level')
"$RECPROC" run in.ndjson -q "${args[@]}" --rejects one.rej > one.ndjson
for n in 1 3 8; do
  pipe "$n" in.ndjson "${args[@]}" | cmp -s - one.ndjson || fail "NDJSON through $n pipes differs"
  [ "$(cat rej.* | wc -l)" = "$(wc -l < one.rej)" ] || fail "NDJSON through $n pipes: rejects differ"
done

# CSV: Spark's partitions are line ranges; every partition but the first lacks the header.
"$RECPROC" run in.csv -q --output-format ndjson > one-csv.ndjson
split -n l/4 -d -a 3 in.csv csvpart.
header=$(head -1 in.csv)
for p in csvpart.*; do
  if [ "$p" = csvpart.000 ]; then cat "$p"; else { echo "$header"; cat "$p"; } ; fi |
    "$RECPROC" run - -q --format csv --output-format ndjson
done | cmp -s - one-csv.ndjson || fail "CSV partitions with the header prepended differ"

# A partition with bad data and the fail policy exits 1: Spark fails (and retries) that task.
set +e
printf '{"id":1,"level":"bad"}\n' | "$RECPROC" run - -q --schema schema.json > /dev/null 2>&1
code=$?
set -e
[ "$code" -eq 1 ] || fail "a bad partition exits $code, expected 1"
echo "pipe contract: NDJSON and CSV partitions on stdin equal one run; bad data exits 1"
