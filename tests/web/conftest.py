"""One worker on the embedded broker serving a SQLite store filled with known rows (tests/web/rows.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer

from tests.integration.support import new_worker, worker_env
from tests.web import rows
from trendscope.broker.embedded import EmbeddedBroker
from trendscope.kafka_admin import bootstrap_servers, ensure_topics
from trendscope.storage.sqlite import SqliteStore
from trendscope.topics import TMDB_MOVIES
from trendscope.worker_process import WorkerProcess, get_json, wait_for


@dataclass
class Served:
    url: str
    worker: WorkerProcess
    state_dir: Path


async def _fill(path: Path) -> None:
    store = SqliteStore(path)
    await store.init()
    await store.write_windows(rows.windows())
    await store.write_predictions(rows.predictions())
    await store.close()


async def _produce_snapshot(bootstrap: str) -> None:
    await ensure_topics(bootstrap, 4, 1)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(TMDB_MOVIES.name, rows.CATALOG.dumps(), key=b"101")
    finally:
        await producer.stop()


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A worker whose store holds rows.windows()/predictions() and whose catalog holds movie 101."""
    state = tmp_path_factory.mktemp("web")
    asyncio.run(_fill(state / "trendscope.db"))
    with EmbeddedBroker("noida", state) as broker:
        worker = new_worker(worker_env(broker.url, state), state)
        worker.start()
        try:
            asyncio.run(_produce_snapshot(bootstrap_servers(broker.url)))
            wait_for(lambda: get_json(f"{worker.base_url}/api/movies/101")["snapshot"], 60)
            yield Served(worker.base_url, worker, state)
        finally:
            worker.stop()
