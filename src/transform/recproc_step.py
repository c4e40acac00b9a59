# recproc's Python step helper: runs f(record) -> dict | None for `-t 'python MODULE:FUNCTION'`.
# recproc starts one copy per worker and speaks the line protocol with it on stdin/stdout (one
# NDJSON record in, one line out: the new record, null to drop, or {"$reject": why}). It is
# built into the recproc binary and needs nothing but the Python standard library; to try a
# function by hand: python3 recproc_step.py clean:fix < records.ndjson
import datetime
import importlib
import importlib.util
import json
import os
import sys
import traceback


def load(target):
    """'clean:fix', 'pkg.clean:fix' or 'path/to/clean.py:fix' -> the function."""
    where, _, name = target.rpartition(":")
    if not where or not name:
        raise SystemExit(f"expected MODULE:FUNCTION, got {target!r}")
    if where.endswith(".py") or "/" in where:
        spec = importlib.util.spec_from_file_location(os.path.basename(where)[:-3], where)
        if spec is None:
            raise SystemExit(f"cannot load {where}")
        module = importlib.util.module_from_spec(spec)
        sys.path.insert(0, os.path.dirname(os.path.abspath(where)))
        spec.loader.exec_module(module)
    else:
        sys.path.insert(0, os.getcwd())
        module = importlib.import_module(where)
    function = getattr(module, name, None)
    if not callable(function):
        raise SystemExit(f"{where} has no function {name!r}")
    return function


def plain(value):
    """json.dumps fallback: dates and times as ISO 8601, like most JSON exporters."""
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def where_raised(error):
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    return f" ({os.path.basename(last.filename)}:{last.lineno})"


def answer(function, line):
    try:
        result = function(json.loads(line))
        if result is None:
            return b"null"
        if not isinstance(result, dict):
            raise TypeError(f"returned {type(result).__name__}, expected a dict or None")
        text = json.dumps(result, ensure_ascii=False, separators=(",", ":"), allow_nan=False,
                          default=plain)
        return text.encode("utf-8")
    except Exception as error:  # the record is rejected with the reason; the run goes on
        reason = f"{type(error).__name__}: {error}{where_raised(error)}"
        return json.dumps({"$reject": reason}).encode("ascii")


def write_all(data):
    view = memoryview(data)
    while view:
        view = view[os.write(1, view):]


def serve(function):
    # Whole blocks rather than lines: one read and one write per block of records, and the
    # answers are out before the next read blocks, which the protocol needs (no flush to forget).
    partial = []  # the pieces of a line longer than a block
    while True:
        block = os.read(0, 1 << 16)
        if not block:
            return
        if b"\n" not in block:
            partial.append(block)
            continue
        if partial:
            partial.append(block)
            block = b"".join(partial)
            partial = []
        lines = block.split(b"\n")
        rest = lines.pop()
        if rest:
            partial.append(rest)
        write_all(b"\n".join(answer(function, line) for line in lines) + b"\n")


def main(argv):
    check = argv[:1] == ["--check"]
    if check:
        argv = argv[1:]
    if len(argv) != 1:
        raise SystemExit("usage: recproc_step.py [--check] MODULE:FUNCTION")
    real_stdout = sys.stdout
    sys.stdout = sys.stderr  # the user's print() must not become an answer line
    try:
        function = load(argv[0])
    except SystemExit:
        raise
    except Exception as error:
        raise SystemExit(f"cannot import {argv[0]}: {type(error).__name__}: {error}"
                         f"{where_raised(error)}")
    if check:
        real_stdout.write("ok\n")
        real_stdout.flush()
        return
    serve(function)


if __name__ == "__main__":
    main(sys.argv[1:])
