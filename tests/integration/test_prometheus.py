"""A real Prometheus (Debian's ``prometheus``) scrapes a worker's /metrics during a replay.

The worker runs on the embedded broker; Prometheus scrapes it every second. Through
Prometheus's HTTP query API: the comments counter holds the barrier's events before the
replay and exactly one more per replayed comment after it, equal to what the worker
itself exports, and ``increase()`` over the replay is positive.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.support import PARTITIONS, barrier, new_worker, replay_csv, worker_env
from trendscope.broker.embedded import EmbeddedBroker
from trendscope.broker.probe import free_port
from trendscope.kafka_admin import bootstrap_servers
from trendscope.worker_process import WorkerProcess, wait_for

pytestmark = pytest.mark.embedded
N_COMMENTS = 1000
SELECTOR = 'trendscope_events_total{job="trendscope",topic="reddit.comments"}'
EVENTS = f"sum({SELECTOR})"
PROMETHEUS = shutil.which("prometheus") or "/usr/bin/prometheus"


class Prometheus:
    """A Prometheus server on a free loopback port, its TSDB and log under ``workdir``."""

    def __init__(self, workdir: Path, target: str) -> None:
        self.workdir = workdir
        self.url = f"http://127.0.0.1:{free_port()}"
        self.config = workdir / "prometheus.yml"
        self.config.write_text(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
            "scrape_configs:\n  - job_name: trendscope\n    scrape_interval: 1s\n"
            f"    static_configs:\n      - targets: ['{target}']\n")
        self.log = workdir / "prometheus.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [PROMETHEUS, f"--config.file={self.config}", f"--storage.tsdb.path={self.workdir / 'tsdb'}",
                 f"--web.listen-address={self.url.removeprefix('http://')}"],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

        def ready() -> bool:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"prometheus exited with {self.process.returncode}; see {self.log}")
            with urllib.request.urlopen(f"{self.url}/-/ready", timeout=2) as response:
                return response.status == 200

        wait_for(ready, timeout)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def query(self, promql: str) -> float | None:
        """The single value of an instant query, None for an empty result."""
        url = f"{self.url}/api/v1/query?{urllib.parse.urlencode({'query': promql})}"
        with urllib.request.urlopen(url, timeout=5) as response:
            data = json.load(response)
        assert data["status"] == "success", data
        result = data["data"]["result"]
        assert len(result) <= 1, result
        return float(result[0]["value"][1]) if result else None


def worker_events(worker: WorkerProcess) -> float:
    """The sum the worker itself exports on /metrics (no Prometheus in between)."""
    with urllib.request.urlopen(f"{worker.base_url}/metrics", timeout=5) as response:
        text = response.read().decode()
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith("trendscope_events_total{") and 'topic="reddit.comments"' in line)


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[EmbeddedBroker]:
    with EmbeddedBroker("noida", tmp_path / "broker") as running:
        yield running


@pytest.fixture
def worker(tmp_path: Path, broker: EmbeddedBroker) -> Iterator[WorkerProcess]:
    state = tmp_path / "worker"
    process = new_worker(worker_env(broker.url, state), state)
    process.start()
    yield process
    process.stop()


@pytest.fixture
def prometheus(tmp_path: Path, worker: WorkerProcess) -> Iterator[Prometheus]:
    if not Path(PROMETHEUS).exists():
        pytest.skip("prometheus is not installed (apt-get install prometheus; CI installs it)")
    workdir = tmp_path / "prometheus"
    workdir.mkdir()
    server = Prometheus(workdir, worker.base_url.removeprefix("http://"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


def scraped(prometheus: Prometheus, expected: float, timeout: float = 60) -> float:
    """Wait until Prometheus's instant value of the counter is ``expected``; return it."""
    wait_for(lambda: prometheus.query(EVENTS) == expected, timeout)
    return expected


def test_prometheus_sees_the_events_counter_grow_during_a_replay(broker, worker, prometheus, comments_csv):
    bootstrap = bootstrap_servers(broker.url)
    wait_for(lambda: prometheus.query('up{job="trendscope"}') == 1.0, 60)
    barrier(bootstrap, worker)  # one comment per partition: the counter exists before the replay
    assert worker_events(worker) == PARTITIONS
    before = scraped(prometheus, PARTITIONS)

    assert replay_csv(bootstrap, comments_csv, N_COMMENTS) == N_COMMENTS
    barrier(bootstrap, worker)  # everything replayed has been processed
    expected = worker_events(worker)
    assert expected == before + N_COMMENTS + PARTITIONS
    after = scraped(prometheus, expected)

    assert after - before == N_COMMENTS + PARTITIONS
    growth = prometheus.query(f"sum(increase({SELECTOR}[5m]))")
    assert growth is not None and growth > 0, growth
    lag = prometheus.query('sum(trendscope_event_lag_seconds_count{job="trendscope"})')
    assert lag == expected, "one event-lag observation per valid comment"
