#include "report/html_assets.h"

namespace recproc::report {

const char* const kReportCss = R"CSS(
:root {
  --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --card: #ffffff;
  --accent: #0969da; --accent-soft: #ddf4ff; --ok: #1a7f37; --ok-soft: #dafbe1;
  --bad: #cf222e; --bad-soft: #ffebe9; --warn: #9a6700; --warn-soft: #fff8c5;
}
* { box-sizing: border-box; }
html { background: var(--soft); }
body {
  margin: 0 auto; max-width: 1120px; padding: 32px 28px 48px; color: var(--ink);
  font: 15px/1.5 -apple-system, "Segoe UI", "Noto Sans", "Helvetica Neue", Arial, sans-serif;
}
header.top { display: flex; align-items: flex-start; justify-content: space-between; gap: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }
h1 .cmd { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
h2 { font-size: 18px; margin: 0 0 14px; }
h3 { font-size: 15px; margin: 0 0 8px; }
.sub { color: var(--muted); margin: 0; font-size: 14px; }
.badge {
  display: inline-block; padding: 6px 14px; border-radius: 999px; font-weight: 600;
  font-size: 14px; white-space: nowrap; border: 1px solid transparent;
}
.badge.ok { background: var(--ok-soft); color: var(--ok); border-color: #aceebb; }
.badge.bad { background: var(--bad-soft); color: var(--bad); border-color: #ffcecb; }
.pill { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12.5px;
        font-weight: 600; }
.pill.ok { background: var(--ok-soft); color: var(--ok); }
.pill.bad { background: var(--bad-soft); color: var(--bad); }
.pill.kind { background: var(--soft); color: var(--muted); border: 1px solid var(--line);
             font-weight: 500; }
.banner {
  margin: 20px 0 0; padding: 12px 16px; border-radius: 8px; background: var(--bad-soft);
  border: 1px solid #ffcecb; color: #82071e; font-size: 14px; overflow-wrap: anywhere;
}
section.panel {
  background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  padding: 20px 22px; margin-top: 20px;
}
.cards { display: grid; grid-template-columns: repeat(5, 1fr); gap: 14px; margin-top: 24px; }
.card {
  background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px;
}
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 28px; font-weight: 650; letter-spacing: -0.02em;
               font-variant-numeric: tabular-nums; }
.card .note { color: var(--muted); font-size: 12.5px; }
.card.rejected .value { color: var(--bad); }
.card.rejected.zero .value { color: var(--ok); }
.meter { height: 6px; background: var(--soft); border-radius: 3px; margin-top: 8px;
         overflow: hidden; }
.meter span { display: block; height: 100%; background: var(--bad); }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line);
         vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 13px; background: var(--soft); }
th[data-sort] { cursor: pointer; user-select: none; }
th[data-sort]:hover { color: var(--ink); }
th.sorted-asc::after { content: " \25B2"; font-size: 10px; }
th.sorted-desc::after { content: " \25BC"; font-size: 10px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr:last-child td { border-bottom: none; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
              font-size: 12.5px; }
td code { overflow-wrap: break-word; }
.where { color: var(--muted); white-space: nowrap; }
.where li { list-style: none; }
ul.plain { margin: 0; padding: 0; }
.empty { color: var(--muted); margin: 0; }
.muted { color: var(--muted); }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart .bar-label { font-size: 14px; fill: var(--ink); }
svg.chart .bar-sublabel { font-size: 11.5px; fill: var(--muted);
  font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
svg.chart .bar-track { fill: var(--soft); }
svg.chart .bar-fill { fill: #e5534b; }
svg.chart .bar:hover .bar-fill { fill: var(--bad); }
svg.chart .bar-value { font-size: 13px; font-weight: 600; fill: var(--ink); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 20px; margin: 0;
           font-size: 14px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.profile { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr));
           gap: 14px; }
.field { border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
.field h3 code { font-size: 14px; }
.field h4 { font-size: 11.5px; font-weight: 600; text-transform: uppercase;
            letter-spacing: 0.05em; margin: 12px 0 2px; }
.field .stats { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px;
                font-size: 13px; margin: 8px 0; }
.field .stats span:nth-child(odd) { color: var(--muted); }
.stack { display: flex; height: 10px; border-radius: 5px; overflow: hidden;
         background: var(--soft); margin: 6px 0 4px; }
.seg { display: block; height: 100%; }
ul.legend { margin: 0 0 8px; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 12px;
            font-size: 12.5px; color: var(--muted); }
ul.legend li { list-style: none; }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 5px; }
.t-string { background: #0969da; } .t-number { background: #8250df; }
.t-integer { background: #bf3989; } .t-boolean { background: #1a7f37; }
.t-object { background: #9a6700; } .t-array { background: #bc4c00; }
.t-null { background: #afb8c1; } .t-missing { background: #d0d7de; }
.t-present { background: #0969da; } .t-other { background: #6e7781; }
.top-values { margin: 4px 0 0; padding: 0; font-size: 12.5px; }
.top-values li { list-style: none; display: grid; grid-template-columns: 1fr 64px 52px;
                 gap: 8px; align-items: center; margin: 2px 0; }
.top-values .v { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.top-values .track { height: 8px; background: var(--soft); border-radius: 4px; overflow: hidden; }
.top-values .track span { display: block; height: 100%; background: #54aeff; }
.top-values .c { text-align: right; color: var(--muted); font-variant-numeric: tabular-nums; }
footer { margin-top: 28px; color: var(--muted); font-size: 12.5px; text-align: center; }
@media (max-width: 820px) { .cards { grid-template-columns: repeat(2, 1fr); } }
@media print { html { background: #fff; } section.panel, .card { break-inside: avoid; } }
)CSS";

const char* const kReportErrorHook = R"JS(
window.onerror = function (message, source, line) {
  var root = document.documentElement;
  var seen = root.getAttribute("data-js-errors") || "";
  root.setAttribute("data-js-errors", seen + (seen ? " | " : "") + message + " (line " + line + ")");
};
)JS";

const char* const kReportScript = R"JS(
(function () {
  // Click a column heading to sort the table by it; numbers sort as numbers.
  function key(cell, numeric) {
    var text = cell.getAttribute("data-value") || cell.textContent;
    return numeric ? parseFloat(text.replace(/,/g, "")) || 0 : text.toLowerCase();
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("th[data-sort]");
    heads.forEach(function (th, column) {
      th.addEventListener("click", function () {
        var numeric = th.getAttribute("data-sort") === "number";
        var descending = !th.classList.contains("sorted-desc");
        heads.forEach(function (h) { h.classList.remove("sorted-asc", "sorted-desc"); });
        th.classList.add(descending ? "sorted-desc" : "sorted-asc");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[column], numeric), y = key(b.cells[column], numeric);
          var order = x < y ? -1 : x > y ? 1 : 0;
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  document.body.setAttribute("data-ok", "1");
})();
)JS";

}  // namespace recproc::report
