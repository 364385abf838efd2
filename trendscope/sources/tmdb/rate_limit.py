"""Async token bucket: at most ``burst + rate * T`` acquisitions in any span of ``T`` seconds."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

# Float refill arithmetic can land a hair under one token; without this slack a fake
# clock that cannot advance by 1e-17 would loop for ever.
_EPSILON = 1e-9


class TokenBucket:
    """``rate`` tokens per second, holding at most ``burst``; starts full. Waiters are served FIFO."""

    def __init__(
        self,
        rate: float,
        burst: int = 1,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError(f"need rate > 0 and burst >= 1, got rate={rate}, burst={burst}")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._tokens = float(burst)
        self._updated = clock()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        """Take one token, waiting for it if the bucket is empty."""
        async with self._lock:
            while True:
                now = self._clock()
                self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
                self._updated = now
                if self._tokens >= 1 - _EPSILON:
                    self._tokens -= 1
                    return
                await self._sleep((1 - self._tokens) / self.rate)
