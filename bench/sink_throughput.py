"""Benchmark: rows/s through the sink path beside a plain loop of the driver's inserts.

The sink path is what ``trendscope/agents/sink.py`` does with each batch taken from
``trendscope.trends``: ``put`` every row into a ``WriteBuffer`` whose writer is
``store.write_windows`` (SQLite or CQL), then ``flush`` before the next batch. The baseline,
in the same run on the same rows and batches, is the driver alone:

- SQLite: ``sqlite3`` ``executemany`` of the store's own ``INSERT OR REPLACE`` per batch,
  one transaction each, on the calling thread;
- CQL: the scylla-driver's ``execute_concurrent_with_args`` of the store's prepared
  ``window_history`` and ``window_top`` inserts per batch, at the store's concurrency.

The baseline's record -> row conversion (the store's own ``_row``/``_values``) is timed
apart: ratios are given against the inserts alone and against conversion + inserts.

Each side writes into a fresh database/keyspace; the order alternates over ``--rounds`` and
the best round of each is reported. Cassandra is started from ``.cache/cassandra`` (as the
tests do) unless ``TRENDSCOPE_CQL_HOSTS`` names a server; ``--skip-cql`` leaves it out.

    .venv/bin/python bench/sink_throughput.py [--rows 20000] [--cql-rows 10000] [--rounds 3]
        [--batch-size 500] [--skip-cql]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from contextlib import closing
from pathlib import Path

from trendscope.models import WindowResult
from trendscope.settings import StoreSettings
from trendscope.storage.cql import WINDOW_COLUMNS as CQL_COLUMNS
from trendscope.storage.cql import CqlStore, _queries, _values
from trendscope.storage.retry import WriteBuffer
from trendscope.storage.sqlite import WINDOW_COLUMNS, SqliteStore, _row, _upsert

DEFAULTS = StoreSettings()


def make_rows(n: int, seed: int = 7) -> list[WindowResult]:
    """``n`` final 1-minute windows, 200 movies per window start, all keys distinct."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        start = 1_700_000_040.0 + 60 * (i // 200)
        rows.append(WindowResult(
            movie_id=1 + i % 200, window_kind="1m", window_start=start, window_end=start + 60,
            mentions=rng.randint(0, 50), sentiment_sum=round(rng.uniform(-5, 5), 3),
            score=round(rng.uniform(0, 100), 3), score_variant="seed", final=True,
            title=f"Movie {1 + i % 200}", avg_sentiment=round(rng.uniform(-1, 1), 4),
            popularity=round(rng.uniform(0, 500), 3), popularity_at=start - 1.0,
            breakdown={"popularity": 0.4, "mentions": 0.3, "sentiment": 0.3}, label="Hot"))
    return rows


def batches(rows: list, size: int) -> list[list]:
    return [rows[i:i + size] for i in range(0, len(rows), size)]


async def sink_path(write: Callable[[list[WindowResult]], Awaitable[object]],
                    rows: list[WindowResult], batch_size: int) -> float:
    """Seconds to push ``rows`` through a WriteBuffer the way the sink agent does."""
    buffer: WriteBuffer[WindowResult] = WriteBuffer(write, capacity=DEFAULTS.buffer_size,
                                                    batch_size=batch_size)
    runner = asyncio.create_task(buffer.run())
    started = time.perf_counter()
    for batch in batches(rows, batch_size):
        for row in batch:
            await buffer.put(row)
        await buffer.flush()
    elapsed = time.perf_counter() - started
    runner.cancel()
    assert buffer.stats.rows_written == len(rows) and buffer.stats.failures == 0, buffer.stats
    return elapsed


async def sqlite_sink(rows: list[WindowResult], batch_size: int, workdir: Path) -> float:
    store = SqliteStore(workdir / f"sink-{uuid.uuid4().hex[:8]}.db")
    await store.init()
    try:
        return await sink_path(store.write_windows, rows, batch_size)
    finally:
        await store.close()


async def sqlite_plain(rows: list[WindowResult], batch_size: int, workdir: Path) -> tuple[float, float]:
    """(conversion seconds, insert seconds) of the plain loop."""
    path = workdir / f"plain-{uuid.uuid4().hex[:8]}.db"
    schema = SqliteStore(path)
    await schema.init()  # the same tables and pragmas
    await schema.close()
    started = time.perf_counter()
    values = [_row(w, WINDOW_COLUMNS) for w in rows]
    convert = time.perf_counter() - started
    sql = _upsert("windows", WINDOW_COLUMNS)
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        started = time.perf_counter()
        for batch in batches(values, batch_size):
            with db:
                db.executemany(sql, batch)
        elapsed = time.perf_counter() - started
        assert db.execute("SELECT count(*) FROM windows").fetchone()[0] == len(rows)
    return convert, elapsed


async def cql_sink(rows: list[WindowResult], batch_size: int, hosts: list[str]) -> float:
    store = CqlStore(hosts, keyspace=f"bench_{uuid.uuid4().hex[:10]}",
                     ttl_seconds=DEFAULTS.ttl_seconds, max_concurrency=DEFAULTS.max_concurrency)
    await store.init()
    try:
        return await sink_path(store.write_windows, rows, batch_size)
    finally:
        await store._run(f"DROP KEYSPACE {store.keyspace}")
        await store.close()


async def cql_plain(rows: list[WindowResult], batch_size: int, hosts: list[str]) -> tuple[float, float]:
    """(conversion seconds, insert seconds) of the plain loop."""
    from cassandra.concurrent import execute_concurrent_with_args

    store = CqlStore(hosts, keyspace=f"bench_{uuid.uuid4().hex[:10]}", ttl_seconds=DEFAULTS.ttl_seconds)
    await store.init()  # schema and a connected session; its prepared statements are reused
    session = store._session
    assert session is not None
    queries = _queries(store.keyspace)
    inserts = [session.prepare(queries["history_insert"]), session.prepare(queries["top_insert"])]
    started = time.perf_counter()
    values = [_values(w, CQL_COLUMNS) for w in rows]
    convert = time.perf_counter() - started

    def run() -> float:
        started = time.perf_counter()
        for batch in batches(values, batch_size):
            for statement in inserts:
                results = execute_concurrent_with_args(session, statement, batch,
                                                       concurrency=DEFAULTS.max_concurrency)
                assert all(ok for ok, _ in results)
        return time.perf_counter() - started

    try:
        return convert, await asyncio.to_thread(run)
    finally:
        session.execute(f"DROP KEYSPACE {store.keyspace}", timeout=60)
        await store.close()


async def compare(name: str, sink: Callable[[], Awaitable[float]],
                  plain: Callable[[], Awaitable[tuple[float, float]]], rows: int, rounds: int) -> None:
    sink_times: list[float] = []
    plain_times: list[tuple[float, float]] = []
    for r in range(rounds):
        if r % 2:
            plain_times.append(await plain())
        sink_times.append(await sink())
        if not r % 2:
            plain_times.append(await plain())
    sink_rate = rows / min(sink_times)
    insert_rate = rows / min(t for _, t in plain_times)
    full_rate = rows / min(c + t for c, t in plain_times)
    print(f"{name}: {rows} rows in batches, best of {rounds} rounds\n"
          f"  sink path (WriteBuffer + store.write_windows)  {sink_rate:9,.0f} rows/s  "
          f"(every round: {[round(rows / t) for t in sink_times]})\n"
          f"  plain driver loop, inserts only               {insert_rate:9,.0f} rows/s  "
          f"-> ratio {sink_rate / insert_rate:.2f}x\n"
          f"  plain driver loop, row conversion + inserts   {full_rate:9,.0f} rows/s  "
          f"-> ratio {sink_rate / full_rate:.2f}x", flush=True)


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="sink-bench-") as tmp:
        workdir = Path(tmp)
        rows = make_rows(args.rows)
        await compare("sqlite", lambda: sqlite_sink(rows, args.batch_size, workdir),
                      lambda: sqlite_plain(rows, args.batch_size, workdir), len(rows), args.rounds)
        if args.skip_cql:
            return
        server = None
        hosts = [h for h in os.environ.get("TRENDSCOPE_CQL_HOSTS", "").split(",") if h]
        if not hosts:
            from trendscope.storage.cassandra_server import CassandraServer

            server = CassandraServer(workdir / "cassandra")
            started = time.monotonic()
            hosts = [server.start()]
            print(f"cassandra started in {time.monotonic() - started:.0f} s at {hosts[0]}", flush=True)
        try:
            cql_rows = rows[:args.cql_rows]
            await compare("cql", lambda: cql_sink(cql_rows, args.batch_size, hosts),
                          lambda: cql_plain(cql_rows, args.batch_size, hosts), len(cql_rows), args.rounds)
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--cql-rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=DEFAULTS.batch_size)
    parser.add_argument("--skip-cql", action="store_true", help="SQLite only")
    asyncio.run(main(parser.parse_args()))
