#!/usr/bin/env bash
# Issue 13's speed check: recproc before the house work (2ed3c84, the parent of 13440d0) against
# main, W1 and W3 on the 1 GiB bench inputs, five interleaved rounds; prints "WHO JOB SECONDS".
#   git worktree add --detach /tmp/before 2ed3c84
#   cmake -S /tmp/before -B /tmp/before/build -G Ninja -DCMAKE_BUILD_TYPE=Release \
#     -DRECPROC_PGO=off -DRECPROC_BUILD_TESTS=OFF -DRECPROC_BUILD_BENCH=OFF
#   cmake --build /tmp/before/build --target recproc
#   BENCH_GENERATE_ONLY=1 bash bench/run.sh build-dev
#   bash bench/house_before_after.sh /tmp/before/build/recproc build-dev/recproc [after-first]
set -u
BEFORE=$1 AFTER=$2 ORDER="before after"
[[ ${3:-} == after-first ]] && ORDER="after before"
mkdir -p /tmp/bb
W3=bench/data/syslog-1g.ndjson W1=bench/data/syslog-1g-dirty.ndjson
F='filter SeverityLevel in ["emerg","alert","crit","err","warning"]'
S='select TimeGenerated,Computer,SeverityLevel,ProcessID,SyslogMessage'
for f in $W3 $W1; do sync $f; dd if=$f iflag=nocache count=0 status=none; cat $f >/dev/null; done
t() {  # t CMD...: its wall seconds
  local s e
  s=$(date +%s%N)
  "$@" >/dev/null 2>&1
  e=$(date +%s%N)
  awk -v ns=$((e - s)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}
for round in 1 2 3 4 5; do
  for who in $ORDER; do
    B=$BEFORE; [[ $who == after ]] && B=$AFTER
    echo "$who w3_o $(t $B run $W3 -q -o /tmp/bb/w3.ndjson)"
    echo "$who w3_null $(t sh -c "$B run $W3 -q > /dev/null")"
    echo "$who w1_o $(t $B run $W1 -q --schema bench/syslog.schema.json -t "$F" -t "$S" --rejects /tmp/bb/w1.rej -o /tmp/bb/w1.ndjson)"
    echo "$who w1_null $(t sh -c "$B run $W1 -q --schema bench/syslog.schema.json --on-error skip -t '$F' -t '$S' > /dev/null")"
  done
done
