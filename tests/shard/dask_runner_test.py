"""The Dask runner (python/recproc_dask) on a real LocalCluster of worker processes on
127.0.0.1 (issue 14): output equal to one recproc process for several N, a worker killed mid
shard, a transient failure retried, a data failure not retried, too many failures publishing
nothing, and a second run skipping committed shards.

Usage: dask_runner_test.py RECPROC SOURCE_DIR   (exit 77: skipped, no python3-distributed)"""
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unittest

RECPROC, SOURCE = sys.argv[1], sys.argv[2]
HERE = os.path.join(SOURCE, "tests", "shard")
sys.path.insert(0, os.path.join(SOURCE, "python"))
try:
    from distributed import Client, LocalCluster
    from recproc_dask import run_sharded
except ImportError as e:
    print("SKIP: %s (Debian: apt-get install python3-distributed)" % e)
    sys.exit(77)


def write_inputs(d):
    random.seed(5)
    paths = []
    for name, n in (("a.ndjson", 3000), ("b.ndjson", 40), ("c.ndjson.gz", 500), ("d.ndjson", 2000)):
        lines = []
        for i in range(n):
            level = "bad" if (i * 7 + len(name)) % 401 == 0 else random.choice(["info", "warn"])
            lines.append(json.dumps({"id": i, "file": name, "level": level, "pad": "x" * (i % 90)}))
        text = "\n".join(lines) + "\n"
        path = os.path.join(d, name)
        if name.endswith(".gz"):
            with gzip.open(path, "wt") as f:
                f.write(text)
        else:
            with open(path, "w") as f:
                f.write(text)
        paths.append(path)
    rows = ["id,note"] + ['%d,"%s"' % (i, "two\nlines" if i % 3 == 0 else "one") for i in range(3000)]
    csv = os.path.join(d, "q.csv")
    with open(csv, "w") as f:
        f.write("\n".join(rows) + "\n")
    schema = os.path.join(d, "schema.json")
    with open(schema, "w") as f:
        f.write('{"type":"object","properties":{"level":{"enum":["info","warn"]}}}')
    return paths, csv, schema


class DaskRunnerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="recproc-dask-test-")
        cls.inputs, cls.csv, cls.schema = write_inputs(cls.dir)
        cls.cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None)
        cls.client = Client(cls.cluster)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def worker_pids(self):
        self.client.wait_for_workers(2, timeout=60)
        return sorted(self.client.run(os.getpid).values())

    def path(self, name):
        return os.path.join(self.dir, name)

    def single(self, args, inputs, name):
        out = self.path(name)
        subprocess.run([RECPROC, "run", "-q", *args, "-o", out, "--", *inputs], check=False)
        with open(out, "rb") as f:
            return f.read()

    def sharded(self, args, inputs, shards, name, **kw):
        parts = self.path(name + ".parts")
        out = self.path(name)
        result = run_sharded(self.client, inputs, args, shards, parts, recproc=RECPROC,
                             output=out, log=lambda m: None, **kw)
        data = None
        if os.path.exists(out):
            with open(out, "rb") as f:
                data = f.read()
        return result, data

    def test_equal_to_one_process_for_several_n(self):
        args = ["--schema", self.schema, "--on-error", "skip", "-t", "select id,file,level"]
        want = self.single(args, self.inputs, "one.ndjson")
        for n in (1, 3, 4, 7):
            result, got = self.sharded(args, self.inputs, n, "n%d.ndjson" % n)
            self.assertEqual(result.exit_code, 0, result.summary)
            self.assertEqual(got, want, "N=%d" % n)
        want_csv = self.single(["--output-format", "ndjson"], [self.csv], "one-csv.ndjson")
        result, got = self.sharded(["--output-format", "ndjson"], [self.csv], 5, "csv.ndjson")
        self.assertEqual(result.exit_code, 0, result.summary)
        self.assertEqual(got, want_csv)

    def test_worker_killed_mid_shard(self):
        marker = self.path("killed.marker")
        args = ["--on-error", "skip", "-t",
                "exec %s %s %s" % (sys.executable, os.path.join(HERE, "kill_worker_once.py"), marker)]
        want = self.single(["--on-error", "skip"], self.inputs, "one-kill.ndjson")
        pids = self.worker_pids()
        result, got = self.sharded(args, self.inputs, 4, "kill.ndjson")
        self.assertTrue(os.path.exists(marker), "the step never ran")
        # The nanny restarted the killed worker; the scheduler ran its shard again elsewhere (or
        # the runner did, when Dask gave up on the task).
        self.assertNotEqual(self.worker_pids(), pids, "no worker was killed")
        self.assertEqual(result.exit_code, 0, result.summary)
        self.assertEqual(got, want, "a lost worker lost or duplicated records")
        leftovers = [f for f in os.listdir(self.path("kill.ndjson.parts")) if "recproc-" in f]
        self.assertEqual(leftovers, [], "the killed attempt left temporary files")

    def test_transient_failure_is_retried(self):
        marker = self.path("slow.marker")
        args = ["-t", "exec %s %s once %s" % (sys.executable, os.path.join(HERE, "sleep_step.py"), marker)]
        want = self.single([], self.inputs[:1], "one-slow.ndjson")
        result, got = self.sharded(args, self.inputs[:1], 2, "slow.ndjson", timeout="3s")
        self.assertEqual(result.exit_code, 0, result.summary)
        self.assertEqual(got, want)
        timed_out = [a for a in result.attempts if a.exit_code == 3]
        self.assertEqual(len(timed_out), 1, [a.__dict__ for a in result.attempts])
        self.assertIn("timeout", timed_out[0].stderr)
        shard = timed_out[0].shard
        self.assertIn((shard, 1, 0), [(a.shard, a.attempt, a.exit_code) for a in result.attempts])

    def test_data_failure_is_not_retried(self):
        result, got = self.sharded(["--schema", self.schema], self.inputs, 3, "fail.ndjson")
        self.assertEqual(result.exit_code, 1, result.summary)
        self.assertIsNone(got, "a failed job published its output")
        self.assertTrue(all(a.attempt == 0 for a in result.attempts), "a data error was retried")
        self.assertIn(1, [a.exit_code for a in result.attempts])

    def test_too_many_failures_publish_nothing(self):
        args = ["-t", "exec %s %s always -" % (sys.executable, os.path.join(HERE, "sleep_step.py"))]
        result, got = self.sharded(args, self.inputs[1:2], 1, "never.ndjson", timeout="1s", retries=1)
        self.assertEqual(result.exit_code, 3, result.summary)
        self.assertIsNone(got)
        self.assertEqual([(a.attempt, a.exit_code) for a in result.attempts], [(0, 3), (1, 3)])
        self.assertIn("failed 2 times", result.summary)

    def test_second_run_skips_committed_shards(self):
        args = ["--on-error", "skip"]
        first, got1 = self.sharded(args, self.inputs, 3, "again.ndjson")
        self.assertEqual(first.exit_code, 0, first.summary)
        self.assertFalse(any(a.skipped for a in first.attempts))
        second, got2 = self.sharded(args, self.inputs, 3, "again.ndjson")
        self.assertEqual(second.exit_code, 0, second.summary)
        self.assertTrue(all(a.skipped for a in second.attempts), [a.__dict__ for a in second.attempts])
        self.assertEqual(got1, got2)

    def test_command_line(self):
        out = self.path("cli.ndjson")
        proc = subprocess.run(
            [sys.executable, "-m", "recproc_dask", "--scheduler", self.cluster.scheduler_address,
             "--shards", "3", "--parts", self.path("cli.parts"), "-o", out, "--recproc", RECPROC,
             "--", "--on-error", "skip", "--", *self.inputs],
            env=dict(os.environ, PYTHONPATH=os.path.join(SOURCE, "python")),
            stderr=subprocess.PIPE, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("3 shards:", proc.stderr)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), self.single(["--on-error", "skip"], self.inputs, "one-cli.ndjson"))


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
