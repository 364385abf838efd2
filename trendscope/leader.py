"""Running a long task on one worker only: the consumer group's leader."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class LeaderOnly:
    """Starts ``run(stop)`` when this worker becomes leader and stops it when it no longer is.

    Sources (TMDB polling, Reddit streaming) must run once per cluster, not once per
    worker; Faust timers have ``on_leader`` but long-running tasks do not.
    """

    def __init__(self, name: str, run: Callable[[asyncio.Event], Awaitable[None]]) -> None:
        self.name = name
        self._run = run
        self._stop: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self.failed = False

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def update(self, is_leader: bool) -> None:
        """Start or stop the task to match leadership. A task that failed is not restarted:
        its errors (bad credentials) need a person, and are logged once."""
        if self._task is not None and self._task.done():
            self._report(self._task)
            self._task = None
        if is_leader and self._task is None and not self.failed:
            self._stop = asyncio.Event()
            self._task = asyncio.ensure_future(self._run(self._stop))
            log.info("%s started on this worker (group leader)", self.name)
        elif not is_leader and self.running:
            await self.stop()

    async def stop(self) -> None:
        if self._task is None or self._stop is None:
            return
        self._stop.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), 10)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        except Exception:  # reported below
            pass
        self._report(self._task)
        self._task = None
        log.info("%s stopped on this worker", self.name)

    def _report(self, task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            self.failed = True
            log.error("%s stopped for good after an error: %s", self.name, task.exception(),
                      exc_info=task.exception())
