"""Benchmark: Faust on the embedded brokers (noida-db, tansu) and on Apache Kafka 4.1.

A minimal Faust app (plain table + 60 s tumbling table, RocksDB store via rocksdict,
4 partitions) runs as a ``faust worker`` subprocess; aiokafka produces. Per broker:
a. broker start until it answers Metadata (Kafka: storage format not included);
b. worker start to first event processed, and group join time from the worker log, with
   broker_session_timeout=6, broker_heartbeat_interval=0.5 (``--variant NAME=JSON`` settings,
   default Faust's defaults, are timed too on ``--variant-broker``, default tansu);
c. throughput counting ``--events`` events into both tables, and whether counts are exact;
d. stop the worker, wipe its RocksDB dir, restart: time to "Worker ready", restored counts;
e. broker restart on the same port and data, then more events: topics kept? worker alive?
   counts exact (no loss, no double counting)?
f. CPU seconds burnt in 10 s by the idle worker (and by the broker).

Run from the repository root (Kafka jars resolve with Maven into .cache/kafka on first use):
    .venv/bin/python bench/embedded_brokers.py [--events 20000] [--brokers noida,tansu,kafka]
Scratch files go to /tmp/embedded-brokers-*, deleted at the end unless --keep.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TOPIC = "bench-events"
KEYS = 100
WARMUP = 8
FAST = {"broker_session_timeout": 6, "broker_heartbeat_interval": 0.5}
ROWS = {"a": "a. start to Metadata", "b": "b. worker start to first event (join)",
        "c": "c. throughput", "d": "d. wipe RocksDB, restore", "e": "e. broker restart",
        "f": "f. idle CPU in 10 s: worker (broker)", "disk": "broker data on disk",
        "error": "error"}


def _build_app():  # runs only inside the worker subprocess
    import faust

    app = faust.App(os.environ["BENCH_APP_ID"], broker=os.environ["BENCH_BROKER"],
                    store="rocksdb://", datadir=os.environ["BENCH_DATADIR"], topic_partitions=4,
                    **json.loads(os.environ["BENCH_FAUST"]))
    topic = app.topic(TOPIC, partitions=4, key_serializer="raw", value_serializer="raw")
    plain = app.Table("plain", default=int, partitions=4)
    windowed = app.Table("windowed", default=int, partitions=4).tumbling(60, expires=3600)
    seen = [0]

    @app.agent(topic)
    async def count(stream):
        async for key, _value in stream.items():
            plain[key.decode()] += 1
            windowed[key.decode()] += 1
            seen[0] += 1
            if seen[0] == 1:
                logging.getLogger("bench").warning("BENCH-FIRST-EVENT")

    @app.page("/counts/")
    async def counts(web, request):
        per_window = Counter()
        for (key, _window), value in windowed.table.data.items():
            per_window[key] += value
        return web.json({"seen": seen[0], "plain": dict(plain.items()), "windowed": per_window})

    return app


if os.environ.get("BENCH_BROKER"):
    app = _build_app()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Worker:
    """A ``faust worker`` subprocess; its output lines are kept with their arrival times."""

    def __init__(self, run_dir: Path, name: str, bootstrap: str, settings: dict) -> None:
        from trendscope.broker.probe import free_port

        self.run_dir, self.datadir = run_dir, run_dir / f"{name}-data"
        self.port, self.log = free_port(), run_dir / f"{name}.log"
        self.env = {**os.environ, "BENCH_BROKER": f"kafka://{bootstrap}", "BENCH_APP_ID": name,
                    "BENCH_DATADIR": str(self.datadir), "BENCH_FAUST": json.dumps(settings),
                    "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT)])}
        self.proc, self.lines = None, []

    def start(self) -> None:
        self.lines, self.t0 = [], time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "faust", "-A", "embedded_brokers:app", "worker", "-l", "info",
             "--web-port", str(self.port), "--web-bind", "127.0.0.1"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            cwd=self.run_dir, env=self.env, start_new_session=True)
        threading.Thread(target=self._read, args=(self.proc,), daemon=True).start()

    def _read(self, proc: subprocess.Popen) -> None:
        with open(self.log, "a") as out:
            for raw in proc.stdout:
                line = raw.decode(errors="replace")
                self.lines.append((time.monotonic(), line))
                out.write(line)

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def at(self, pattern: str, timeout: float) -> float:
        """Seconds from worker start to the first log line matching ``pattern``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for t, line in self.lines:
                if re.search(pattern, line):
                    return t - self.t0
            if not self.alive:
                raise RuntimeError(f"worker exited waiting for {pattern!r}")
            time.sleep(0.05)
        raise TimeoutError(f"no {pattern!r} in the worker log within {timeout:.0f}s")

    def counts(self, timeout: float = 30.0) -> dict | None:
        """The table counts from the worker's web page; None once the worker has exited."""
        deadline = time.monotonic() + timeout
        while self.alive:
            try:
                url = f"http://127.0.0.1:{self.port}/counts/"
                with urllib.request.urlopen(url, timeout=5) as response:
                    return json.load(response)
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        return None

    def stop(self) -> None:
        """SIGTERM the process group, SIGKILL it if it has not ended in 30 s."""
        for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
            if not self.alive:
                return
            try:
                os.killpg(self.proc.pid, sig)
                self.proc.wait(timeout=wait)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass


def run(coro, timeout: float):
    return asyncio.run(asyncio.wait_for(coro, timeout))


async def produce(bootstrap: str, expected: Counter, n: int) -> bool:
    """Create the topic unless it exists, then send n events; True when the topic existed."""
    from aiokafka import AIOKafkaProducer
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, acks=1)
    await admin.start()
    try:
        existed = TOPIC in await admin.list_topics()
        if not existed:
            await admin.create_topics([NewTopic(TOPIC, num_partitions=4, replication_factor=1)])
        await producer.start()
        keys = [f"k{i % KEYS}" for i in range(expected.total(), expected.total() + n)]
        await asyncio.gather(*[await producer.send(TOPIC, b"1", key=k.encode()) for k in keys])
        expected.update(keys)
        return existed
    finally:
        await producer.stop()
        await admin.close()


def compare(expected: Counter, got: dict | None) -> str:
    parts = []
    for table in ("plain", "windowed") if got else ():
        have = Counter(got[table])
        short, over = (expected - have).total(), (have - expected).total()
        parts.append(f"{table} " + ("exact" if not short + over else
                     " ".join(f"{w} by {k}" for w, k in (("short", short), ("OVER", over)) if k)))
    return ", ".join(parts) or "no counts (worker gone)"


def wait_counts(worker: Worker, expected: Counter, timeout: float) -> tuple[float, dict]:
    """Poll until both tables hold at least the expected totals; (seconds, counts)."""
    started = time.monotonic()
    while True:
        got, waited = worker.counts(), time.monotonic() - started
        if got is None or waited > timeout or all(
                sum(got[t].values()) >= expected.total() for t in ("plain", "windowed")):
            return waited, got
        time.sleep(0.1)


def startup(worker: Worker) -> str:
    worker.start()
    first = worker.at("BENCH-FIRST-EVENT", 180)
    join = worker.at(r"Joined group", 1) - worker.at(r"\(Re-\)joining group", 1)
    return f"{first:.1f} s (join {join:.2f} s)"


def bench_broker(kind: str, args: argparse.Namespace, run_dir: Path, res: dict) -> None:
    from trendscope.broker import apache_kafka, embedded

    server = (apache_kafka.KafkaServer(run_dir / kind) if kind == "kafka"
              else embedded.EmbeddedBroker(kind, run_dir / kind))
    workers, expected = [], Counter()

    def start_broker() -> float:
        if kind == "kafka":
            server.format()  # the storage format (a JVM run of its own) is not timed
        started = time.monotonic()
        server.start()
        return time.monotonic() - started

    def broker_cpu() -> float:
        return cpu_seconds((server.process if kind == "kafka" else server._process).pid)

    try:
        res["a"] = f"{start_broker():.2f} s"
        bootstrap = server.url.removeprefix("kafka://")
        run(produce(bootstrap, expected, WARMUP), 60)
        variants, timings = args.variants if kind == args.variant_broker else {}, []
        for name, settings in [*variants.items(), ("fast", FAST)]:  # the last one stays up
            workers.append(worker := Worker(run_dir, f"bench-{name}", bootstrap, settings))
            timings.append(f"{name}: {startup(worker)}" if variants else startup(worker))
            res["b"] = "; ".join(timings)
            if name != "fast":
                worker.stop()
        wait_counts(worker, expected, 60)

        started = time.monotonic()
        run(produce(bootstrap, expected, args.events), 600)
        produced = time.monotonic() - started
        secs, got = wait_counts(worker, expected, max(120, args.events / 100))
        secs += produced
        res["c"] = (f"{args.events / secs:,.0f} ev/s (produce {args.events / produced:,.0f}"
                    f" ev/s); {compare(expected, got)}")

        time.sleep(3)  # let commits settle
        w0, b0 = cpu_seconds(worker.proc.pid), broker_cpu()
        time.sleep(10)
        w1, b1 = cpu_seconds(worker.proc.pid), broker_cpu()
        res["f"] = f"{w1 - w0:.2f} s ({b1 - b0:.2f} s)"

        worker.stop()
        shutil.rmtree(worker.datadir)
        worker.start()
        ready = worker.at("Worker ready", 600)
        restore = [worker.at(p, 1) for p in ("Restoring state", "Done reading from changelog")]
        restored = compare(expected, worker.counts())
        time.sleep(3)
        later = compare(expected, worker.counts())
        res["d"] = (f"ready {ready:.1f} s after start (reading {restore[1] - restore[0]:.1f} s); "
                    + restored + ("" if later == restored else f"; 3 s later {later}"))

        since, more = len(worker.lines), args.events // 4
        server.stop()
        time.sleep(3)
        with mock.patch.object(embedded, "free_port", lambda *_: int(bootstrap.split(":")[1])):
            start_broker()  # same port, same data directory
        back = time.monotonic()
        kept = run(produce(bootstrap, expected, more), 120)
        secs, got = wait_counts(worker, expected, 90)
        time.sleep(3)
        got = worker.counts()
        log = worker.lines[since:]
        rejoin = [t - back for t, line in log if "Joined group" in line]
        crash = ", ".join(sorted({re.sub(r"\(.*", "", line.split("reason=")[1]).strip()
                                  for _, line in log if "Crashed reason=" in line}))
        res["e"] = (f"topics {'kept' if kept else 'LOST'}; worker "
                    f"{'alive' if worker.alive else 'DIED'}" + (f" ({crash})" if crash else "")
                    + (f", rejoined +{rejoin[0]:.1f} s" if rejoin else ", no rejoin")
                    + f"; +{more} events: {compare(expected, got)} ({secs:.1f} s)")
    except Exception as exc:  # keep the figures measured so far
        res["error"] = f"{type(exc).__name__}: {exc}"[:160]
    finally:
        for worker in workers:
            worker.stop()
        size = sum(f.stat().st_blocks * 512 for f in (run_dir / kind).rglob("*") if f.is_file())
        res["disk"] = f"{size / 1e6:.1f} MB"
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--brokers", default="noida,tansu,kafka")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME=JSON",
                        help="extra Faust settings to time startup with (default defaults={})")
    parser.add_argument("--variant-broker", default="tansu", help="broker for --variant, or none")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = parser.parse_args()
    args.variants = {n: json.loads(s) for n, s in (v.split("=", 1) for v in args.variant)} or {
        "defaults": {}}
    sys.path.insert(0, str(ROOT))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    run_dir = Path(tempfile.mkdtemp(prefix="embedded-brokers-"))
    results: dict[str, dict] = {}
    try:
        for kind in args.brokers.split(","):
            print(f"--- {kind} (scratch {run_dir / kind})", flush=True)
            (run_dir / kind).mkdir()
            bench_broker(kind, args, run_dir / kind, results.setdefault(kind, {}))
            print(json.dumps(results[kind], indent=1), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(run_dir, ignore_errors=True)
    print(f"\n{args.events} events, settings {FAST}\n")
    print("| | " + " | ".join(results) + " |\n|---|" + "---|" * len(results))
    for key, label in ROWS.items():
        if any(key in r for r in results.values()):
            print(f"| {label} | " + " | ".join(r.get(key, "") for r in results.values()) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
