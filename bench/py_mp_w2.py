"""W2 in Python: CSV in, NDJSON out, ProcessID cast to integer, invalid rows rejected, in order.

The csv module parses in the main process (a quoted newline cannot be split safely by byte
offset); batches of rows are converted in the pool.

    python3 bench/py_mp_w2.py bench/data/syslog-100m-dirty.csv > out.ndjson
"""
import csv
import itertools
import json
import sys

from py_mp_common import run

LEVELS = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"}


def row_batches(path, header_out):
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header_out.extend(next(rows))
        while True:
            batch = list(itertools.islice(rows, 10000))
            if not batch:
                return
            yield (header_out, batch)


def convert(job):
    header, rows = job
    out = []
    n = len(header)
    for row in rows:
        if len(row) != n:
            continue
        r = dict(zip(header, row))
        try:
            r["ProcessID"] = int(r["ProcessID"])
        except ValueError:
            continue
        if not r["Computer"] or r["SeverityLevel"] not in LEVELS:
            continue
        out.append(json.dumps(r, separators=(",", ":"), ensure_ascii=False))
    out.append("")
    return "\n".join(out).encode()


if __name__ == "__main__":
    header = []
    run(sys.argv[1], convert, row_batches(sys.argv[1], header))
