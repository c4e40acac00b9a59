"""The function Dask runs on a worker: one attempt of one shard, as a recproc process."""
import json
import os
import socket
import subprocess

# Exit codes of recproc (its README): 1 bad data and 2 bad usage are final; 3 (I/O, environment,
# --timeout) and death by a signal are worth another attempt.
RETRYABLE_EXIT_CODES = {3}
STDERR_KEPT = 64 * 1024


def run_shard(recproc, args, inputs, shard, shards, parts, attempt, start_state=None,
              timeout=None):
    """Runs `recproc run ARGS --shard shard/shards --parts parts -- INPUTS`; returns a dict with
    the exit code, the tail of stderr and the manifest recproc published (None if it did not)."""
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
