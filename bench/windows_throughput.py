"""Benchmark: mentions/s through windows -> score, in a worker and in-process; RSS over 1M events.

The real comments' mentions (extracted once, with VADER) are repeated, each round shifted
in event time past the previous one (new comment ids), up to ``--events``. The same
stream of mentions and watermark markers (one marker per source partition every 1,000
mentions, as the comments agent sends them) goes

1. in-process through ``WindowPartition`` over dicts (the window agent's logic, no
   broker), with the RSS of this process after warm-up and at the end, and
2. through a worker (``faust -A trendscope.app worker``): produced to ``reddit.mentions``
   first, then counted off the worker's ``trendscope_events_total`` while it reads them;
   its RSS after warm-up and at the end.

    .venv/bin/python bench/windows_throughput.py [--broker kafka|noida] [--events 1000000]
        [--worker-events 200000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from aiokafka import AIOKafkaProducer

from trendscope.broker.apache_kafka import KafkaServer
from trendscope.broker.embedded import EmbeddedBroker
from trendscope.kafka_admin import bootstrap_servers, ensure_topics
from trendscope.mentions.aliases import aliases_with_shipped
from trendscope.mentions.catalog_file import load_catalog
from trendscope.mentions.enrich import enrich
from trendscope.mentions.extractor import MentionExtractor
from trendscope.mentions.sentiment import Sentiment
from trendscope.models import Mention, WatermarkMarker
from trendscope.partitioning import partition_for
from trendscope.settings import ScoreSettings, WindowSettings
from trendscope.sources.comments_csv import read_comments_csv
from trendscope.sources.records import SourceRecord
from trendscope.topics import REDDIT_MENTIONS
from trendscope.windows.partition import WindowPartition
from trendscope.worker_process import WorkerProcess, wait_for

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT.parent / "shared" / "data" / "reddit" / "rmovies_comments.csv.gz"
CATALOG = ROOT / "tests" / "data" / "mentions" / "catalog.jsonl"
PARTITIONS = 4
MARKER_EVERY = 1000

MentionTuple = tuple[int, str, float, float]  # movie id, comment id, created_utc, sentiment


def real_mentions() -> list[MentionTuple]:
    extractor = MentionExtractor(load_catalog(CATALOG), aliases_with_shipped(None))
    sentiment = Sentiment()
    out = []
    for item in read_comments_csv(CSV):
        if isinstance(item, SourceRecord):
            c = item.value
            found = enrich(c.body, c.submission_title, c.created_utc, extractor, sentiment)
            out.extend((m.movie_id, c.id, c.created_utc, found.sentiment) for m in found.found)
    out.sort(key=lambda m: m[2])
    return out


def shifted(base: list[MentionTuple], n: int) -> Iterator[MentionTuple]:
    """``n`` mentions: ``base`` again and again, each round later than the last one."""
    span = base[-1][2] - base[0][2] + 86_400
    rounds = 0
    while True:
        for movie, comment, t, sentiment in base:
            if n == 0:
                return
            n -= 1
            yield movie, f"{comment}-{rounds}", t + rounds * span, sentiment
        rounds += 1


def rss_mib(pid: str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def in_process(base: list[MentionTuple], n: int) -> dict[str, float]:
    """Mentions/s, results/s, RSS MiB after 10% of the events and at the end."""
    parts = [WindowPartition(WindowSettings(), ScoreSettings(), sources=PARTITIONS, now=0.0, buckets={},
                             histories={}, snapshots=dict, mine=lambda m, p=p: m % PARTITIONS == p)
             for p in range(PARTITIONS)]
    warm, emitted = None, 0
    started = time.perf_counter()
    for i, (movie, comment, t, sentiment) in enumerate(shifted(base, n), 1):
        parts[movie % PARTITIONS].mention(movie, comment, t, sentiment, now=0.0)
        if i % MARKER_EVERY == 0:
            for part in parts:
                for source in range(PARTITIONS):
                    emitted += len(part.marker(source, t, [], now=0.0))
        if i == n // 10:
            warm = rss_mib()
    elapsed = time.perf_counter() - started
    return {"rate": n / elapsed, "results_rate": emitted / elapsed, "rss_warm": warm or rss_mib(),
            "rss_end": rss_mib()}


async def produce(bootstrap: str, base: list[MentionTuple], n: int) -> float:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=50, max_batch_size=1 << 20)
    await producer.start()
    last = 0.0
    try:
        for i, (movie, comment, t, sentiment) in enumerate(shifted(base, n), 1):
            record = Mention(comment_id=comment, movie_id=movie, matched="", start=0, end=0, confidence=1.0,
                             sentiment=sentiment, created_utc=t)
            key = str(movie)
            await producer.send(REDDIT_MENTIONS.name, record.dumps(), key=key.encode(),
                                partition=partition_for(key, PARTITIONS))
            last = t
            if i % MARKER_EVERY == 0 or i == n:
                for source in range(PARTITIONS):
                    marker = WatermarkMarker(partition=source, event_time=t, sent_at=time.time(), active=[])
                    for sink in range(PARTITIONS):
                        await producer.send(REDDIT_MENTIONS.name, marker.dumps(), partition=sink)
        await producer.flush()
    finally:
        await producer.stop()
    return last


def counted(worker: WorkerProcess) -> int:
    """Mentions the worker has taken (added, duplicate or late)."""
    pattern = r'^trendscope_events_total\{outcome="(\w+)",topic="reddit\.mentions"\} ([0-9.e+]+)$'
    found = re.findall(pattern, _metrics(worker), re.M)
    return int(sum(float(v) for outcome, v in found if outcome != "invalid"))


def results(worker: WorkerProcess) -> int:
    """Final window results the worker has sent."""
    return int(sum(float(v) for v in re.findall(r"^trendscope_window_results_total\{[^}]*\} ([0-9.e+]+)$",
                                                _metrics(worker), re.M)))


def _metrics(worker: WorkerProcess) -> str:
    return urllib.request.urlopen(f"{worker.base_url}/metrics", timeout=5).read().decode()


def through_worker(url: str, bootstrap: str, state: Path, base: list[MentionTuple], n: int) -> dict:
    asyncio.run(ensure_topics(bootstrap, PARTITIONS, 1))
    asyncio.run(produce(bootstrap, base, n))
    # -l info as in production: with -l warn Faust sets the root logger to DEBUG (for its spinner)
    worker = WorkerProcess({"TRENDSCOPE_BROKER_URL": url, "TRENDSCOPE_STATE_DIR": str(state),
                            "TRENDSCOPE_PARTITIONS": str(PARTITIONS), "TRENDSCOPE_WEB_PORT": "6071"},
                           state / "worker.log")
    worker.start()
    try:
        pid = str(worker.process.pid)
        wait_for(lambda: counted(worker) > 0, 120)
        started, warm, samples = time.perf_counter(), None, []
        while (done := counted(worker)) < n:
            if warm is None and done >= n // 10:
                warm = rss_mib(pid)
            if done >= (len(samples) + 1) * n // 10:
                samples.append(round(rss_mib(pid)))
            time.sleep(0.5)
        elapsed = time.perf_counter() - started
        return {"rate": n / elapsed, "results_rate": results(worker) / elapsed,
                "rss_warm": warm or rss_mib(pid), "rss_end": rss_mib(pid), "rss_every_10_percent": samples}
    finally:
        worker.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--broker", choices=["kafka", "noida"], default="kafka")
    parser.add_argument("--events", type=int, default=1_000_000, help="in-process mentions")
    parser.add_argument("--worker-events", type=int, default=200_000, help="mentions through the worker")
    args = parser.parse_args()
    if not CSV.is_file():
        raise SystemExit(f"needs the real comments: {CSV}")
    started = time.perf_counter()
    base = real_mentions()
    print(f"real mentions: {len(base):,} (extracted in {time.perf_counter() - started:.0f} s)")
    local = in_process(base, args.events)
    report(f"in-process WindowPartition, {args.events:,} mentions", local)
    with tempfile.TemporaryDirectory() as tmp:
        if args.broker == "kafka":
            server = KafkaServer(Path(tmp) / "kafka")
            bootstrap = server.start()
            url, stop = f"kafka://{bootstrap}", server.stop
        else:
            broker = EmbeddedBroker("noida", Path(tmp) / "noida")
            bootstrap = bootstrap_servers(broker.start())
            url, stop = f"kafka://{bootstrap}", broker.stop
        try:
            got = through_worker(url, bootstrap, Path(tmp), base, args.worker_events)
        finally:
            stop()
    report(f"worker ({args.broker}), {args.worker_events:,} mentions", got)
    print(f"worker / in-process: {got['rate'] / local['rate']:.2f}")
    print(json.dumps({"in_process": local, "worker": got}))


def report(what: str, figures: dict[str, float]) -> None:
    print(f"{what}: {figures['rate']:,.0f} mentions/s, {figures['results_rate']:,.0f} final results/s; "
          f"RSS {figures['rss_warm']:.0f} MiB after 10% -> {figures['rss_end']:.0f} MiB at the end "
          f"({figures['rss_end'] / figures['rss_warm'] - 1:+.1%})")


if __name__ == "__main__":
    main()
