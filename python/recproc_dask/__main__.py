"""python3 -m recproc_dask [--scheduler ADDR | --local N] --shards N --parts DIR [--gather]
                           -o OUT -- RECPROC RUN ARGS -- INPUTS

Runs `recproc run RECPROC RUN ARGS` over INPUTS as N shards on a Dask cluster (an existing
scheduler, or a LocalCluster of N worker processes on 127.0.0.1), retries shards whose exit code
says "try again", and publishes OUT with `recproc merge`, exactly once and in input order.
Exits with the job's exit code: 0, 1 (bad data), 2 (usage), 3 (nothing published).

--parts DIR is shared by every worker, unless --gather: then DIR is this machine's, the workers
share no directory, and each shard's manifest and rejects come back with its task's result; the
output must then be -o azblob:// in RECPROC RUN ARGS (staged as blocks of the final blob)."""
import argparse
import json
import shutil
import sys

from distributed import Client, LocalCluster

from .runner import run_sharded


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m recproc_dask", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scheduler", help="address of a running Dask scheduler")
    where.add_argument("--local", type=int, metavar="N", help="a LocalCluster of N worker processes")
    parser.add_argument("--shards", type=int, required=True)
    parser.add_argument("--parts", required=True,
                        help="shared directory for parts and manifests (with --gather: this "
                             "machine's)")
    parser.add_argument("--gather", action="store_true",
                        help="workers share no directory: manifests and rejects come back with "
                             "the task results (needs -o azblob:// in the run args)")
    parser.add_argument("-o", "--output", help="the job's output (omit to only run the shards)")
    parser.add_argument("--rejects", help="the job's rejects (with --on-error quarantine)")
    parser.add_argument("--report", help="the merged JSON report")
    parser.add_argument("--recproc", default=shutil.which("recproc") or "recproc")
    parser.add_argument("--retries", type=int, default=3, help="attempts after the first (default 3)")
    parser.add_argument("--timeout", help="per attempt, as recproc's --timeout: 30m")
    parser.add_argument("--attempts-json", help="write every attempt (exit code, stderr) here")
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="-- RECPROC RUN ARGS -- INPUTS")
    opts = parser.parse_args(argv)
    rest = opts.rest[1:] if opts.rest[:1] == ["--"] else opts.rest
    if "--" not in rest:
        parser.error("expected -- RECPROC RUN ARGS -- INPUTS")
    split = rest.index("--")
    args, inputs = rest[:split], rest[split + 1:]
    if not inputs or opts.shards < 1:
        parser.error("expected at least one input and --shards >= 1")

    cluster = None
    if opts.scheduler:
        client = Client(opts.scheduler)
    else:
        cluster = LocalCluster(n_workers=opts.local or 2, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    try:
        result = run_sharded(client, inputs, args, opts.shards, opts.parts, recproc=opts.recproc,
                             output=opts.output, rejects=opts.rejects, report=opts.report,
                             retries=opts.retries, timeout=opts.timeout, gather=opts.gather)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if opts.attempts_json:
        with open(opts.attempts_json, "w") as f:
            json.dump({"exit_code": result.exit_code, "summary": result.summary,
                       "rerun_for_quote_state": result.rerun_for_quote_state,
                       "attempts": [a.__dict__ for a in result.attempts]}, f, indent=1)
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
