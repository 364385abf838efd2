"""The walking skeleton against a real Apache Kafka: counts, restore, restart, dead letters."""

from __future__ import annotations

import shutil
import time

import orjson
import pytest

from tests.integration.support import (
    barrier,
    expected_counts,
    new_worker,
    produce_raw,
    read_topic,
    replay_csv,
    table_counts,
    worker_env,
)
from trendscope.models import DeadLetter
from trendscope.topics import DLQ, REDDIT_COMMENTS

pytestmark = pytest.mark.kafka
N_COMMENTS = 3000


@pytest.fixture(scope="module")
def state(kafka, tmp_path_factory):
    state_dir = tmp_path_factory.mktemp("worker")
    return {"env": worker_env(kafka.url, state_dir), "dir": state_dir, "bootstrap": kafka.bootstrap}


@pytest.fixture(scope="module")
def counted(state, comments_csv):
    """A worker that has counted the first N real comments; stopped at the end of the module."""
    worker = new_worker(state["env"], state["dir"])
    started = time.monotonic()
    worker.start()
    produced = replay_csv(state["bootstrap"], comments_csv, N_COMMENTS)
    assert produced == N_COMMENTS
    barrier(state["bootstrap"], worker)
    print(f"\nworker start to {N_COMMENTS} comments counted: {time.monotonic() - started:.1f}s")
    state["worker"] = worker
    yield worker
    state["worker"].stop()


def test_tumbling_counts_equal_a_direct_count_of_the_file(counted, comments_csv):
    expected = expected_counts(comments_csv, N_COMMENTS)
    assert sum(expected.values()) == N_COMMENTS
    assert table_counts(counted) == expected


def test_wiped_state_is_restored_from_the_changelog(state, counted, comments_csv):
    before = table_counts(state["worker"])
    assert state["worker"].stop() == 0
    faust_dir = state["dir"] / "faust"
    assert faust_dir.is_dir()
    shutil.rmtree(faust_dir)
    state["worker"] = new_worker(state["env"], state["dir"])
    started = time.monotonic()
    state["worker"].start()
    barrier(state["bootstrap"], state["worker"])
    print(f"\nrestart with wiped RocksDB until caught up: {time.monotonic() - started:.1f}s")
    assert table_counts(state["worker"]) == before == expected_counts(comments_csv, N_COMMENTS)


def test_restart_without_wiping_does_not_count_twice(state, counted, comments_csv):
    before = table_counts(state["worker"])
    assert state["worker"].stop() == 0
    state["worker"] = new_worker(state["env"], state["dir"])
    state["worker"].start()
    barrier(state["bootstrap"], state["worker"])
    assert table_counts(state["worker"]) == before == expected_counts(comments_csv, N_COMMENTS)


def test_bad_payloads_go_to_the_dlq_and_processing_continues(state, counted, comments_csv):
    good = {"id": "ok-1", "subreddit": "movies", "body": "fine", "created_utc": 1_600_000_000}
    bad = [
        b"\xff not json at all",
        orjson.dumps({**good, "id": "bad-type", "created_utc": "soon"}),
        orjson.dumps({k: v for k, v in good.items() if k != "created_utc"} | {"id": "no-time"}),
    ]
    offsets = produce_raw(state["bootstrap"], REDDIT_COMMENTS.name, [*bad, orjson.dumps(good)], 2)
    barrier(state["bootstrap"], state["worker"])
    letters = [DeadLetter.loads(v) for v in read_topic(state["bootstrap"], DLQ.name, 3)]
    assert [(d.source_topic, d.partition, d.offset) for d in letters] == [
        (REDDIT_COMMENTS.name, 2, o) for o in offsets[:3]]
    assert [d.reason for d in letters] == ["decode", "bad_type", "missing_field"]
    assert "created_utc" in letters[1].detail and "created_utc" in letters[2].detail
    assert letters[1].payload.encode() == bad[1]
    counts = table_counts(state["worker"])
    assert counts[("movies", 1_600_000_000 - 1_600_000_000 % 60)] == 1, "the good event after them counted"
