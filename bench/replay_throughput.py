"""Benchmark: `trendscope replay --as-fast-as-possible` of the real comments CSV vs a raw producer.

Both run in one process against the same broker, one after the other, into separate
topics: (1) the replay path (parse CSV -> validate -> RedditComment -> serialize -> send),
(2) a raw aiokafka producer sending the already-serialized payloads of the same records
with the same producer settings. Prints records/s for each and the ratio (goal >= 0.5).

    .venv/bin/python bench/replay_throughput.py [--broker kafka|noida] [--limit N]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from aiokafka import AIOKafkaProducer

from trendscope.broker.apache_kafka import KafkaServer
from trendscope.broker.embedded import EmbeddedBroker
from trendscope.kafka_admin import bootstrap_servers, ensure_topics
from trendscope.replay import PRODUCER_SETTINGS, replay
from trendscope.sources.comments_csv import read_comments_csv
from trendscope.sources.records import SourceRecord

CSV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "reddit" / "rmovies_comments.csv.gz"


async def raw_rate(bootstrap: str, payloads: list[tuple[bytes, bytes]]) -> float:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, **PRODUCER_SETTINGS)
    await producer.start()
    started = time.perf_counter()
    futures = [await producer.send("bench.raw", value, key=key) for key, value in payloads]
    await asyncio.gather(*futures)
    elapsed = time.perf_counter() - started
    await producer.stop()
    return len(payloads) / elapsed


async def replay_rate(bootstrap: str, limit: int | None) -> tuple[float, int]:
    started = time.perf_counter()
    stats = await replay(read_comments_csv(CSV), bootstrap, topic="bench.replay", limit=limit)
    return stats.produced / (time.perf_counter() - started), stats.produced


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--broker", choices=["kafka", "noida"], default="kafka")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if not CSV.is_file():
        raise SystemExit(f"needs the real comments: {CSV}")
    payloads = [(i.key.encode(), i.value.dumps()) for i in read_comments_csv(CSV)
                if isinstance(i, SourceRecord)][: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        if args.broker == "kafka":
            server = KafkaServer(Path(tmp))
            bootstrap = server.start()
            stop = server.stop
        else:
            broker = EmbeddedBroker("noida", Path(tmp))
            bootstrap = bootstrap_servers(broker.start())
            stop = broker.stop
        try:
            asyncio.run(ensure_topics(bootstrap, 4, 1, extra=("bench.replay", "bench.raw")))
            replayed, n = asyncio.run(replay_rate(bootstrap, args.limit))
            raw = asyncio.run(raw_rate(bootstrap, payloads))
        finally:
            stop()
    print(f"broker: {args.broker}; records: {n} (raw: {len(payloads)})")
    print(f"trendscope replay --as-fast-as-possible: {replayed:,.0f} records/s")
    print(f"raw aiokafka producer, same payloads:    {raw:,.0f} records/s")
    print(f"ratio replay/raw: {replayed / raw:.2f} (goal >= 0.5)")


if __name__ == "__main__":
    main()
