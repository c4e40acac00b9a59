"""W3 identity in Python: parse every record and write it back minified, in input order.

    python3 bench/py_mp_w3.py bench/data/syslog-100m.ndjson > out.ndjson
"""
import json
import sys

from py_mp_common import run


def identity(block):
    out = []
    for line in block.split(b"\n"):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue  # malformed: skipped
        out.append(json.dumps(record, separators=(",", ":"), ensure_ascii=False))
    out.append("")
    return "\n".join(out).encode()


if __name__ == "__main__":
    run(sys.argv[1], identity)
