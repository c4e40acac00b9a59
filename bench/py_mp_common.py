"""The peer recproc replaces: a Python multiprocessing.Pool script (bench-anchors).

Chunks of whole lines are mapped over Pool(2) with imap, which yields results in input order,
and written to stdout as they come. Used by py_mp_w3.py, py_mp_w1.py and py_mp_w2.py.
"""
import multiprocessing
import sys

CHUNK_BYTES = 4 << 20


def line_chunks(path):
    """Blocks of about CHUNK_BYTES that end on a newline."""
    with open(path, "rb") as f:
        while True:
            block = f.read(CHUNK_BYTES)
            if not block:
                return
            yield block + f.readline()


def run(path, work, chunks=None):
    """Maps `work` (bytes -> bytes) over the chunks of `path` with 2 processes, in order."""
    out = sys.stdout.buffer
    with multiprocessing.Pool(2) as pool:
        for result in pool.imap(work, chunks if chunks is not None else line_chunks(path)):
            out.write(result)
    out.flush()
