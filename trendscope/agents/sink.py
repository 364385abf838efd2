"""Final WindowResults -> the store (SQLite by default, ScyllaDB/Cassandra when configured).

Each batch taken from ``trendscope.trends`` is written (idempotent upserts) before the next
is taken, so an event is acknowledged only once its row is stored: a crash re-delivers,
never loses. A store that is down is retried with capped backoff; the buffer is bounded,
so the stream waits instead of growing memory (``trendscope_store_*`` metrics show it).
"""

from __future__ import annotations

import time

from faust import StreamT

from trendscope.app import app, settings
from trendscope.channels import trends
from trendscope.metrics import STORE_WRITE_SECONDS, STORE_WRITES
from trendscope.models import WindowResult
from trendscope.storage import open_store
from trendscope.storage.retry import WriteBuffer

BACKEND = "cql" if settings.store.cql_hosts else "sqlite"
store = open_store(settings)


async def _write(rows: list[WindowResult]) -> None:
    started = time.perf_counter()
    try:
        await store.write_windows(rows)
    except Exception:
        STORE_WRITES.labels(backend=BACKEND, outcome="error").inc()
        raise
    STORE_WRITES.labels(backend=BACKEND, outcome="ok").inc()
    STORE_WRITE_SECONDS.observe(time.perf_counter() - started)


buffer: WriteBuffer[WindowResult] = WriteBuffer(_write, capacity=settings.store.buffer_size,
                                                batch_size=settings.store.batch_size)


@app.task
async def run_store_writer() -> None:
    await store.init()
    await buffer.run()


@app.agent(trends)
async def store_windows(stream: StreamT[WindowResult]) -> None:
    async for batch in stream.take(settings.store.batch_size, within=1.0):
        for row in batch:
            await buffer.put(row)
        await buffer.flush()  # stored before these events are acknowledged
