"""Run a recproc job as N shards on a Dask cluster, exactly once, ordered and atomic.

recproc is the per-partition worker: `recproc run --shard K/N` processes share K of the inputs'
bytes on every core of the node it lands on and publishes part-K with a manifest; `recproc
merge` checks the N manifests and publishes the output as one run would have, or nothing.
This package only schedules shards, retries the ones whose exit code says "try again" and runs
the commit. See the README's "Scaling past one machine".

    from distributed import Client
    from recproc_dask import run_sharded
    result = run_sharded(Client("tcp://10.0.0.5:8786"), ["/shared/in/day1.csv"],
                         ["--schema", "/shared/s.json", "--on-error", "quarantine"],
                         shards=16, parts="/shared/parts/job-42", output="/shared/out.csv")
    sys.exit(result.exit_code)
"""
from .runner import Attempt, RunResult, run_sharded

__all__ = ["Attempt", "RunResult", "run_sharded"]
