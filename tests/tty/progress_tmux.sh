#!/usr/bin/env bash
# The progress bar in a real terminal (issue 20). recproc runs in a detached tmux pane on an
# input slowed down by an exec step, with one bad record under --on-error skip. While it runs,
# the pane must show the bar advancing; once it has finished, the screen must hold exactly the
# warning, the summary and the exit status, each on a line of its own, with nothing left of the
# bar. Once in 100 columns and once in 40, narrower than the whole bar.
# Exit 77 (skipped) without tmux.
# Usage: progress_tmux.sh RECPROC
set -uo pipefail
recproc=$(realpath "$1")
command -v tmux >/dev/null || { echo "SKIP: tmux not found"; exit 77; }

work=$(mktemp -d)
socket=recproc-test-$$  # a server of our own, whatever else runs tmux on this machine
tmux_() { tmux -L "$socket" -f /dev/null "$@"; }
trap 'tmux_ kill-server 2>/dev/null; rm -rf "$work"' EXIT

cat >"$work/slow.sh" <<'SLOW'
#!/bin/sh
# Answers each line after a pause: a step slow enough for the bar to be seen.
while IFS= read -r line; do sleep 0.01; printf '%s\n' "$line"; done
SLOW
chmod +x "$work/slow.sh"
for i in $(seq 600); do
  if [ "$i" = 300 ]; then echo '{"id": 300, "msg": bad'; continue; fi
  printf '{"id":%d,"msg":"record number %d of the progress test"}\n' "$i" "$i"
done >"$work/in.ndjson"

expected_end="recproc: warning: in.ndjson:300: invalid JSON: unclosed array or object
recproc: 600 records in, 599 out, 0 dropped, 1 rejected; 0.0 MB in X s (0.0 MB/s)
recproc exited 0"
status=0
for columns in 100 40; do
  tmux_ new-session -d -s progress -x "$columns" -y 30 -c "$work" \
    "'$recproc' run in.ndjson -o out.ndjson --chunk-size 256 -j 2 --on-error skip \
       -t 'exec ./slow.sh'; echo \"recproc exited \$?\"; exec sleep 600"
  # -J joins the rows a long line wrapped into; trailing blanks are the pane's, not recproc's.
  screen=""
  seen=""
  for _ in $(seq 600); do
    screen=$(tmux_ capture-pane -p -J -t progress | sed -e 's/ *$//' -e '/^$/d')
    grep -q '^recproc exited' <<<"$screen" && break
    seen+=$(grep -oE '^[0-9.]+ KB / 34\.5 KB +[0-9]+%' <<<"$screen" | sed 's/.* //')$'\n'
    sleep 0.1
  done
  tmux_ kill-session -t progress
  percents=$(grep -v '^$' <<<"$seen" | sort -n -u | xargs)
  if [ "$(wc -w <<<"$percents")" -lt 2 ]; then
    echo "$columns columns: the bar was not seen advancing (percentages seen: ${percents:-none})"
    status=1
  fi
  end=$(sed -E 's/in [0-9.]+ s/in X s/' <<<"$screen")
  if [ "$end" != "$expected_end" ]; then
    echo "$columns columns: the screen at the end is not the warning, the summary and the exit:"
    echo "$screen"
    status=1
  fi
  [ "$(wc -l <"$work/out.ndjson" 2>/dev/null)" = 599 ] || { echo "$columns columns: out.ndjson"; status=1; }
  rm -f "$work/out.ndjson"
  [ $status = 0 ] && echo "$columns columns: bar at $percents, then a clean screen"
done
exit $status
