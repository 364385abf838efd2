"""Helpers for tests that run real workers: replay, barriers, reading tables and topics."""

from __future__ import annotations

import asyncio
import csv
import gzip
import itertools
import time
from collections import Counter
from pathlib import Path

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord

from trendscope.broker.probe import free_port
from trendscope.kafka_admin import ensure_topics, topic_partitions
from trendscope.models import RedditComment
from trendscope.replay import replay
from trendscope.sources.comments_csv import read_comments_csv
from trendscope.topics import REDDIT_COMMENTS
from trendscope.worker_process import WorkerProcess, wait_for

TABLE = "comments_per_subreddit"
PARTITIONS = 4
# Barrier comments live far from the real data (2096) so they never share a window with it.
BARRIER_TIME = 3_999_999_960.0  # a multiple of 60: a window start
_barriers = itertools.count()


def worker_env(broker_url: str, state_dir: Path) -> dict[str, str]:
    return {"TRENDSCOPE_BROKER_URL": broker_url, "TRENDSCOPE_STATE_DIR": str(state_dir),
            "TRENDSCOPE_WEB_PORT": str(free_port()), "TRENDSCOPE_PARTITIONS": str(PARTITIONS)}


def new_worker(env: dict[str, str], state_dir: Path) -> WorkerProcess:
    return WorkerProcess(env, state_dir / "worker.log")


def expected_counts(csv_path: Path, limit: int) -> Counter[tuple[str, float]]:
    """Comments per (subreddit, minute start), counted straight from the CSV file."""
    counts: Counter[tuple[str, float]] = Counter()
    with gzip.open(csv_path, "rt", newline="") as handle:
        for row in itertools.islice(csv.DictReader(handle), limit):
            created = float(row["created_utc"])
            counts[(row["subreddit"], created - created % 60)] += 1
    return counts


def table_counts(worker: WorkerProcess) -> Counter[tuple[str, float]]:
    """The worker's table as {(subreddit, window start): count}, barrier windows left out."""
    return Counter({(r["key"], r["window"]["start"]): r["value"]["count"] for r in worker.table(TABLE)
                    if r["window"]["start"] < BARRIER_TIME})


def replay_csv(bootstrap: str, csv_path: Path, limit: int) -> int:
    async def run() -> int:
        await ensure_topics(bootstrap, PARTITIONS, 1)
        stats = await replay(read_comments_csv(csv_path), bootstrap, limit=limit)
        return stats.produced
    return asyncio.run(run())


def produce_raw(bootstrap: str, topic: str, payloads: list[bytes], partition: int) -> list[int]:
    """Produce payloads to one partition; return their offsets."""
    async def run() -> list[int]:
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
        await producer.start()
        try:
            return [(await producer.send_and_wait(topic, p, key=b"raw", partition=partition)).offset
                    for p in payloads]
        finally:
            await producer.stop()
    return asyncio.run(run())


def barrier(bootstrap: str, worker: WorkerProcess, subreddit: str = "movies", timeout: float = 90) -> float:
    """Send one comment to every partition of reddit.comments behind what is there and wait
    until all are counted: then everything produced before has been processed."""
    window = BARRIER_TIME + 60 * next(_barriers)
    payloads = [RedditComment(id=f"barrier-{window}-{p}", subreddit=subreddit, body="barrier",
                              created_utc=window).dumps() for p in range(PARTITIONS)]
    for partition, payload in enumerate(payloads):
        produce_raw(bootstrap, REDDIT_COMMENTS.name, [payload], partition)
    started = time.monotonic()

    def done() -> bool:
        rows = worker.table(TABLE)
        return any(r["key"] == subreddit and r["window"]["start"] == window
                   and r["value"]["count"] == PARTITIONS for r in rows)

    wait_for(done, timeout)
    return time.monotonic() - started


def read_topic(bootstrap: str, topic: str, expected: int, timeout: float = 30) -> list[bytes]:
    """The first ``expected`` values of ``topic`` (all partitions), read from the beginning."""
    return [record.value for record in read_records(bootstrap, topic, expected, timeout)]


def read_records(bootstrap: str, topic: str, expected: int, timeout: float = 30) -> list[ConsumerRecord]:
    """The first ``expected`` records of ``topic`` (all partitions), read from the beginning."""
    async def run() -> list[ConsumerRecord]:
        consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
        await consumer.start()
        try:
            tps = await topic_partitions(consumer, topic)
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            records: list[ConsumerRecord] = []
            deadline = time.monotonic() + timeout
            while len(records) < expected and time.monotonic() < deadline:
                for batch in (await consumer.getmany(timeout_ms=500)).values():
                    records.extend(batch)
            return records
        finally:
            await consumer.stop()
    return asyncio.run(run())
