"""Benchmark: latency of ``GET /api/trends/top`` under 50 concurrent clients, bounded in time.

Without ``--url`` it fills a SQLite store (``--movies`` final windows per window start,
``--starts`` starts, both window kinds), starts a worker on the embedded broker over it
and benchmarks that; with ``--url`` it loads an already running worker as it is. The
load is ``--clients`` aiohttp client tasks on loopback, each with its own keep-alive
connection, sending requests back to back for ``--seconds`` (after ``--warmup`` s);
requests alternate between ``window=5m`` and ``1m`` and between ``at=latest`` and a time
inside the stored range. The load generator shares the machine's cores with the worker.

    .venv/bin/python bench/api_latency.py [--url http://127.0.0.1:6066] [--clients 50]
        [--seconds 20] [--warmup 2] [--limit 20] [--movies 500] [--starts 240]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

import aiohttp

from trendscope.models import WindowResult
from trendscope.storage.sqlite import SqliteStore

T0 = 1_700_000_040.0  # a window start
KINDS = {"tumbling": 60, "hopping": 300}


def windows(movies: int, starts: int, seed: int = 3) -> list[WindowResult]:
    rng = random.Random(seed)
    out = []
    for kind, size in KINDS.items():
        for step in range(starts):
            start = T0 + 60 * step
            for movie in range(1, movies + 1):
                mentions = rng.randint(0, 40)
                terms = {"seed_popularity": round(rng.uniform(0, 50), 3), "seed_mentions": mentions * 10.0,
                         "seed_sentiment": round(rng.uniform(0, 100), 3)}
                out.append(WindowResult(
                    movie_id=movie, window_kind=kind, window_start=start, window_end=start + size,
                    mentions=mentions, sentiment_sum=0.0, score=round(sum(terms.values()), 3),
                    score_variant="seed", final=True, title=f"Film {movie}", avg_sentiment=0.0,
                    popularity=terms["seed_popularity"] * 10, breakdown=terms, label="Hot"))
    return out


async def fill(path: Path, movies: int, starts: int) -> int:
    store = SqliteStore(path)
    await store.init()
    rows = windows(movies, starts)
    for i in range(0, len(rows), 5000):
        await store.write_windows(rows[i:i + 5000])
    await store.close()
    return len(rows)


def urls(base: str, limit: int, starts: int) -> list[str]:
    middle = T0 + 60 * (starts // 2) + 30
    return [f"{base}/api/trends/top?window={w}&at={at}&limit={limit}"
            for w in ("5m", "1m") for at in ("latest", middle)]


async def load(base: str, clients: int, seconds: float, warmup: float, limit: int,
               starts: int) -> tuple[list[float], Counter[str], float]:
    """Latencies (s) of requests that started after the warm-up, outcomes, measured seconds."""
    targets = urls(base, limit, starts)
    latencies: list[float] = []
    outcomes: Counter[str] = Counter()
    start = time.perf_counter()
    measure_from, end = start + warmup, start + warmup + seconds

    async def client(n: int) -> None:
        timeout = aiohttp.ClientTimeout(total=30)
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1), timeout=timeout) as session:
            i = n
            while (sent := time.perf_counter()) < end:
                url = targets[i % len(targets)]
                i += 1
                try:
                    async with session.get(url) as response:
                        body = await response.json()
                        ok = response.status == 200 and len(body["rows"]) == limit
                        outcome = "ok" if ok else f"status {response.status} rows {len(body.get('rows', []))}"
                except (aiohttp.ClientError, TimeoutError) as exc:
                    outcome = type(exc).__name__
                if sent >= measure_from:
                    latencies.append(time.perf_counter() - sent)
                    outcomes[outcome] += 1

    await asyncio.gather(*(client(n) for n in range(clients)))
    return latencies, outcomes, time.perf_counter() - measure_from


def report(latencies: list[float], outcomes: Counter[str], elapsed: float, clients: int) -> None:
    ms = sorted(x * 1000 for x in latencies)
    cut = statistics.quantiles(ms, n=100, method="inclusive")
    print(f"GET /api/trends/top: {clients} concurrent clients, {elapsed:.1f} s measured, "
          f"{len(ms)} requests ({len(ms) / elapsed:,.0f} req/s), outcomes {dict(outcomes)}")
    print(f"  latency ms: p50 {cut[49]:.1f}  p90 {cut[89]:.1f}  p99 {cut[98]:.1f}  max {ms[-1]:.1f}  "
          f"mean {statistics.fmean(ms):.1f}", flush=True)


async def bench(args: argparse.Namespace, base: str) -> None:
    latencies, outcomes, elapsed = await load(base, args.clients, args.seconds, args.warmup,
                                              args.limit, args.starts)
    report(latencies, outcomes, elapsed, args.clients)


def main(args: argparse.Namespace) -> None:
    if args.url:
        asyncio.run(bench(args, args.url.rstrip("/")))
        return
    from trendscope.broker.embedded import EmbeddedBroker
    from trendscope.broker.probe import free_port
    from trendscope.worker_process import WorkerProcess, get_json, wait_for

    with tempfile.TemporaryDirectory(prefix="api-bench-") as tmp:
        state = Path(tmp)
        rows = asyncio.run(fill(state / "trendscope.db", args.movies, args.starts))
        print(f"store: {rows} final windows ({args.movies} movies x {args.starts} starts x 2 kinds)")
        with EmbeddedBroker("noida", state) as broker:
            env = {"TRENDSCOPE_BROKER_URL": broker.url, "TRENDSCOPE_STATE_DIR": str(state),
                   "TRENDSCOPE_WEB_PORT": str(free_port())}
            worker = WorkerProcess(env, state / "worker.log", loglevel="warn")
            worker.start()
            try:
                probe = f"{worker.base_url}/api/trends/top?limit=1"
                wait_for(lambda: get_json(probe)["rows"], 60)  # the store is open
                asyncio.run(bench(args, worker.base_url))
            finally:
                worker.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running worker (else one is started over a filled store)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--movies", type=int, default=500)
    parser.add_argument("--starts", type=int, default=240)
    main(parser.parse_args())
