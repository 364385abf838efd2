"""The forecast agent on a real Kafka broker: a worker stopped halfway and restarted continues
its models and metrics from the forecast_state changelog (not reset).

Final WindowResults are produced straight to ``trendscope.trends`` (keyed and partitioned by
movie id, as the windows agent sends them). The expected records come from the pure
``PartitionForecasts`` run once, uninterrupted, over each partition's results in order:
a worker whose state was reset at the restart would forecast differently after it.
"""

from __future__ import annotations

import asyncio
import random
import re
import sqlite3
import urllib.request
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer

from tests.integration.support import PARTITIONS, new_worker, read_records, worker_env
from trendscope.forecast.online import PartitionForecasts, combined_maes
from trendscope.kafka_admin import ensure_topics
from trendscope.models import ForecastDrift, Prediction, WindowResult
from trendscope.partitioning import partition_for
from trendscope.settings import ForecastSettings, ScoreSettings, WindowSettings
from trendscope.topics import PREDICTIONS, TRENDS
from trendscope.worker_process import get_json, wait_for

pytestmark = pytest.mark.kafka
MOVIES = range(1, 13)
MINUTES = 40
BASE = 1_690_000_020.0  # a minute start


def _results() -> list[WindowResult]:
    """Sparse final tumbling windows: each movie is mentioned in about half of the minutes."""
    rng = random.Random(3)
    out = []
    for minute in range(MINUTES):
        for movie in MOVIES:
            if rng.random() < 0.5:
                n = rng.randint(1, 9)
                start = BASE + 60 * minute
                out.append(WindowResult(
                    movie_id=movie, window_kind="tumbling", window_start=start, window_end=start + 60,
                    mentions=n, sentiment_sum=0.1 * n, score=3.0 * n + 15 * 1.1, score_variant="seed",
                    final=True, avg_sentiment=0.1, velocity=rng.uniform(-1, 1),
                    breakdown={"seed_popularity": 0.0, "seed_sentiment": 16.5}))
    return out


def _produce(bootstrap: str, results: list[WindowResult]) -> None:
    async def run() -> None:
        await ensure_topics(bootstrap, PARTITIONS, 1)
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
        await producer.start()
        try:
            for r in results:
                key = str(r.movie_id)
                await producer.send_and_wait(TRENDS.name, r.dumps(), key=key.encode(),
                                             partition=partition_for(key, PARTITIONS))
        finally:
            await producer.stop()
    asyncio.run(run())


def _key(p: Prediction) -> tuple:
    return p.movie_id, p.window_kind, p.target_window_start, p.model, p.actual is None


def _expected(results: list[WindowResult]) -> tuple[dict[tuple, Prediction], list[PartitionForecasts]]:
    states = {p: PartitionForecasts(ForecastSettings(), WindowSettings(), ScoreSettings())
              for p in range(PARTITIONS)}
    out = {}
    for r in results:
        for rec in states[partition_for(str(r.movie_id), PARTITIONS)].observe(r):
            if isinstance(rec, Prediction):
                out[_key(rec)] = rec
    return out, list(states.values())


def _on_topic(bootstrap: str) -> tuple[dict[tuple, Prediction], list[ForecastDrift]]:
    records = read_records(bootstrap, PREDICTIONS.name, 10**9, timeout=2)
    values = [r.value for r in sorted(records, key=lambda r: (r.partition, r.offset))]
    predictions = {}
    drifts = []
    for value in values:
        if b"trendscope.Prediction" in value:
            p = Prediction.loads(value)
            predictions[_key(p)] = p  # the last of a key (a redelivery re-sends identical records)
        else:
            drifts.append(ForecastDrift.loads(value))
    return predictions, drifts


def _gauge(worker_url: str, model: str) -> float | None:
    with urllib.request.urlopen(f"{worker_url}/metrics", timeout=10) as response:
        text = response.read().decode()
    found = re.search(rf'trendscope_model_mae{{model="{re.escape(model)}"}} (\S+)', text)
    return float(found.group(1)) if found else None


def test_models_and_metrics_continue_after_a_restart(kafka, tmp_path: Path):
    results = _results()
    half = [r for r in results if r.window_start < BASE + 60 * (MINUTES // 2)]
    expected_half, _ = _expected(half)
    expected, states = _expected(results)
    env = worker_env(kafka.url, tmp_path)
    worker = new_worker(env, tmp_path)
    worker.start()
    try:
        _produce(kafka.bootstrap, half)
        wait_for(lambda: _on_topic(kafka.bootstrap)[0].keys() >= expected_half.keys(), 120, interval=2)
        assert worker.stop() == 0
        worker = new_worker(env, tmp_path)
        worker.start()
        get_json(f"{worker.base_url}/healthz")
        _produce(kafka.bootstrap, results[len(half):])
        got = wait_for(lambda: (p := _on_topic(kafka.bootstrap)[0]).keys() >= expected.keys() and p,
                       120, interval=2)
        assert got.keys() == expected.keys()
        after = [k for k in expected if k[2] > BASE + 60 * (MINUTES // 2) and k[3] == "score.linear"
                 and not k[4]]  # scored after the restart
        assert len(after) > 50
        for key, want in expected.items():  # incl. every forecast made after the restart
            assert got[key].asdict() == want.asdict(), key
        want_mae = combined_maes(states)["tumbling.score.linear"]
        n_total = sum(s.maes()["tumbling.score.linear"][1] for s in states)
        assert n_total > len(after) + 50  # the metric covers both halves
        wait_for(lambda: _gauge(worker.base_url, "tumbling.score.linear") == pytest.approx(want_mae), 30)
        want_rows = (len({k[:4] for k in expected}), sum(1 for k in expected if not k[4]))
        with sqlite3.connect(tmp_path / "trendscope.db") as db:  # the sink: one row per forecast, upserted
            wait_for(lambda: db.execute("SELECT count(*), count(actual) FROM predictions").fetchone()
                     == want_rows, 60)
    finally:
        worker.stop()
