"""The same path on the embedded default broker (a smaller smoke set), and the demo command."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.integration.support import (
    barrier,
    expected_counts,
    new_worker,
    replay_csv,
    table_counts,
    worker_env,
)
from trendscope.broker.embedded import EmbeddedBroker
from trendscope.kafka_admin import bootstrap_servers

pytestmark = pytest.mark.embedded
N_COMMENTS = 1000


def test_counts_on_the_embedded_broker(tmp_path, comments_csv):
    with EmbeddedBroker("noida", tmp_path) as broker:
        bootstrap = bootstrap_servers(broker.url)
        worker = new_worker(worker_env(broker.url, tmp_path), tmp_path)
        worker.start()
        try:
            assert replay_csv(bootstrap, comments_csv, N_COMMENTS) == N_COMMENTS
            barrier(bootstrap, worker)
            assert table_counts(worker) == expected_counts(comments_csv, N_COMMENTS)
        finally:
            worker.stop()


def test_demo_runs_once_and_prints_the_table(tmp_path, comments_csv):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRENDSCOPE_")}
    env.update({"TRENDSCOPE_STATE_DIR": str(tmp_path / "state"), "COLUMNS": "120"})
    result = subprocess.run(
        [sys.executable, "-m", "trendscope", "demo", "--once", "--limit", "500",
         "--data", str(comments_csv.parents[1])],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    total = sum(expected_counts(comments_csv, 500).values())
    assert f"{total} comments" in result.stdout
    assert "'per_subreddit': {'movies': 500}" in result.stdout
    assert not list((tmp_path / "state" / "demo").glob("embedded-broker.json")), "broker record removed"


def test_demo_with_synthetic_comments_labels_them(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRENDSCOPE_")}
    env.update({"TRENDSCOPE_STATE_DIR": str(tmp_path / "state"), "COLUMNS": "120"})
    missing = tmp_path / "no-data"
    missing.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "trendscope", "demo", "--once", "--limit", "300", "--synthetic"],
        cwd=missing, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "SYNTHETIC" in result.stderr
    counted = result.stdout.split("'per_subreddit': ")[1].split("}")[0]
    assert sum(int(x.split(": ")[1]) for x in counted.strip("{").split(", ")) == 300
