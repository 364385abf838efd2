"""End to end into Cassandra: a worker's stored rows equal the final WindowResults on the topic,
and the same results delivered again change no row."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import uuid
from datetime import datetime
from pathlib import Path

import pytest

from tests.integration.support import PARTITIONS, new_worker, produce_raw, read_topic, worker_env
from tests.storage.conftest import execute_when_up
from trendscope.kafka_admin import ensure_topics
from trendscope.models import RedditComment, WindowResult
from trendscope.replay import replay
from trendscope.sources.formats import read
from trendscope.sources.records import SourceRecord
from trendscope.topics import REDDIT_COMMENTS, TRENDS
from trendscope.worker_process import wait_for

pytestmark = [pytest.mark.kafka, pytest.mark.cassandra]
CATALOG = Path(__file__).parents[1] / "data" / "mentions" / "catalog.jsonl"
THREAD = "Official Discussion - Oppenheimer"
SENTINEL_MOVIE = 999_999_999
EPOCH = datetime(1970, 1, 1)  # the driver returns naive UTC timestamps


def _comments(comments_csv: Path, n: int = 1500) -> list[SourceRecord]:
    items = (i for i in read(comments_csv, "csv") if isinstance(i, SourceRecord))
    return list(itertools.islice((i for i in items if i.value.submission_title == THREAD), n))


def _rows(session, keyspace: str) -> dict[tuple[int, str, float], tuple[int, float]]:
    rows = execute_when_up(session, f"SELECT movie_id, window_kind, window_start, mentions, score "
                                    f"FROM {keyspace}.window_history")
    return {(r.movie_id, r.window_kind, (r.window_start - EPOCH).total_seconds()): (r.mentions, r.score)
            for r in rows}


def _stable_rows(session, keyspace: str) -> dict[tuple[int, str, float], tuple[int, float]]:
    """The rows once two reads 3 s apart agree (the sink has caught up)."""
    def same() -> dict | None:
        first = _rows(session, keyspace)
        time.sleep(3)
        return first if first == _rows(session, keyspace) else None
    return wait_for(same, 120)


def test_stored_rows_equal_the_finals_and_a_second_delivery_changes_nothing(
        kafka, cql_hosts, cql_session, tmp_path, comments_csv):
    comments = _comments(comments_csv)
    last = comments[-1].event_time
    keyspace = f"e2e_{uuid.uuid4().hex[:10]}"
    env = worker_env(kafka.url, tmp_path) | {
        "TRENDSCOPE_MENTIONS__CATALOG_FILE": str(CATALOG),
        "TRENDSCOPE_STORE__CQL_HOSTS": json.dumps(cql_hosts),
        "TRENDSCOPE_STORE__KEYSPACE": keyspace,
        "TRENDSCOPE_FORECAST__ENABLED": "false",  # windows only
    }
    worker = new_worker(env, tmp_path)
    worker.start()
    try:
        def schema_created() -> bool:  # by the worker's store on start
            return bool(execute_when_up(cql_session, "SELECT table_name FROM system_schema.tables WHERE "
                                                     f"keyspace_name = '{keyspace}'").all())
        wait_for(schema_created, 120, interval=1)
        asyncio.run(ensure_topics(kafka.bootstrap, PARTITIONS, 1))
        asyncio.run(replay(comments, kafka.bootstrap))
        for partition in range(PARTITIONS):  # moves every partition's progress past the slice
            flush = RedditComment(id=f"flush-{partition}", subreddit="movies", body="flush",
                                  created_utc=last + 3600)
            produce_raw(kafka.bootstrap, REDDIT_COMMENTS.name, [flush.dumps()], partition)

        def finals() -> dict[tuple[int, str, float], WindowResult]:
            records = map(WindowResult.loads, read_topic(kafka.bootstrap, TRENDS.name, 10**9, timeout=3))
            return {(r.movie_id, r.window_kind, r.window_start): r for r in records
                    if r.final and r.window_end <= last + 60}

        def settled() -> dict | None:
            got = finals()
            stored = _rows(cql_session, keyspace)
            return got if got and len(finals()) == len(got) and got.keys() <= stored.keys() else None

        topic = wait_for(settled, 300, interval=3)
        assert len(topic) > 50
        stored = _stable_rows(cql_session, keyspace)
        assert {k: (r.mentions, r.score) for k, r in topic.items()} == {k: stored[k] for k in topic}

        # deliver every final again (a replay of the topic), then one sentinel per partition behind them
        values = read_topic(kafka.bootstrap, TRENDS.name, 10**9, timeout=3)
        produce_raw(kafka.bootstrap, TRENDS.name, values, 0)
        for partition in range(PARTITIONS):
            sentinel = WindowResult(movie_id=SENTINEL_MOVIE + partition, window_kind="tumbling",
                                    window_start=0.0, window_end=60.0, mentions=0, sentiment_sum=0.0,
                                    score=0.0, score_variant="seed", final=True)
            produce_raw(kafka.bootstrap, TRENDS.name, [sentinel.dumps()], partition)
        wait_for(lambda: sum(k[0] >= SENTINEL_MOVIE for k in _rows(cql_session, keyspace)) == PARTITIONS, 120)
        again = {k: v for k, v in _rows(cql_session, keyspace).items() if k[0] < SENTINEL_MOVIE}
        assert again == {k: v for k, v in stored.items() if k[0] < SENTINEL_MOVIE}
    finally:
        worker.stop()
