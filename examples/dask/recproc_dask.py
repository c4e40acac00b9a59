#!/usr/bin/env python3
"""Scale recproc past one machine with Dask: one task per input file, outputs joined in order.

recproc is the per-file worker (every core of the node it runs on); Dask only schedules files to
nodes. Each task writes its own output and report; the driver concatenates the outputs in input
order and sums the reports, so the result equals one `recproc run` over all files.

  python3 recproc_dask.py --scheduler tcp://10.0.0.5:8786 --out clean.ndjson \
      -- --schema syslog.json --on-error skip -t 'select TimeGenerated,Computer' -- day1.ndjson day2.ndjson
  python3 recproc_dask.py --local 2 --out clean.ndjson -- -t 'drop HostIP' -- *.ndjson   # LocalCluster on 127.0.0.1
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

from distributed import Client, LocalCluster


def run_one(recproc, args, path, out_dir, index):
    """Runs recproc on one file on whichever worker Dask picked; returns (output, report)."""
    out = os.path.join(out_dir, f"part-{index:06d}")
    report = out + ".report.json"
    proc = subprocess.run([recproc, "run", path, "-o", out, "--report", report, "-q"] + args,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"recproc failed on {path} (exit {proc.returncode}): {proc.stderr.strip()}")
    with open(report) as f:
        return out, json.load(f)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scheduler", help="address of an existing Dask scheduler")
    parser.add_argument("--local", type=int, default=2, help="workers of a LocalCluster on 127.0.0.1")
    parser.add_argument("--recproc", default=shutil.which("recproc") or "recproc")
    parser.add_argument("--out", required=True)
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="-- RECPROC ARGS -- FILES")
    opts = parser.parse_args()
    rest = opts.rest[1:] if opts.rest[:1] == ["--"] else opts.rest
    split = rest.index("--")
    recproc_args, files = rest[:split], rest[split + 1:]

    if opts.scheduler:
        client = Client(opts.scheduler)
    else:
        cluster = LocalCluster(n_workers=opts.local, threads_per_worker=1, host="127.0.0.1",
                               dashboard_address=None, processes=True)
        client = Client(cluster)
    # Shared storage: outputs land next to the final file so that every node can write them.
    out_dir = tempfile.mkdtemp(prefix=".recproc-dask-", dir=os.path.dirname(os.path.abspath(opts.out)))
    try:
        futures = [client.submit(run_one, opts.recproc, recproc_args, os.path.abspath(f), out_dir, i, pure=False)
                   for i, f in enumerate(files)]
        results = client.gather(futures)  # in submission order = input order
        tmp = opts.out + ".tmp"
        with open(tmp, "wb") as dst:
            for part, _ in results:
                with open(part, "rb") as src:
                    shutil.copyfileobj(src, dst)
        os.replace(tmp, opts.out)
        totals = {k: sum(r[k] for _, r in results)
                  for k in ("records_in", "records_out", "records_dropped", "records_rejected")}
        print(json.dumps(totals))
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
        client.close()


if __name__ == "__main__":
    sys.exit(main())
