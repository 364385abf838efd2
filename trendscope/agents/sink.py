"""Final WindowResults and Predictions -> the store (SQLite by default, ScyllaDB/Cassandra when configured).

Each batch taken from ``trendscope.trends`` is written (idempotent upserts) before the next
is taken, so an event is acknowledged only once its row is stored: a crash re-delivers,
never loses. A store that is down is retried with capped backoff; the buffer is bounded,
so the stream waits instead of growing memory (``trendscope_store_*`` metrics show it).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable

from faust import StreamT

from trendscope.app import app, settings
from trendscope.channels import predictions, trends
from trendscope.metrics import STORE_WRITE_SECONDS, STORE_WRITES
from trendscope.models import Prediction, WindowResult
from trendscope.storage import open_store
from trendscope.storage.retry import WriteBuffer

BACKEND = "cql" if settings.store.cql_hosts else "sqlite"
store = open_store(settings)


async def _write(rows: list[WindowResult]) -> None:
    await _timed(store.write_windows(rows))


async def _write_predictions(rows: list[Prediction]) -> None:
    await _timed(store.write_predictions(rows))


async def _timed(write: Awaitable[object]) -> None:
    started = time.perf_counter()
    try:
        await write
    except Exception:
        STORE_WRITES.labels(backend=BACKEND, outcome="error").inc()
        raise
    STORE_WRITES.labels(backend=BACKEND, outcome="ok").inc()
    STORE_WRITE_SECONDS.observe(time.perf_counter() - started)


buffer: WriteBuffer[WindowResult] = WriteBuffer(_write, capacity=settings.store.buffer_size,
                                                batch_size=settings.store.batch_size)
prediction_buffer: WriteBuffer[Prediction] = WriteBuffer(
    _write_predictions, capacity=settings.store.buffer_size, batch_size=settings.store.batch_size)


@app.task
async def run_store_writer() -> None:
    await store.init()
    await asyncio.gather(buffer.run(), prediction_buffer.run())


@app.agent(trends)
async def store_windows(stream: StreamT[WindowResult]) -> None:
    async for batch in stream.take(settings.store.batch_size, within=1.0):
        for row in batch:
            await buffer.put(row)
        await buffer.flush()  # stored before these events are acknowledged


@app.agent(predictions)
async def store_predictions(stream: StreamT[Prediction]) -> None:
    """Predictions (first without, then with their actual value: an upsert) to the store;
    drift events on the same topic are not stored."""
    async for batch in stream.take(settings.store.batch_size, within=1.0):
        for row in batch:
            if isinstance(row, Prediction):
                await prediction_buffer.put(row)
        await prediction_buffer.flush()  # stored before these events are acknowledged
