#!/usr/bin/env bash
# Runs one end-to-end case against golden files, or all of them with --all.
#
# A case is a folder tests/e2e/<name>/ holding `cmd` (a bash line; $RECPROC is the binary; it
# runs in a scratch copy of the folder), its input files, and the golden `stdout`, `stderr` and
# `exit_code`. Output files the command writes can be checked with `expect_<file>` goldens.
# Timing figures in the summary line are masked. RECPROC_UPDATE_GOLDEN=1 rewrites goldens.
set -uo pipefail

run_one() {
  local case_dir=$1 bin=$2
  local work
  work=$(mktemp -d)
  cp -r "$case_dir"/. "$work"/
  (cd "$work" && RECPROC="$bin" bash ./cmd >"$work/.stdout" 2>"$work/.stderr"; echo $? >"$work/.exit_code")
  # Mask what changes from run to run: durations, throughput, timestamps, temp paths.
  sed -i -E 's/[0-9]+\.[0-9]+ s \([0-9]+\.[0-9]+ MB\/s\)/X s (X MB\/s)/g' "$work/.stderr" "$work/.stdout"
  local status=0
  for f in stdout stderr exit_code; do
    if [ "${RECPROC_UPDATE_GOLDEN:-0}" = 1 ]; then
      cp "$work/.$f" "$case_dir/$f"
    elif ! diff -u "$case_dir/$f" "$work/.$f" >"$work/.diff_$f"; then
      echo "e2e $(basename "$case_dir"): $f differs:"; cat "$work/.diff_$f"; status=1
    fi
  done
  for expect in "$case_dir"/expect_*; do
    [ -e "$expect" ] || continue
    local name=${expect##*/expect_}
    if [ "${RECPROC_UPDATE_GOLDEN:-0}" = 1 ]; then
      if [ -e "$work/$name" ]; then cp "$work/$name" "$expect"; else echo "<absent>" >"$expect"; fi
    elif [ "$(cat "$expect")" = "<absent>" ]; then
      if [ -e "$work/$name" ]; then echo "e2e $(basename "$case_dir"): $name should not exist"; status=1; fi
    elif ! diff -u "$expect" "$work/$name"; then
      echo "e2e $(basename "$case_dir"): output file $name differs"; status=1
    fi
  done
  # No temporary output may be left behind, whatever the exit path.
  if ls -A "$work" | grep -q '\.recproc-'; then
    echo "e2e $(basename "$case_dir"): temporary file left behind"; status=1
  fi
  rm -rf "$work"
  return $status
}

if [ "${1:-}" = "--all" ]; then
  bin=$(realpath "$2"); rc=0
  for d in "$(dirname "$0")"/*/; do [ -f "$d/cmd" ] && { run_one "$d" "$bin" || rc=1; }; done
  exit $rc
fi
run_one "$1" "$(realpath "$2")"
