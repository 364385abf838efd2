"""WriteBuffer: a store that is down loses nothing, writes nothing twice, and slows the producer."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator

import pytest

from tests.storage.samples import make_windows
from trendscope.backoff import Backoff
from trendscope.storage.retry import WriteBuffer
from trendscope.storage.sqlite import SqliteStore


class FlakyStore:
    """Records accepted batches; fails every write while ``down``."""

    def __init__(self) -> None:
        self.down = False
        self.accepted: list[int] = []
        self.attempts = 0

    async def write(self, batch: list[int]) -> None:
        self.attempts += 1
        await asyncio.sleep(0)
        if self.down:
            raise ConnectionError("store unreachable")
        self.accepted.extend(batch)


class Sleeps:
    """A fake sleep that records delays and only yields to the loop."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)
        await asyncio.sleep(0)


@pytest.fixture
async def running() -> AsyncIterator[list[asyncio.Task]]:
    tasks: list[asyncio.Task] = []
    yield tasks
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def buffer(write, sleeps: Sleeps, capacity: int = 100, batch_size: int = 7) -> WriteBuffer:
    return WriteBuffer(write, capacity=capacity, batch_size=batch_size, sleep=sleeps,
                       backoff=Backoff(base=0.1, cap=2.0, rng=random.Random(3)))


async def wait_until(predicate, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0)


async def test_down_then_up_loses_nothing_and_writes_each_row_once(running):
    store, sleeps = FlakyStore(), Sleeps()
    buf = buffer(store.write, sleeps)
    running.append(asyncio.create_task(buf.run()))
    for i in range(20):
        await buf.put(i)
    await buf.flush()
    store.down = True
    for i in range(20, 60):
        await buf.put(i)
    await wait_until(lambda: len(sleeps.delays) >= 12)
    assert buf.down and buf.stats.buffered == 40 and store.accepted == list(range(20))
    store.down = False
    await buf.flush()
    assert store.accepted == list(range(60))
    assert not buf.down
    assert buf.stats.rows_written == 60 and buf.stats.buffered == 0
    assert buf.stats.failures == len(sleeps.delays) == store.attempts - buf.stats.batches_written
    assert buf.stats.last_error == "ConnectionError: store unreachable"


async def test_backoff_grows_to_its_cap_and_resets_after_success(running):
    store, sleeps = FlakyStore(), Sleeps()
    store.down = True
    buf = buffer(store.write, sleeps)
    running.append(asyncio.create_task(buf.run()))
    await buf.put(1)
    await wait_until(lambda: len(sleeps.delays) >= 10)
    ceilings = [min(2.0, 0.1 * 2**n) for n in range(10)]
    assert all(c / 2 <= d <= c for d, c in zip(sleeps.delays, ceilings, strict=False))
    assert max(sleeps.delays) <= 2.0
    store.down = False
    await buf.flush()
    assert buf.backoff.attempt == 0


async def test_a_full_buffer_makes_put_wait(running):
    store, sleeps = FlakyStore(), Sleeps()
    store.down = True
    buf = buffer(store.write, sleeps, capacity=10, batch_size=4)
    running.append(asyncio.create_task(buf.run()))
    for i in range(10):
        await buf.put(i)
    blocked = asyncio.create_task(buf.put(10))
    await wait_until(lambda: len(sleeps.delays) >= 3)
    assert not blocked.done(), "the 11th row waits for room"
    assert buf.stats.blocked_puts == 1 and buf.stats.buffered == 10
    store.down = False
    await asyncio.wait_for(blocked, 5)
    await buf.flush()
    assert store.accepted == list(range(11))


def test_batch_size_must_fit_the_capacity():
    with pytest.raises(ValueError):
        WriteBuffer(FlakyStore().write, capacity=5, batch_size=10)


async def test_sqlite_behind_a_failing_link_gets_every_final_window_once(tmp_path, running):
    """The real store behind a link that drops every other write: rows = the final windows."""
    store = SqliteStore(tmp_path / "trendscope.db")
    await store.init()
    calls = 0

    async def link(batch):
        nonlocal calls
        calls += 1
        if calls % 2:
            raise OSError("link down")
        await store.write_windows(batch)

    sleeps = Sleeps()
    buf = buffer(link, sleeps, capacity=50, batch_size=25)
    running.append(asyncio.create_task(buf.run()))
    windows = make_windows()
    for w in windows:
        await buf.put(w)
    await buf.flush()
    final = {(w.movie_id, w.window_kind, w.window_start): w for w in windows if w.final}
    stored = [w for kind in ("1m", "5m") for movie in {k[0] for k in final}
              for w in await store.history(movie, kind)]
    await store.close()
    assert sorted(stored, key=lambda w: (w.movie_id, w.window_kind, w.window_start)) == sorted(
        final.values(), key=lambda w: (w.movie_id, w.window_kind, w.window_start))
    assert buf.stats.failures == len(sleeps.delays) > 0
