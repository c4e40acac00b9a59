"""The job of the python-step benchmark (bench/python_step.sh, issue 17), three ways.

single_process() is the function people already have. They start with the single-process loop,
move to multiprocessing.Pool, and with recproc run the same function unchanged:

    python3 bench/python_step_job.py single IN OUT   # one process
    python3 bench/python_step_job.py pool IN OUT     # Pool(2).imap over blocks of lines, in order
    recproc run IN -t 'python bench/python_step_job.py:single_process' -j2 -o OUT
"""
import json
import multiprocessing
import os
import sys

LEVELS = {"emerg": 0, "alert": 1, "crit": 2, "err": 3, "warning": 4, "notice": 5, "info": 6,
          "debug": 7}
BLOCK_BYTES = 1 << 20


def single_process(record):
    """Drops debug records, normalises the host name, adds a numeric severity and a word count."""
    level = LEVELS.get(record.get("SeverityLevel"))
    if level is None:
        raise ValueError(f"unknown SeverityLevel {record.get('SeverityLevel')!r}")
    if level == 7:
        return None
    record["Computer"] = record.get("Computer", "").lower()
    record["Severity"] = level
    record["Words"] = len(record.get("SyslogMessage", "").split())
    return record


def encode(record):
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def process_lines(lines):
    out = []
    for line in lines:
        if not line.strip():
            continue
        try:
            result = single_process(json.loads(line))
        except ValueError:
            continue  # what the script would log and skip
        if result is not None:
            out.append(encode(result))
    return out


def process_block(block):
    out = process_lines(block.split(b"\n"))
    return ("\n".join(out) + "\n").encode() if out else b""


def blocks(f):
    while True:
        block = f.read(BLOCK_BYTES)
        if not block:
            return
        yield block + f.readline()


def main(mode, source, target):
    with open(source, "rb") as f, open(target, "wb") as out:
        if mode == "single":
            for block in blocks(f):
                out.write(process_block(block))
        else:
            with multiprocessing.Pool(2) as pool:
                for result in pool.imap(process_block, blocks(f)):
                    out.write(result)
        out.flush()
        os.fsync(out.fileno())  # durable, as recproc's -o is


if __name__ == "__main__":
    main(*sys.argv[1:4])
