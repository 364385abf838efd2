import asyncio

import pytest

from tests.sources.tmdb.support import FakeClock
from trendscope.sources.tmdb.rate_limit import TokenBucket


async def acquire_times(bucket: TokenBucket, clock: FakeClock, n: int) -> list[float]:
    times = []
    for _ in range(n):
        await bucket.acquire()
        times.append(clock.now)
    return times


async def test_burst_is_free_then_requests_are_paced_at_the_rate():
    clock = FakeClock(0.0)
    bucket = TokenBucket(rate=2, burst=3, clock=clock, sleep=clock.sleep)
    assert await acquire_times(bucket, clock, 7) == [0, 0, 0, 0.5, 1.0, 1.5, 2.0]


async def test_idle_time_refills_no_more_than_the_burst():
    clock = FakeClock(0.0)
    bucket = TokenBucket(rate=2, burst=3, clock=clock, sleep=clock.sleep)
    await acquire_times(bucket, clock, 3)
    clock.now += 100
    assert await acquire_times(bucket, clock, 4) == [100, 100, 100, 100.5]


@pytest.mark.parametrize(("rate", "burst"), [(5, 1), (5, 2), (40, 1), (3.5, 4)])
async def test_no_one_second_window_exceeds_rate_plus_burst(rate, burst):
    clock = FakeClock(0.0)
    bucket = TokenBucket(rate=rate, burst=burst, clock=clock, sleep=clock.sleep)
    times = await acquire_times(bucket, clock, 120)
    busiest = max(sum(1 for u in times if t <= u < t + 1) for t in times)
    assert busiest <= rate + burst
    assert times[-1] == pytest.approx((120 - burst) / rate)


async def test_concurrent_waiters_are_served_in_arrival_order():
    clock = FakeClock(0.0)
    bucket = TokenBucket(rate=10, burst=1, clock=clock, sleep=clock.sleep)
    served = []

    async def worker(name: int) -> None:
        await bucket.acquire()
        served.append((name, round(clock.now, 6)))

    await asyncio.gather(*(worker(i) for i in range(5)))
    assert served == [(0, 0.0), (1, 0.1), (2, 0.2), (3, 0.3), (4, 0.4)]


def test_rejects_a_rate_or_burst_that_could_never_serve():
    with pytest.raises(ValueError, match="rate > 0"):
        TokenBucket(rate=0)
    with pytest.raises(ValueError, match="burst >= 1"):
        TokenBucket(rate=1, burst=0)
