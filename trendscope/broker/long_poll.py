"""Emulated long polling for brokers that ignore ``fetch.max.wait.ms`` (noida-db).

A Kafka broker holds an empty fetch until data arrives or ``fetch.max.wait.ms`` passes;
noida-db answers at once, so an idle aiokafka consumer re-fetches in a tight loop and
keeps a core busy (measured: 8 s of CPU in 10 s for an idle worker). With this patch an
empty fetch that came back early waits out the rest of ``max_wait`` before the next one,
which costs at most ``max_wait`` of extra latency on an idle partition.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from aiokafka.consumer.fetcher import Fetcher

_MARK = "_trendscope_long_poll"


def install(max_wait: float = 0.1) -> None:
    """Patch aiokafka's fetcher (idempotent; affects every consumer in this process)."""
    original = Fetcher._proc_fetch_request
    if getattr(original, _MARK, False):
        return

    async def proc_fetch_request(self: Fetcher, assignment: Any, node_id: int, request: Any) -> bool:
        started = time.monotonic()
        has_new_data = await original(self, assignment, node_id, request)
        if not has_new_data:
            remaining = max_wait - (time.monotonic() - started)
            if remaining > 0:
                await asyncio.sleep(remaining)
        return has_new_data

    setattr(proc_fetch_request, _MARK, True)
    Fetcher._proc_fetch_request = proc_fetch_request  # type: ignore[method-assign]
