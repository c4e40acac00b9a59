#!/usr/bin/env bash
# The same job as one recproc process and as N shards on a Dask LocalCluster (issue 14): wall
# time of each and the SHA-256 of the outputs and rejects, which must be equal.
#   bash bench/sharded.sh BUILD_DIR [SHARDS] [BYTES]    (defaults: 8 shards, 300 MB, W1 dirty)
# On one machine the cluster only adds overhead (process start, the CSV/NDJSON boundary reads,
# the merge's copy); the figure is the price of the commit protocol, not a speed-up.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$1" && pwd)
SHARDS=${2:-8}
BYTES=${3:-300000000}
RECPROC=$BUILD/recproc
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3
DATA=$ROOT/bench/data
OUT=$(mktemp -d /tmp/recproc-sharded.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$DATA"
IN=$DATA/sharded-$BYTES-dirty.ndjson
[[ -s $IN ]] || "$BUILD/gen_syslog" --seed 42 --bytes "$BYTES" --dirty -o "$IN"

args=(--schema "$ROOT/bench/syslog.schema.json" --on-error quarantine
      -t 'filter SeverityLevel in ["emerg","alert","crit","err","warning"]'
      -t 'select TimeGenerated,Computer,SeverityLevel,ProcessID,SyslogMessage')
seconds() { local ms=$(( ($(date +%s%N) - $1) / 1000000 )); printf '%d.%03d' $((ms / 1000)) $((ms % 1000)); }

t0=$(date +%s%N)
"$RECPROC" run -q "${args[@]}" --rejects "$OUT/one.rejects" -o "$OUT/one.ndjson" "$IN"
one=$(seconds "$t0")

t0=$(date +%s%N)
PYTHONPATH=$ROOT/python "$PY" -m recproc_dask --local 2 --shards "$SHARDS" --parts "$OUT/parts" \
  -o "$OUT/dask.ndjson" --rejects "$OUT/dask.rejects" --recproc "$RECPROC" \
  -- -j1 "${args[@]}" -- "$IN" 2>"$OUT/dask.log"
dask=$(seconds "$t0")

sha() { sha256sum "$1" | cut -c1-16; }
printf '| run | wall s | output SHA-256 | rejects SHA-256 |\n|---|---|---|---|\n'
printf '| one process (-j2) | %s | %s | %s |\n' "$one" "$(sha "$OUT/one.ndjson")" "$(sha "$OUT/one.rejects")"
printf '| %d shards, LocalCluster 2 workers x -j1 | %s | %s | %s |\n' "$SHARDS" "$dask" \
  "$(sha "$OUT/dask.ndjson")" "$(sha "$OUT/dask.rejects")"
cmp -s "$OUT/one.ndjson" "$OUT/dask.ndjson" && cmp -s "$OUT/one.rejects" "$OUT/dask.rejects" ||
  { echo "sharded.sh: outputs differ" >&2; exit 1; }
tail -1 "$OUT/dask.log"
