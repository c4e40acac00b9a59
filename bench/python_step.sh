#!/usr/bin/env bash
# Times one Python function run three ways on the 100 MB Syslog file (issue 17): the
# single-process script people start with, the multiprocessing.Pool(2) version they move to,
# and recproc's python step, which runs the same function unchanged. Every variant writes the
# same output file durably (fsync) and the outputs are compared byte for byte.
#
#   bash bench/python_step.sh [BUILD_DIR]     (needs BUILD_DIR/recproc and BUILD_DIR/gen_syslog)
#
# Prints a Markdown table (median of 3 runs, wall seconds, speed-up over one process, peak RSS
# of the largest process) for bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
RECPROC=$(realpath "$BUILD/recproc")
DATA=bench/data
IN=$DATA/syslog-100m.ndjson
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$DATA"
[ -s "$IN" ] || "$BUILD/gen_syslog" --bytes 100M --seed 42 -o "$IN"
JOB=bench/python_step_job.py

# run NAME COMMAND...: 3 runs; prints "median_seconds peak_rss_kb"
run() {
  local name=$1; shift
  local times=() rss=0
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$OUT/time" "$@" >/dev/null 2>"$OUT/stderr" ||
      { cat "$OUT/stderr" >&2; exit 1; }
    read -r t m <"$OUT/time"
    times+=("$t")
    [ "$m" -gt "$rss" ] && rss=$m
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 2p | tr '\n' ' '
  echo "$rss"
}

read -r single single_rss < <(run single python3 $JOB single "$IN" "$OUT/single.ndjson")
read -r pool pool_rss < <(run pool python3 $JOB pool "$IN" "$OUT/pool.ndjson")
read -r rp rp_rss < <(run recproc "$RECPROC" run "$IN" -q -j2 \
  -t "python $JOB:single_process" -o "$OUT/recproc.ndjson")
cmp "$OUT/single.ndjson" "$OUT/pool.ndjson"
cmp "$OUT/single.ndjson" "$OUT/recproc.ndjson"

ratio() { python3 -c "print(f'{$single / $1:.2f}x')"; }
echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg);" \
  "input $(du -m "$IN" | cut -f1) MB, $(wc -l <"$IN") records; outputs identical."
echo
echo "| how the function runs | wall s (median of 3) | speed-up | peak RSS |"
echo "|---|---|---|---|"
echo "| one Python process | $single | 1.00x | $((single_rss / 1024)) MiB |"
echo "| \`multiprocessing.Pool(2)\` | $pool | $(ratio "$pool") | $((pool_rss / 1024)) MiB (largest process) |"
echo "| \`recproc run -j2 -t 'python job:single_process'\` | $rp | $(ratio "$rp") | $((rp_rss / 1024)) MiB (largest process) |"
