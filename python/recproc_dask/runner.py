"""Schedules the shards of one recproc job on a Dask client and commits them."""
import dataclasses
import json
import os
import subprocess
import sys
from typing import Callable, List, Optional, Sequence

from distributed import as_completed

from . import shard_task


@dataclasses.dataclass
class Attempt:
    shard: int
    attempt: int
    exit_code: Optional[int]  # None: the task itself failed (a lost worker)
    stderr: str
    skipped: bool = False
    error: str = ""  # the task's exception, when a worker was lost


@dataclasses.dataclass
class RunResult:
    exit_code: int  # the job's: 0, 1 (data), 2 (usage), 3 (not complete; nothing published)
    summary: str  # what `recproc merge` said, or why nothing was merged
    attempts: List[Attempt]
    rerun_for_quote_state: List[int]


def _pickle_by_value():
    # Workers need not have this package installed: its functions travel with the tasks.
    try:
        import cloudpickle
        import recproc_dask
        cloudpickle.register_pickle_by_value(recproc_dask)
    except (ImportError, AttributeError):
        pass


def _merge(recproc, parts, shards, extra):
    proc = subprocess.run([recproc, "merge", parts, "--shards", str(shards), *extra],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode("utf-8", "replace")


def run_sharded(client, inputs: Sequence[str], args: Sequence[str], shards: int, parts: str, *,
                recproc: str = "recproc", output: Optional[str] = None,
                rejects: Optional[str] = None, report: Optional[str] = None, retries: int = 3,
                timeout: Optional[str] = None, gather: bool = False,
                log: Callable[[str], None] = lambda m: print(m, file=sys.stderr)) -> RunResult:
    """Runs `recproc run ARGS` over `inputs` as `shards` shards and merges them into `output`.

    `inputs`, `parts` and the outputs must be paths every worker and this process can reach (a
    shared filesystem), or azblob:// URLs. With `gather`, `parts` is this process's own
    directory and the workers need none in common with it: each shard runs in a directory of its
    own and its manifest and rejects come back with the task's result (the output must be
    `-o azblob://` in ARGS, staged as blocks of the final blob; no output byte passes through
    here). Each shard is retried up to `retries` times when its exit code is 3 or it died (a
    killed worker); a data error (1) or usage error (2) is never retried. With `output` None,
    only the shards run and are checked."""
    _pickle_by_value()
    inputs = [p if p.startswith("azblob://") else os.path.abspath(p) for p in inputs]
    parts = os.path.abspath(parts)
    os.makedirs(parts, exist_ok=True)
    attempts: List[Attempt] = []
    next_attempt = [0] * shards
    start_state = [None] * shards
    rerun_for_state: List[int] = []

    def held(k):
        """What this process holds of shard k (gather mode): name -> bytes."""
        files = {}
        for name in shard_task.shard_files(k):
            try:
                with open(os.path.join(parts, name), "rb") as f:
                    files[name] = f.read()
            except OSError:
                pass
        return files

    def keep(k, files):
        """Publishes a finished attempt's files here, rejects before the manifest that names
        them, each atomically; the names of another attempt's set go."""
        for name in reversed(shard_task.shard_files(k)):
            path = os.path.join(parts, name)
            if name in files:
                with open(path + ".tmp", "wb") as f:
                    f.write(files[name])
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(path + ".tmp", path)
            elif os.path.exists(path):
                os.remove(path)

    def submit(k):
        a = next_attempt[k]
        next_attempt[k] += 1
        return client.submit(shard_task.run_shard, recproc, list(args), inputs, k, shards,
                             None if gather else parts, a, start_state[k], timeout,
                             held(k) if gather else None, pure=False,
                             key="recproc-shard-%d-attempt-%d-%s" % (k, a, os.urandom(4).hex()))

    def run_round(todo):
        """Runs the shards in `todo` to a final exit code; returns an exit code for the job if the
        round cannot finish (usage error, retries exhausted), else None."""
        pending = as_completed([submit(k) for k in todo], with_results=False)
        failure = None
        for future in pending:
            try:
                r = future.result()
            except Exception as e:  # a lost worker (KilledWorker) or a task that could not run
                k, a = _shard_of(future.key)
                attempts.append(Attempt(k, a, None, "", error=repr(e)))
                retryable, code = True, None
            else:
                k = r["shard"]
                attempts.append(Attempt(k, r["attempt"], r["exit_code"], r["stderr"], r["skipped"]))
                code = r["exit_code"]
                retryable = code in shard_task.RETRYABLE_EXIT_CODES or code < 0
                if gather and code in (0, 1):
                    keep(k, r["files"])
            if code in (0, 1):
                continue  # final: the shard's part and manifest are committed
            if code == 2:
                failure = failure or (2, "shard %d: usage error: %s" % (k, r["stderr"].strip()))
                continue
            if retryable and next_attempt[k] <= retries:
                log("recproc_dask: shard %d attempt %d failed (%s); retrying"
                    % (k, next_attempt[k] - 1, "exit %d" % code if code is not None else "worker lost"))
                pending.add(submit(k))
                continue
            failure = failure or (3, "shard %d failed %d times; last: %s"
                                  % (k, next_attempt[k], attempts[-1].stderr.strip() or attempts[-1].error))
        return failure

    failure = run_round(range(shards))
    # The CSV quote state a shard assumed may be wrong; the check names every such shard and its
    # true state at once, so one more round settles it (more only if a re-run itself failed).
    while failure is None:
        code, out, err = _merge(recproc, parts, shards, ["--check"])
        check = json.loads(out) if out.strip() else {}
        if check.get("complete"):
            break
        if check.get("problems") or check.get("missing") or not check.get("rerun"):
            failure = (3, "shards not complete: %s" % (out.strip() or err.strip()))
            break
        todo = []
        for r in check["rerun"]:
            start_state[r["shard"]] = r["start_state"]
            rerun_for_state.append(r["shard"])
            todo.append(r["shard"])
        log("recproc_dask: re-running shards %s with the CSV quote state their predecessors ended in"
            % todo)
        failure = run_round(todo)

    if failure is not None:
        log("recproc_dask: nothing published: " + failure[1])
        return RunResult(failure[0], failure[1], attempts, rerun_for_state)
    if output is None:
        return RunResult(0, "shards complete", attempts, rerun_for_state)
    extra = ["-o", output]
    if rejects:
        extra += ["--rejects", rejects]
    if report:
        extra += ["--report", report]
    code, _, err = _merge(recproc, parts, shards, extra)
    summary = err.strip()
    log(summary)
    return RunResult(code, summary, attempts, rerun_for_state)


def _shard_of(key):
    # "recproc-shard-K-attempt-A-xxxx"
    fields = str(key).split("-")
    return int(fields[2]), int(fields[4])
