#!/usr/bin/env bash
# Sharded runs equal one run (issue 14): for N = 1..7 shards, the parts concatenated in order,
# the merged output, the merged rejects (with their line numbers) and the merged report equal
# one process's, on NDJSON over several files (one compressed, read whole) and on CSV with a
# header and quoted newlines, including ones placed exactly at share boundaries so that the
# shards' assumed quote state is wrong and `merge --check` asks for re-runs.
# Usage: shard_equivalence.sh RECPROC SOURCE_DIR
set -euo pipefail
source "$2/tests/shard/shard_lib.sh" "$1"  # sets RECPROC, enters a fresh work directory

python3 - <<'PY'
import gzip, json, random
random.seed(14)
def ndjson(n, start):
    out = []
    for i in range(start, start + n):
        if i % 37 == 0: out.append("")                      # blank line
        rec = {"id": i, "host": "h%d" % (i % 5), "msg": "x" * random.randint(0, 300)}
        if i % 11 == 0: rec["level"] = "bad"                # fails the schema
        else: rec["level"] = random.choice(["info", "warn", "error"])
        out.append(json.dumps(rec) + ("\r" if i % 13 == 0 else ""))
    return "\n".join(out) + "\n"
open("a.ndjson", "w").write(ndjson(700, 0))
open("b.ndjson", "w").write(ndjson(3, 700))
open("c.ndjson", "w").write("")
with gzip.open("d.ndjson.gz", "wt") as f: f.write(ndjson(200, 703))
open("e.ndjson", "w").write(ndjson(400, 903).rstrip("\n"))   # no final newline

# CSV: a header, then rows whose notes often hold quoted newlines and doubled quotes.
rows = ["id,name,note"]
for i in range(600):
    r = random.random()
    note = ('"one\ntwo, ""quoted""\nthree"' if r < 0.3 else '"a\n\nb"' if r < 0.4 else
            'plain "literal" quote' if r < 0.5 else "simple")
    rows.append('%d,"name %d",%s' % (i, i, note))
open("q.csv", "w").write("\n".join(rows) + "\n")

# Two halves of equal size: byte H-1 is a newline inside quotes (shard 1 of 2 starts there).
def half(tail):
    body = "id,name,note\n"
    i = 0
    while len(body) < 3000:
        body += '%d,"n%d",x\n' % (i, i); i += 1
    return body, i
head, i = half("")
first = head + '%d,"n",' % i + '"the quote opens here and the newline ends this half:\n'
second_line = 'this line is still inside the quoted field"\n'
rest = ""
j = i + 1
while len(first) + len(second_line) + len(rest) < 2 * len(first):
    rest += '%d,"n%d",x\n' % (j, j); j += 1
data = first + second_line + rest
# pad to exactly twice the first part so the share boundary is right after the quoted newline
pad_rows = ""
k = j
while len(first) * 2 - len(data) - len(pad_rows) > 20:
    pad_rows += '%d,"n%d",x\n' % (k, k); k += 1
data += pad_rows
gap = len(first) * 2 - len(data)
data = data[:-1] + "y" * gap + "\n" if gap > 0 else data
assert len(data) >= len(first) * 2 - 1
open("boundary.csv", "w").write(data)
# The same with byte H-1 the first quote of a doubled quote inside a quoted field.
cut = len(first) - 1
doubled = data[:cut - 1] + '""' + data[cut + 1:]
open("doubled.csv", "w").write(doubled)
PY
cat > schema.json <<'JSON'
{"type": "object", "properties": {"level": {"enum": ["info", "warn", "error"]},
 "note": {"type": "string", "maxLength": 20}}}
JSON

check_job() {  # name N ARGS... (inputs included)
  local name=$1 n=$2; shift 2
  "$RECPROC" run -q "$@" -o single.out --rejects single.rej --report single.json
  rm -rf parts
  run_shards "$n" parts "$@" --on-error quarantine
  local reruns
  reruns=$(rerun_wrong_starts "$n" parts "$@" --on-error quarantine)
  "$RECPROC" merge parts --shards "$n" --check > check.json || fail "$name N=$n: incomplete after one round of re-runs: $(cat check.json)"
  local k parts_list=()
  for ((k = 0; k < n; k++)); do parts_list+=("parts/part-$k"); done
  cat "${parts_list[@]}" | cmp -s - single.out || fail "$name N=$n: parts concatenated differ from one run"
  "$RECPROC" merge -q parts --shards "$n" -o merged.out --rejects merged.rej --report merged.json
  cmp -s merged.out single.out || fail "$name N=$n: merged output differs"
  cmp -s merged.rej single.rej || fail "$name N=$n: merged rejects differ: $(diff merged.rej single.rej | head -5)"
  diff <(stable_report single.json) <(stable_report merged.json) > report.diff ||
    fail "$name N=$n: merged report differs: $(head -20 report.diff)"
  echo "$reruns"
}

total_reruns=0
for n in 1 2 3 4 5 6 7; do
  check_job ndjson "$n" --schema schema.json --max-rejects 100000 --max-reject-rate 0.5 \
    a.ndjson b.ndjson c.ndjson d.ndjson.gz e.ndjson -j 2 >/dev/null
  check_job ndjson-small-chunks "$n" --schema schema.json a.ndjson d.ndjson.gz e.ndjson -j 1 --chunk-size 1K >/dev/null
  r=$(check_job csv "$n" --schema schema.json --output-format ndjson q.csv)
  total_reruns=$((total_reruns + r))
  check_job csv-to-csv "$n" q.csv b.ndjson --output-format csv -t 'select id,note' >/dev/null
done
echo "ndjson and csv: equal for N = 1..7 ($total_reruns shards re-run for a wrong CSV start state)"
[ "$total_reruns" -gt 0 ] || fail "the CSV case never made a shard assume a wrong start state"

for f in boundary.csv doubled.csv; do
  r=$(check_job "$f" 2 --output-format ndjson "$f")
  [ "$r" -ge 1 ] || fail "$f: shard 1 of 2 starts inside a quoted field, but nothing was re-run"
  echo "$f: shard 1 of 2 re-run with the state shard 0 computed; output equal"
done
