"""The function Dask runs on a worker: one attempt of one shard, as a recproc process."""
import json
import os
import shutil
import socket
import subprocess
import tempfile

# Exit codes of recproc (its README): 1 bad data and 2 bad usage are final; 3 (I/O, environment,
# --timeout) and death by a signal are worth another attempt.
RETRYABLE_EXIT_CODES = {3}
STDERR_KEPT = 64 * 1024


def shard_files(shard):
    """The names a shard publishes in its parts directory besides the output: its manifest and
    its rejects."""
    return ["part-%d.json" % shard, "rejects-%d" % shard]


def run_shard(recproc, args, inputs, shard, shards, parts, attempt, start_state=None,
              timeout=None, gathered=None):
    """Runs `recproc run ARGS --shard shard/shards --parts parts -- INPUTS`; returns a dict with
    the exit code, the tail of stderr and the manifest recproc published (None if it did not).

    With `gathered` (a dict, maybe empty) the worker shares no directory with the driver: parts
    is None, the shard runs in a parts directory of its own, seeded with `gathered` (the files
    the driver holds from an earlier attempt, name -> bytes, so that a finished shard is found
    finished), and the result carries its manifest and rejects back as "files"."""
    local = None
    if gathered is not None:
        local = parts = tempfile.mkdtemp(prefix="recproc-shard-%d-" % shard)
        for name, data in gathered.items():
            with open(os.path.join(parts, name), "wb") as f:
                f.write(data)
    try:
        result = _run(recproc, args, inputs, shard, shards, parts, attempt, start_state, timeout)
        if local is not None:
            if os.path.exists(os.path.join(local, "part-%d" % shard)):
                # The output is a local part-K: it cannot travel back as a task result.
                result["exit_code"] = 2
                result["stderr"] += ("recproc_dask: without a shared --parts directory the "
                                     "output must be -o azblob://\n")
            result["files"] = {}
            for name in shard_files(shard):
                try:
                    with open(os.path.join(local, name), "rb") as f:
                        result["files"][name] = f.read()
                except OSError:
                    pass
        return result
    finally:
        if local is not None:
            shutil.rmtree(local, ignore_errors=True)


def _run(recproc, args, inputs, shard, shards, parts, attempt, start_state, timeout):
    cmd = [recproc, "run", *args, "--shard", "%d/%d" % (shard, shards), "--parts", parts,
           "--attempt", str(attempt)]
    if start_state:
        cmd += ["--shard-start-state", start_state]
    if timeout:
        cmd += ["--timeout", timeout]
    cmd += ["--", *inputs]
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    stderr = proc.stderr.decode("utf-8", "replace")[-STDERR_KEPT:]
    manifest = None
    try:
        with open(os.path.join(parts, "part-%d.json" % shard)) as f:
            manifest = json.load(f)
    except (OSError, ValueError):
        pass
    return {
        "shard": shard,
        "attempt": attempt,
        "exit_code": proc.returncode,  # negative: killed by that signal
        "stderr": stderr,
        "skipped": "already committed" in stderr,
        "host": socket.gethostname(),
        "manifest": manifest,
    }
