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
from pathlib import Path

import pytest

from tests.integration.support import (
    PARTITIONS,
    new_worker,
    produce_raw,
    read_topic,
    worker_env,
)
from trendscope.kafka_admin import ensure_topics
from trendscope.models import Mention, MovieSnapshot, RedditComment, WindowResult
from trendscope.replay import replay
from trendscope.settings import ScoreSettings, WindowSettings
from trendscope.sources.formats import read
from trendscope.sources.records import SourceRecord
from trendscope.topics import REDDIT_COMMENTS, REDDIT_MENTIONS, TMDB_MOVIES, TRENDS
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


def test_final_windows_equal_the_batch_recomputation(kafka, tmp_path, comments_csv, shared_data):
    comments = _slice(comments_csv)
    first, last = comments[0].event_time, comments[-1].event_time
    pages = sorted((shared_data / "tmdb" / "api_raw_2024-02").glob("movie-*.json"))
    snapshots = [i for page in pages for i in read(page, "tmdb-pages", fetched_at=first - 3600)
                 if isinstance(i, SourceRecord)]
    windows = WindowSettings()
    flush_at = last + windows.allowed_lateness_seconds + 2 * windows.hopping_size_seconds + 60

    env = worker_env(kafka.url, tmp_path) | {"TRENDSCOPE_MENTIONS__CATALOG_FILE": str(CATALOG)}
    worker = new_worker(env, tmp_path)
    worker.start()
    try:
        async def produce() -> None:
            await ensure_topics(kafka.bootstrap, PARTITIONS, 1)
            await replay(snapshots, kafka.bootstrap)
            await asyncio.sleep(2)  # snapshots reach the history table before the first window closes
            await replay(comments, kafka.bootstrap)
        asyncio.run(produce())
        for partition in range(PARTITIONS):
            flush = RedditComment(id=f"flush-{partition}", subreddit="movies", body="flush",
                                  created_utc=flush_at)
            produce_raw(kafka.bootstrap, REDDIT_COMMENTS.name, [flush.dumps()], partition)

        def finals() -> list[WindowResult]:
            values = read_topic(kafka.bootstrap, TRENDS.name, 10**9, timeout=3)
            return [r for r in map(WindowResult.loads, values) if r.window_end <= last + 60]

        def settled() -> list[WindowResult] | None:  # the last tumbling window is out, twice the same
            got = finals()
            done = any(r.window_kind == "tumbling" and r.window_start == last - last % 60 for r in got)
            return got if done and len(finals()) == len(got) else None

        results = wait_for(settled, 240, interval=3)
        stored = wait_for(lambda: (rows := _stored(tmp_path)) and len(rows) >= len(results) and rows, 60)
    finally:
        worker.stop()

    mention_values = read_topic(kafka.bootstrap, REDDIT_MENTIONS.name, 10**9, timeout=3)
    mentions = [Mention.loads(v) for v in mention_values if b'"ns":"trendscope.Mention"' in v]
    assert len(mentions) > 200
    snapshot_records = [MovieSnapshot.loads(v) for v in read_topic(kafka.bootstrap, TMDB_MOVIES.name,
                                                                   len(snapshots), timeout=10)]
    expected = batch_results([(m.movie_id, m.comment_id, m.created_utc, m.sentiment) for m in mentions],
                             snapshot_records, windows, ScoreSettings(),
                             comment_times=[c.event_time for c in comments])
    expected = {k: v for k, v in expected.items() if v["window_end"] <= last + 60}
    got = {(r.movie_id, r.window_kind, int(r.window_start)): r.asdict() for r in results}
    assert len(got) == len(results), "one final record per movie and window"
    assert got.keys() == expected.keys()
    for key, fields in expected.items():
        assert {name: got[key][name] for name in fields} == fields, key
    assert {k: v for k, v in stored.items() if k in got} == {k: (v["mentions"], v["score"])
                                                             for k, v in got.items()}


def _stored(state_dir: Path) -> dict[tuple[int, str, int], tuple[int, float]]:
    """(mentions, score) of every window row in the worker's SQLite store, read with sqlite3."""
    with sqlite3.connect(state_dir / "trendscope.db") as db:
        rows = db.execute("SELECT movie_id, window_kind, window_start, mentions, score FROM windows")
        return {(m, k, int(start)): (n, score) for m, k, start, n, score in rows}
