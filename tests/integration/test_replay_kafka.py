"""`trendscope replay` against a real Apache Kafka: every record once, where `send` puts it."""

from __future__ import annotations

import asyncio
import gzip
import os
import subprocess
import sys

import orjson
import pytest
from aiokafka import AIOKafkaProducer

from tests.integration.support import produce_raw, read_records, read_topic
from trendscope.kafka_admin import ensure_topics
from trendscope.models import DeadLetter
from trendscope.replay import replay
from trendscope.sources.comments_csv import read_comments_csv
from trendscope.sources.records import SourceRecord
from trendscope.topics import DLQ, REDDIT_COMMENTS

pytestmark = pytest.mark.kafka


def _partitions_by_key(bootstrap: str, topic: str, expected: int) -> dict[bytes, int]:
    records = read_records(bootstrap, topic, expected)
    by_key = {r.key: r.partition for r in records}
    assert len(records) == len(by_key) == expected, "every record exactly once"
    return by_key


def test_replay_puts_each_record_once_where_send_would(kafka, comments_csv):
    items = [i for i in read_comments_csv(comments_csv) if isinstance(i, SourceRecord)][:2000]

    async def produce() -> None:
        await ensure_topics(kafka.bootstrap, 4, 1, extra=("by-send", "by-replay"))
        producer = AIOKafkaProducer(bootstrap_servers=kafka.bootstrap)
        await producer.start()
        for item in items:
            await producer.send("by-send", item.value.dumps(), key=item.key.encode())
        await producer.stop()
        stats = await replay(items, kafka.bootstrap, topic="by-replay")
        assert stats.produced == len(items)

    asyncio.run(produce())
    by_send = _partitions_by_key(kafka.bootstrap, "by-send", len(items))
    by_replay = _partitions_by_key(kafka.bootstrap, "by-replay", len(items))
    assert by_replay == by_send
    assert len(set(by_send.values())) == 4


def test_cli_replay_sends_bad_lines_to_the_dlq_and_goes_on(kafka, tmp_path):
    path = tmp_path / "comments.csv.gz"
    with gzip.open(path, "wt", newline="") as handle:
        handle.write("created_utc,subreddit,thread_id,thread_movie,permalink,body\n"
                     "1690000000,movies,t1,Barbie,/r/x,good one\n"
                     "yesterday,movies,t1,Barbie,/r/x,bad time\n"
                     "1690000060,movies,t1,Barbie,/r/x,another good one\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRENDSCOPE_")}
    env.update(TRENDSCOPE_BROKER_URL=kafka.url, TRENDSCOPE_STATE_DIR=str(tmp_path / "state"))
    result = subprocess.run([sys.executable, "-m", "trendscope", "replay", str(path), "--rate", "1000"],
                            env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "produced 2 records; rejected 1" in result.stdout
    letters = [DeadLetter.loads(v) for v in read_topic(kafka.bootstrap, DLQ.name, 1)]
    assert [(d.source_topic, d.offset, d.reason) for d in letters] == [(f"file:{path}", 3, "bad_value")]
    bodies = sorted(orjson.loads(v)["body"] for v in read_topic(kafka.bootstrap, REDDIT_COMMENTS.name, 2))
    assert bodies == ["another good one", "good one"]


def test_cli_replay_exits_2_on_missing_file(tmp_path):
    result = subprocess.run([sys.executable, "-m", "trendscope", "replay", str(tmp_path / "nope.csv")],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 2
    assert "no such file" in result.stderr


def test_tail_prints_records_as_json_lines(kafka, tmp_path):
    asyncio.run(ensure_topics(kafka.bootstrap, 4, 1, extra=("tail-test",)))
    produce_raw(kafka.bootstrap, "tail-test", [b'{"a": 1}', b"\xffnot json"], partition=1)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRENDSCOPE_")}
    env.update(TRENDSCOPE_BROKER_URL=kafka.url, TRENDSCOPE_STATE_DIR=str(tmp_path / "state"))
    result = subprocess.run([sys.executable, "-m", "trendscope", "tail", "tail-test", "--from-beginning",
                             "--limit", "5", "--idle-timeout", "3"],
                            env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert [(x["partition"], x["offset"], x["key"], x["value"]) for x in lines] == [
        (1, 0, "raw", {"a": 1}), (1, 1, "raw", "\\xffnot json")]


def _cli(args: list[str], kafka, tmp_path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRENDSCOPE_")}
    env.update(TRENDSCOPE_BROKER_URL=kafka.url, TRENDSCOPE_STATE_DIR=str(tmp_path / "state"))
    return subprocess.run([sys.executable, "-m", "trendscope", *args], env=env, capture_output=True,
                          text=True, timeout=120, cwd=tmp_path)


def test_replay_merges_sources_by_event_time_within_bounds(kafka, tmp_path, comments_csv):
    trends = comments_csv.parents[1] / "tmdb" / "trending_daily_2021" / "movies_trends.csv"
    with open(trends) as handle:
        days = sorted(line.rsplit(",", 1)[1].strip() for line in list(handle)[1:])
    first_day = days[0]
    n_first_day = days.count(first_day)
    result = _cli(["replay", str(trends), str(comments_csv), "--dry-run",
                   "--since", f"{first_day}T00:00:00Z", "--until", f"{first_day}T00:00:01Z"], kafka, tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"'records': {{'MovieSnapshot': {n_first_day}}}" in result.stdout


def test_replay_from_topic_copies_payloads(kafka, tmp_path):
    asyncio.run(ensure_topics(kafka.bootstrap, 4, 1, extra=("copy-from",)))
    payloads = [orjson.dumps({"id": f"c{i}", "created_utc": 1_690_000_000 + i}) for i in range(30)]
    for partition in range(3):
        produce_raw(kafka.bootstrap, "copy-from", payloads[partition::3], partition)
    result = _cli(["replay", "--from-topic", "copy-from", "--topic", "copy-to"], kafka, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "produced 30 records" in result.stdout
    assert sorted(read_topic(kafka.bootstrap, "copy-to", 30)) == sorted(payloads)
