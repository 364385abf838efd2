"""Final WindowResults of a real worker equal a batch recomputation over the same mentions.

A real slice (the first 5,000 comments of the Barbie and Oppenheimer threads) and the
recorded TMDB list pages (their event time set to the threads' start) are replayed; then
one late "flush" comment per partition moves every partition's progress far enough that
the watermark passes the slice's last window.
"""

from __future__ import annotations

import asyncio
import itertools
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.integration.support import (
    PARTITIONS,
    new_worker,
    produce_raw,
    read_topic,
    worker_env,
)
from trendscope.broker.apache_kafka import KafkaServer
from trendscope.kafka_admin import ensure_topics
from trendscope.models import DeadLetter, Mention, MovieSnapshot, RedditComment, WindowResult
from trendscope.replay import Pacing, replay
from trendscope.settings import ScoreSettings, WindowSettings
from trendscope.sources.formats import read
from trendscope.sources.records import SourceRecord
from trendscope.topics import DLQ, REDDIT_COMMENTS, REDDIT_MENTIONS, TMDB_MOVIES, TRENDS
from trendscope.windows.oracle import batch_results
from trendscope.worker_process import wait_for

pytestmark = pytest.mark.kafka
CATALOG = Path(__file__).parents[1] / "data" / "mentions" / "catalog.jsonl"
THREADS = {"Barbie", "Oppenheimer"}
N_COMMENTS = 5000


def _slice(comments_csv: Path) -> list[SourceRecord]:
    items = (i for i in read(comments_csv, "csv") if isinstance(i, SourceRecord))
    wanted = (i for i in items if i.value.submission_title.removeprefix("Official Discussion - ") in THREADS)
    return list(itertools.islice(wanted, N_COMMENTS))


def _inputs(comments_csv: Path, shared_data: Path) -> tuple[list[SourceRecord], list[SourceRecord]]:
    comments = _slice(comments_csv)
    pages = sorted((shared_data / "tmdb" / "api_raw_2024-02").glob("movie-*.json"))
    fetched_at = comments[0].event_time - 3600
    snapshots = [i for page in pages for i in read(page, "tmdb-pages", fetched_at=fetched_at)
                 if isinstance(i, SourceRecord)]
    return comments, snapshots


def _run(bootstrap: str, url: str, state_dir: Path, comments: list[SourceRecord],
         snapshots: list[SourceRecord], crash_after: float | None = None,
         pacing: Pacing | None = None) -> list[WindowResult]:
    """Replay ``snapshots`` then ``comments`` (paced, if given) into a worker (SIGKILLed
    ``crash_after`` seconds into the comments and restarted, if given), flush, and return
    the final results."""
    last = comments[-1].event_time
    windows = WindowSettings()
    flush_at = last + windows.allowed_lateness_seconds + 2 * windows.hopping_size_seconds + 60
    env = worker_env(url, state_dir) | {"TRENDSCOPE_MENTIONS__CATALOG_FILE": str(CATALOG),
                                        "TRENDSCOPE_FORECAST__ENABLED": "false"}  # windows only
    worker = new_worker(env, state_dir)
    worker.start()
    try:
        asyncio.run(_produce_snapshots(bootstrap, snapshots))
        pacing = pacing or (Pacing(rate=1000) if crash_after else None)
        producing = threading.Thread(target=lambda: asyncio.run(replay(comments, bootstrap, pacing=pacing)))
        producing.start()
        if crash_after:
            time.sleep(crash_after)
            worker.kill()
            worker = new_worker(env, state_dir)
            worker.start()
        producing.join()
        for partition in range(PARTITIONS):
            flush = RedditComment(id=f"flush-{partition}", subreddit="movies", body="flush",
                                  created_utc=flush_at)
            produce_raw(bootstrap, REDDIT_COMMENTS.name, [flush.dumps()], partition)

        def finalized() -> bool:  # every mentions partition's finalizer is past the slice's windows
            progress = {r["key"]: r["value"] for r in worker.table("window_progress")}
            return len(progress) == PARTITIONS and all(
                min(p["finalizer"]["last_end"].values(), default=0) >= last + 60 for p in progress.values())

        def finals() -> list[WindowResult]:
            values = read_topic(bootstrap, TRENDS.name, 10**9, timeout=3)
            return [r for r in map(WindowResult.loads, values) if r.window_end <= last + 60]

        def settled() -> list[WindowResult] | None:  # all partitions done, and the topic holds still
            if not finalized():
                return None
            got = finals()
            return got if len(finals()) == len(got) else None

        results = wait_for(settled, 600, interval=3)
        keys = {(r.movie_id, r.window_kind, int(r.window_start)) for r in results}
        wait_for(lambda: keys <= _stored(state_dir).keys(), 180)
        return results
    finally:
        worker.stop()


async def _produce_snapshots(bootstrap: str, snapshots: list[SourceRecord]) -> None:
    await ensure_topics(bootstrap, PARTITIONS, 1)
    await replay(snapshots, bootstrap)
    await asyncio.sleep(2)  # snapshots reach the history table before the first window closes


def _check_against_oracle(bootstrap: str, state_dir: Path, comments: list[SourceRecord],
                          results: list[WindowResult]) -> None:
    """Each window's final record (the last, if a crash re-emitted it) and each stored row equal
    the batch recomputation over the mentions on the topic."""
    last = comments[-1].event_time
    mention_values = read_topic(bootstrap, REDDIT_MENTIONS.name, 10**9, timeout=3)
    mentions = [Mention.loads(v) for v in mention_values if b'"ns":"trendscope.Mention"' in v]
    assert len(mentions) > 200
    snapshot_records = [MovieSnapshot.loads(v) for v in read_topic(bootstrap, TMDB_MOVIES.name, 10**9,
                                                                   timeout=3)]
    expected = batch_results([(m.movie_id, m.comment_id, m.created_utc, m.sentiment) for m in mentions],
                             snapshot_records, WindowSettings(), ScoreSettings(),
                             comment_times=[c.event_time for c in comments])
    expected = {k: v for k, v in expected.items() if v["window_end"] <= last + 60}
    got = {(r.movie_id, r.window_kind, int(r.window_start)): r.asdict() for r in results}
    assert got.keys() == expected.keys()
    for key, fields in expected.items():
        assert {name: got[key][name] for name in fields} == fields, key
    stored = _stored(state_dir)
    assert {k: v for k, v in stored.items() if k in got} == {k: (v["mentions"], v["score"])
                                                             for k, v in got.items()}


def test_final_windows_equal_the_batch_recomputation(kafka, tmp_path, comments_csv, shared_data):
    comments, snapshots = _inputs(comments_csv, shared_data)
    results = _run(kafka.bootstrap, kafka.url, tmp_path, comments, snapshots)
    assert len(results) == len({(r.movie_id, r.window_kind, r.window_start) for r in results}), \
        "one final record per movie and window"
    _check_against_oracle(kafka.bootstrap, tmp_path, comments, results)


def test_a_worker_killed_mid_replay_loses_and_doubles_nothing(tmp_path, comments_csv, shared_data):
    comments, snapshots = _inputs(comments_csv, shared_data)
    server = KafkaServer(tmp_path / "kafka")  # its own broker: topics start empty
    server.start()
    try:
        results = _run(server.bootstrap, server.url, tmp_path / "worker", comments, snapshots,
                       crash_after=2.5)
        _check_against_oracle(server.bootstrap, tmp_path / "worker", comments, results)
    finally:
        server.stop()


def _stored(state_dir: Path) -> dict[tuple[int, str, int], tuple[int, float]]:
    """(mentions, score) of every window row in the worker's SQLite store, read with sqlite3."""
    with sqlite3.connect(state_dir / "trendscope.db") as db:
        rows = db.execute("SELECT movie_id, window_kind, window_start, mentions, score FROM windows")
        return {(m, k, int(start)): (n, score) for m, k, start, n, score in rows}


def _fresh_run(tmp: Path, comments: list[SourceRecord], snapshots: list[SourceRecord],
               **options: object) -> tuple[list[WindowResult], KafkaServer]:
    server = KafkaServer(tmp / "kafka")  # its own broker: topics start empty
    server.start()
    try:
        return _run(server.bootstrap, server.url, tmp / "worker", comments, snapshots, **options), server
    except BaseException:
        server.stop()
        raise


def test_two_replay_speeds_give_identical_finals(tmp_path, comments_csv, shared_data):
    comments, snapshots = _inputs(comments_csv, shared_data)
    comments = comments[:1500]
    finals = []
    for name, pacing in (("fast", None), ("x1000", Pacing(speed=1000))):
        results, server = _fresh_run(tmp_path / name, comments, snapshots, pacing=pacing)
        server.stop()
        finals.append({(r.movie_id, r.window_kind, r.window_start): r.asdict() for r in results})
    assert finals[0] == finals[1]
    assert len(finals[0]) > 100


def test_full_speed_replay_over_four_partitions_marks_nothing_late(tmp_path, comments_csv):
    """Two threads four years apart, replayed as fast as possible: the partitions are read at
    very different event-time positions, yet nothing is late."""
    comments = [i for i in read(comments_csv, "csv") if isinstance(i, SourceRecord)]
    threads = [[c for c in comments if c.value.submission_title.endswith(name)][:3000]
               for name in ("Ant-Man and the Wasp", "Black Panther: Wakanda Forever")]
    replayed = threads[0] + threads[1]
    results, server = _fresh_run(tmp_path, replayed, [])
    try:
        letters = [DeadLetter.loads(v) for v in read_topic(server.bootstrap, DLQ.name, 10**9, timeout=3)]
        assert [d for d in letters if d.reason == "late"] == [], "partition skew is not lateness"
        _check_against_oracle(server.bootstrap, tmp_path / "worker", replayed, results)
    finally:
        server.stop()
