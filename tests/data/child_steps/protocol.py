# A line-protocol program for the exec step tests: each record's "do" field says how to answer.
import json
import sys
import time

for line in sys.stdin:
    record = json.loads(line)
    do = record.get("do", "keep")
    if do == "crash":
        sys.stderr.write(f"boom on record {record['id']}\n")
        sys.stderr.flush()
        sys.exit(3)
    if do == "hang":
        time.sleep(3600)
    if do == "skip":  # answers nothing: one line short
        continue
    if do == "late":  # a second answer after a pause: one line too many, seen late
        sys.stdout.write("null\n")
        sys.stdout.flush()
        time.sleep(0.1)
        do = "drop"
    if do == "slow":
        time.sleep(0.2)
    if do == "noise":
        sys.stderr.write("x" * 100000 + "\n")  # more than a pipe holds
    answer = {
        "keep": lambda: json.dumps({**record, "seen": True}),
        "slow": lambda: json.dumps(record),
        "noise": lambda: json.dumps(record),
        "drop": lambda: "null",
        "reject": lambda: json.dumps({"$reject": "no good", "$field": "/id"}),
        "extra": lambda: "null\nnull",
        "text": lambda: "not json",
        "array": lambda: "[1,2]",
    }[do]()
    sys.stdout.write(answer + "\n")
    sys.stdout.flush()
