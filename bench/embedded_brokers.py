"""Faust against the embedded brokers (noida-db, tansu) and Apache Kafka 4.1: a benchmark.

A minimal Faust app (a plain table and a 60 s tumbling table, RocksDB store through
rocksdict, 4 partitions) runs as a ``faust worker`` subprocess; events come from aiokafka.
For every broker it measures:

a. broker start until it answers a Metadata request (Kafka: after the storage format);
b. worker start until the first event is processed, and the group join time (from the
   worker log), with ``broker_session_timeout=6, broker_heartbeat_interval=0.5``; the
   ``--variant NAME=JSON`` settings (default: Faust defaults) are timed on ``--variant-broker``;
c. throughput counting ``--events`` events into both tables, and whether the counts are exact;
d. changelog restore: stop the worker, wipe its RocksDB dir, restart, time to "Worker ready"
   and compare the restored counts with what was produced (exact / short by k / over by k);
e. a broker restart on the same port and data: do topics survive, does the worker go on,
   are the counts exact after more events (no double counting);
f. CPU seconds the idle worker (and the broker) burn in 10 s.

Run from the repository root (Kafka jars resolve with Maven into .cache/kafka on first use):
    .venv/bin/python bench/embedded_brokers.py [--events 20000] [--brokers noida,tansu,kafka]
Scratch files go to a fresh /tmp/embedded-brokers-* directory (deleted unless --keep).
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


def kill_group(proc: subprocess.Popen, timeout: float = 30.0) -> None:
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10.0)):
        if proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=wait)
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


class Worker:
    """A ``faust worker`` subprocess; its output lines are kept with their arrival times."""

    def __init__(self, run_dir: Path, name: str, bootstrap: str, settings: dict) -> None:
        from trendscope.broker.probe import free_port

        self.run_dir, self.datadir = run_dir, run_dir / f"{name}-data"
        self.port, self.log = free_port(), run_dir / f"{name}.log"
        self.env = {**os.environ, "BENCH_BROKER": f"kafka://{bootstrap}", "BENCH_APP_ID": name,
                    "BENCH_DATADIR": str(self.datadir), "BENCH_FAUST": json.dumps(settings),
                    "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT)])}
        self.proc: subprocess.Popen | None = None
        self.lines: list[tuple[float, str]] = []

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

    def at(self, pattern: str, timeout: float, since: int = 0) -> float:
        """Seconds from worker start to the first line (from index ``since``) matching."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for t, line in self.lines[since:]:
                if re.search(pattern, line):
                    return t - self.t0
            if not self.alive:
                raise RuntimeError(f"worker exited ({self.proc.returncode}) waiting for {pattern!r}")
            time.sleep(0.05)
        raise TimeoutError(f"no {pattern!r} in the worker log within {timeout:.0f}s")

    def grep(self, pattern: str, since: int = 0) -> list[str]:
        return [line.strip() for _, line in self.lines[since:] if re.search(pattern, line)]

    def counts(self, timeout: float = 30.0) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            try:
                url = f"http://127.0.0.1:{self.port}/counts/"
                with urllib.request.urlopen(url, timeout=5) as response:
                    return json.load(response)
            except OSError:
                if time.monotonic() > deadline or not self.alive:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        if self.proc is not None:
            kill_group(self.proc)


class Broker:
    """One of the three brokers, behind the same start/restart/stop."""

    def __init__(self, kind: str, run_dir: Path) -> None:
        from trendscope.broker import apache_kafka, embedded

        self.kind, self.dir, self.embedded = kind, run_dir / kind, embedded
        self.server = (apache_kafka.KafkaServer(self.dir) if kind == "kafka"
                       else embedded.EmbeddedBroker(kind, self.dir))

    def start(self) -> float:
        if self.kind == "kafka":
            self.server.format()  # jars and storage format are not timed
        started = time.monotonic()
        self.server.start()
        return time.monotonic() - started

    @property
    def bootstrap(self) -> str:
        return self.server.bootstrap if self.kind == "kafka" else self.server.url[len("kafka://"):]

    @property
    def pid(self) -> int:
        return (self.server.process if self.kind == "kafka" else self.server._process).pid

    def restart(self, down: float = 3.0) -> float:
        port = int(self.bootstrap.rsplit(":", 1)[1])
        self.server.stop()
        time.sleep(down)
        with mock.patch.object(self.embedded, "free_port", lambda *_: port):
            return self.start()  # same port, same data directory

    def stop(self) -> None:
        self.server.stop()


def run(coro, timeout: float):
    return asyncio.run(asyncio.wait_for(coro, timeout))


async def create_topic(bootstrap: str) -> bool:
    """Create the event topic unless it exists; True when it existed."""
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        if TOPIC in await admin.list_topics():
            return True
        await admin.create_topics([NewTopic(TOPIC, num_partitions=4, replication_factor=1)])
        return False
    finally:
        await admin.close()


async def produce(bootstrap: str, expected: Counter, n: int) -> None:
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, acks=1)
    await producer.start()
    try:
        start = expected.total()
        keys = [f"k{i % KEYS}" for i in range(start, start + n)]
        sent = [await producer.send(TOPIC, b"1", key=key.encode()) for key in keys]
        await asyncio.gather(*sent)
        expected.update(keys)
    finally:
        await producer.stop()


def compare(expected: Counter, got: dict | None) -> str:
    if got is None:
        return "no counts (worker gone)"
    parts = []
    for table in ("plain", "windowed"):
        have = Counter(got[table])
        short, over = (expected - have).total(), (have - expected).total()
        parts.append(f"{table} " + ("exact" if not short + over else
                     " ".join(f"{w} by {k}" for w, k in (("short", short), ("OVER", over)) if k)))
    return ", ".join(parts)


def wait_counts(worker: Worker, expected: Counter, timeout: float) -> tuple[float, dict]:
    """Poll until both tables hold at least the expected totals; (seconds, counts)."""
    started, deadline, got = time.monotonic(), time.monotonic() + timeout, None
    while True:
        try:
            got = worker.counts()
        except OSError:
            if worker.alive:
                raise
            return time.monotonic() - started, got
        done = all(sum(got[t].values()) >= expected.total() for t in ("plain", "windowed"))
        if done or time.monotonic() > deadline or not worker.alive:
            return time.monotonic() - started, got
        time.sleep(0.1)


def startup(worker: Worker) -> str:
    worker.start()
    first = worker.at("BENCH-FIRST-EVENT", 180)
    join = worker.at(r"Joined group", 1) - worker.at(r"\(Re-\)joining group", 1)
    return f"{first:.1f} s (join {join:.2f} s)"


def bench_broker(kind: str, args: argparse.Namespace, run_dir: Path, res: dict) -> None:
    broker, workers, expected = Broker(kind, run_dir), [], Counter()
    try:
        res["a"] = f"{broker.start():.2f} s"
        run(create_topic(broker.bootstrap), 60)
        run(produce(broker.bootstrap, expected, WARMUP), 60)
        for name, settings in args.variants.items() if kind == args.variant_broker else ():
            workers.append(Worker(run_dir, f"bench-{name}", broker.bootstrap, settings))
            res["b"] = f"{res.get('b', '')}{name}: {startup(workers[-1])}; "
            workers[-1].stop()
        worker = Worker(run_dir, "bench", broker.bootstrap, FAST)
        workers.append(worker)
        res["b"] = res.get("b", "") + ("fast: " if "b" in res else "") + startup(worker)
        wait_counts(worker, expected, 60)

        started = time.monotonic()
        run(produce(broker.bootstrap, expected, args.events), 600)
        produced = time.monotonic() - started
        secs, got = wait_counts(worker, expected, max(120, args.events / 100))
        secs += produced
        res["c"] = (f"{args.events / secs:,.0f} ev/s (produce {args.events / produced:,.0f}"
                    f" ev/s); {compare(expected, got)}")

        time.sleep(3)  # let commits settle
        w0, b0 = cpu_seconds(worker.proc.pid), cpu_seconds(broker.pid)
        time.sleep(10)
        w1, b1 = cpu_seconds(worker.proc.pid), cpu_seconds(broker.pid)
        res["f"] = f"{w1 - w0:.2f} s ({b1 - b0:.2f} s)"

        worker.stop()
        shutil.rmtree(worker.datadir)
        worker.start()
        ready = worker.at("Worker ready", 600)
        restore = [worker.at(p, 1) for p in ("Restoring state", "Done reading from changelog")]
        res["d"] = (f"ready {ready:.1f} s after start (reading {restore[1] - restore[0]:.1f} s); "
                    f"{compare(expected, worker.counts())}")
        first = res["d"].rsplit("; ", 1)[1]
        time.sleep(3)
        later = compare(expected, worker.counts())
        res["d"] += "" if later == first else f"; 3 s later {later}"

        since = len(worker.lines)
        broker.restart()
        kept = run(create_topic(broker.bootstrap), 60)
        run(produce(broker.bootstrap, expected, args.events // 4), 120)
        secs, got = wait_counts(worker, expected, 90)
        time.sleep(3)
        got = wait_counts(worker, expected, 0)[1] or got
        errors = worker.grep(r"ConsistencyError|Traceback|CRITICAL", since)
        res["e"] = (f"topics {'kept' if kept else 'LOST'}; worker "
                    f"{'alive' if worker.alive else 'DIED'}; +{args.events // 4}: "
                    f"{compare(expected, got)} after {secs:.1f} s"
                    + (f"; log: {errors[0][:80]}" if errors else ""))
    except Exception as exc:  # keep the figures measured so far
        res["error"] = f"{type(exc).__name__}: {exc}"[:160]
    finally:
        for worker in workers:
            worker.stop()
        size = sum(f.stat().st_size for f in broker.dir.rglob("*") if f.is_file())
        res["disk"] = f"{size / 1e6:.1f} MB"
        broker.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--brokers", default="noida,tansu,kafka")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME=JSON",
                        help="extra Faust settings to time startup with (default defaults={})")
    parser.add_argument("--variant-broker", default="tansu", help="broker for --variant, or none")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = parser.parse_args()
    args.variants = {n: json.loads(s) for n, s in (v.split("=", 1) for v in args.variant)}
    args.variants = args.variants or {"defaults": {}}
    sys.path.insert(0, str(ROOT))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    run_dir = Path(tempfile.mkdtemp(prefix="embedded-brokers-"))
    results: dict[str, dict] = {}
    try:
        for kind in args.brokers.split(","):
            print(f"--- {kind} (scratch {run_dir / kind})", flush=True)
            (run_dir / kind).mkdir()
            results[kind] = {}
            bench_broker(kind, args, run_dir / kind, results[kind])
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
