#!/usr/bin/env bash
# Renders the page `run --html` writes in headless Chromium (Debian's `chromium` package) and
# checks what a reader would see: the counts, the thresholds, the error groups, values from the
# data shown as text (never as markup), and no script error. The page's first script records
# errors in <html data-js-errors>, its last one sets <body data-ok="1">; --dump-dom shows both.
# Exits 77 (ctest SKIP_RETURN_CODE) when Chromium is not installed.
# Usage: html_chromium_test.sh RECPROC
set -uo pipefail
recproc=$(realpath "$1")
# RECPROC_CHROMIUM names another browser binary (set it to a missing path to see the skip).
chromium=${RECPROC_CHROMIUM-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
  echo "SKIP: chromium not installed (scripts/install-test-tools.sh installs it)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

# 8 records, 3 bad: a string where an integer belongs (twice, one of them markup), and a
# record whose host is missing.
cat >schema.json <<'JSON'
{"type": "object", "required": ["host", "pid"],
 "properties": {"host": {"type": "string"}, "pid": {"type": "integer"}}}
JSON
cat >in.ndjson <<'JSON'
{"host": "a", "pid": 1}
{"host": "b", "pid": "<script>alert(1)</script>"}
{"host": "c", "pid": 3}
{"pid": 4}
{"host": "e", "pid": 5}
{"host": "f", "pid": "</td><td>6"}
{"host": "g", "pid": 7}
{"host": "h", "pid": 8}
JSON
"$recproc" run in.ndjson --schema schema.json --on-error skip --max-rejects 5 \
  --max-reject-rate 0.5 --report report.json --html report.html -o out.ndjson -q
rc=$?
[ $rc = 0 ] || { echo "recproc run exited $rc"; exit 1; }

render() {  # render PAGE: its DOM after the scripts ran, on stdout; chromium's log on stderr
  timeout 120 "$chromium" --headless=new --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$work/profile" --enable-logging=stderr --v=0 \
    --virtual-time-budget=2000 --dump-dom "file://$work/$1"
}
render report.html >dom.html 2>chromium.log
rc=$?
if [ $rc != 0 ] || ! grep -q '</html>' dom.html; then
  echo "chromium failed (exit $rc):"; tail -n 20 chromium.log; exit 1
fi

status=0
expect() {  # expect DESCRIPTION EXTENDED-REGEX: the rendered DOM must match
  if ! grep -Eq -- "$2" dom.html; then echo "FAIL: $1 (no match for: $2)"; status=1; fi
}
metric() {  # the card for a count shows the number
  expect "card $1 = $2" "data-metric=\"$1\"><div class=\"label\">[^<]*</div><div class=\"value\">$2</div>"
}
expect "the last script ran" '<body data-ok="1"'
if grep -q '<html[^>]*data-js-errors' dom.html; then
  echo "FAIL: script errors: $(grep -o '<html[^>]*>' dom.html)"; status=1
fi
if grep -E 'CONSOLE|Uncaught|Refused to' chromium.log; then
  echo "FAIL: console messages above"; status=1
fi
metric records_in 8
metric records_out 5
metric records_dropped 0
metric records_rejected 3
metric error_groups 2
expect "status badge" 'data-status="success">Passed · exit 0<'
expect "max-rejects passed" 'data-threshold="max_rejects">.*5 rejected</td><td class="num">3 rejected</td><td><span class="pill ok">passed'
expect "max-reject-rate passed" 'data-threshold="max_reject_rate">.*50%</td><td class="num">37.5%</td><td><span class="pill ok">passed'
expect "type errors counted" '<td class="num">2</td><td><code>pid</code></td><td><code>#/<wbr>properties/<wbr>pid/<wbr>type</code>'
expect "first example located" '<li class="mono">in.ndjson:2</li><li class="mono">in.ndjson:6</li>'
expect "missing field counted" '<td class="num">1</td><td><code>host</code></td><td><code>#/<wbr>required</code>'
expect "markup from the data shown as text" '&lt;script&gt;alert\(1\)&lt;/script&gt;'
# Only the page's own two scripts and its table cells: the data added no element.
scripts=$(grep -o '<script' dom.html | wc -l)
[ "$scripts" = 2 ] || { echo "FAIL: $scripts <script> elements, expected 2"; status=1; }

# The checks above can fail: a page with a broken script is caught by both of them.
sed 's|</body>|<script>no_such_function();</script></body>|' report.html >broken.html
render broken.html >broken-dom.html 2>broken.log
grep -q '<html[^>]*data-js-errors="[^"]*no_such_function' broken-dom.html ||
  { echo "FAIL: the error hook missed a script error"; status=1; }
grep -q 'CONSOLE.*no_such_function' broken.log ||
  { echo "FAIL: chromium's log missed a console error"; status=1; }

[ "$status" = 0 ] && echo "html_chromium: ok ($scripts scripts, page rendered without errors)"
exit $status
