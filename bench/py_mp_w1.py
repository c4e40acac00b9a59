"""W1 in Python: validate (ProcessID integer, Computer present, SeverityLevel one of eight),
keep emerg..warning, project five fields, in input order.

    python3 bench/py_mp_w1.py bench/data/syslog-100m-dirty.ndjson > out.ndjson
"""
import json
import sys

from py_mp_common import run

LEVELS = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"}
KEEP = {"emerg", "alert", "crit", "err", "warning"}
FIELDS = ("TimeGenerated", "Computer", "SeverityLevel", "ProcessID", "SyslogMessage")


def filter_project(block):
    out = []
    for line in block.split(b"\n"):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except ValueError:
            continue  # malformed: rejected
        pid = r.get("ProcessID")
        if not isinstance(pid, int) or isinstance(pid, bool) or "Computer" not in r:
            continue
        level = r.get("SeverityLevel")
        if level not in LEVELS or level not in KEEP:
            continue
        out.append(json.dumps({k: r.get(k) for k in FIELDS}, separators=(",", ":"),
                              ensure_ascii=False))
    out.append("")
    return "\n".join(out).encode()


if __name__ == "__main__":
    run(sys.argv[1], filter_project)
