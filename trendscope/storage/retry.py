"""A bounded write buffer in front of a store: batches, retries with capped backoff, back-pressure.

Rows stay in the buffer until a write that contains them succeeds, so a store that is
down loses nothing; a failed batch is written again whole, which the stores' idempotent
upserts turn into one row per key. When ``capacity`` rows wait, ``put`` waits too: the
stream feeding the buffer slows down instead of growing memory. Knows no store and no Faust.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from trendscope.backoff import Backoff

T = TypeVar("T")


@dataclass
class WriteStats:
    """Counters for the metrics layer (monotonic except ``buffered``)."""

    rows_written: int = 0
    batches_written: int = 0
    failures: int = 0
    blocked_puts: int = 0
    buffered: int = 0
    last_error: str | None = None


class WriteBuffer(Generic[T]):
    """Feed with ``put``; ``run`` writes batches of up to ``batch_size`` until cancelled."""

    def __init__(self, write: Callable[[list[T]], Awaitable[object]], *, capacity: int,
                 batch_size: int, backoff: Backoff | None = None,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        if capacity < batch_size or batch_size < 1:
            raise ValueError("need 1 <= batch_size <= capacity")
        self._write = write
        self.capacity = capacity
        self.batch_size = batch_size
        self.backoff = backoff or Backoff(base=0.1, cap=30.0)
        self._sleep = sleep
        self._items: deque[T] = deque()
        self._changed = asyncio.Condition()
        self.stats = WriteStats()

    @property
    def down(self) -> bool:
        """True while the last write attempt failed."""
        return self.backoff.attempt > 0

    async def put(self, item: T) -> None:
        """Queue one row; wait while the buffer is full (back-pressure)."""
        async with self._changed:
            if len(self._items) >= self.capacity:
                self.stats.blocked_puts += 1
                await self._changed.wait_for(lambda: len(self._items) < self.capacity)
            self._items.append(item)
            self.stats.buffered = len(self._items)
            self._changed.notify_all()

    async def flush(self) -> None:
        """Wait until every queued row is written (``run`` must be running)."""
        async with self._changed:
            await self._changed.wait_for(lambda: not self._items)

    async def run(self) -> None:
        """Write batches forever; a failing batch is retried with backoff until it succeeds."""
        while True:
            async with self._changed:
                await self._changed.wait_for(lambda: bool(self._items))
                batch = [self._items[i] for i in range(min(self.batch_size, len(self._items)))]
            await self._write_until_done(batch)
            async with self._changed:
                for _ in batch:
                    self._items.popleft()
                self.stats.buffered = len(self._items)
                self._changed.notify_all()

    async def _write_until_done(self, batch: list[T]) -> None:
        while True:
            try:
                await self._write(batch)
            except Exception as exc:  # a store that is down fails in many ways; all are retried
                self.stats.failures += 1
                self.stats.last_error = f"{type(exc).__name__}: {exc}"
                await self._sleep(self.backoff.next_delay())
                continue
            self.backoff.reset()
            self.stats.rows_written += len(batch)
            self.stats.batches_written += 1
            return
