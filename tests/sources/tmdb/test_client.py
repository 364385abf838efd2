import random

import pytest

from tests.sources.tmdb.support import FakeClock, MockTransport, json_response, scripted
from trendscope.sources.tmdb.client import (
    RetryPolicy,
    TmdbAuthError,
    TmdbClient,
    TmdbError,
    TmdbUnavailable,
    retry_after_seconds,
)
from trendscope.sources.tmdb.rate_limit import TokenBucket
from trendscope.sources.tmdb.transport import TmdbResponse, TmdbTransportError
from trendscope.validation import InvalidEvent

PAGE = {"page": 1, "results": [{"id": 1, "title": "A"}]}
POLICY = RetryPolicy(max_attempts=4, base_delay=0.5, max_delay=4.0)


def make_client(handler, policy=POLICY, seed=1):
    """A client whose bucket and retries run on fake clocks: ``sleeps`` are the retry waits only."""
    transport = MockTransport(handler)
    bucket_clock, retry_clock = FakeClock(), FakeClock()
    bucket = TokenBucket(rate=1000, burst=1000, clock=bucket_clock, sleep=bucket_clock.sleep)
    client = TmdbClient(transport, bucket, policy, rng=random.Random(seed), sleep=retry_clock.sleep)
    return client, transport, retry_clock.sleeps


def test_backoff_is_full_jitter_under_a_doubling_capped_ceiling_and_reproducible():
    waits = [POLICY.backoff(attempt, random.Random(3)) for attempt in range(1, 8)]
    rng = random.Random(3)
    assert [POLICY.backoff(a, rng) for a in range(1, 8)] != waits  # one rng carries on: fresh draws
    ceilings = [0.5, 1.0, 2.0, 4.0, 4.0, 4.0, 4.0]
    assert waits == [random.Random(3).uniform(0, c) for c in ceilings]
    rng = random.Random(11)
    for _ in range(200):
        for attempt, ceiling in enumerate(ceilings, start=1):
            assert 0 <= POLICY.backoff(attempt, rng) <= ceiling


def test_retry_policy_rejects_settings_that_never_try():
    with pytest.raises(ValueError, match="max_attempts >= 1"):
        RetryPolicy(max_attempts=0)


@pytest.mark.parametrize(("headers", "expected"), [
    ({"Retry-After": "3"}, 3.0),
    ({"retry-after": "1.5"}, 1.5),
    ({"Retry-After": "-2"}, 0.0),
    ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, None),
    ({}, None),
])
def test_retry_after_header(headers, expected):
    assert retry_after_seconds(headers) == expected


async def test_429_waits_retry_after_then_retries():
    client, transport, sleeps = make_client(
        scripted([json_response({}, 429, {"Retry-After": "3"}), json_response(PAGE)])
    )
    assert await client.list_page("popular", 2) == PAGE
    assert sleeps == [3.0]
    assert transport.calls == [("movie/popular", {"page": 2})] * 2


async def test_429_without_usable_retry_after_backs_off_and_a_huge_one_is_capped():
    client, _, sleeps = make_client(scripted([
        json_response({}, 429),
        json_response({}, 429, {"Retry-After": "86400"}),
        json_response(PAGE),
    ]))
    await client.list_page("popular", 1)
    assert sleeps == [POLICY.backoff(1, random.Random(1)), POLICY.max_delay]


async def test_5xx_and_transport_errors_back_off_with_jitter_then_succeed():
    client, transport, sleeps = make_client(scripted([
        json_response({}, 500),
        TmdbTransportError("TimeoutError"),
        json_response({}, 503),
        json_response(PAGE),
    ]), seed=42)
    assert await client.list_page("trending_day", 1) == PAGE
    rng = random.Random(42)
    assert sleeps == [POLICY.backoff(attempt, rng) for attempt in (1, 2, 3)]
    assert transport.paths == ["trending/movie/day"] * 4


async def test_gives_up_after_max_attempts_with_a_clear_error():
    client, transport, sleeps = make_client(scripted([TmdbTransportError("ClientConnectorError: refused")]))
    with pytest.raises(TmdbUnavailable, match=r"movie/now_playing: .*refused.*after 4 attempts"):
        await client.list_page("now_playing", 1)
    assert len(transport.calls) == 4
    assert len(sleeps) == 3


async def test_401_raises_auth_error_at_once():
    client, transport, sleeps = make_client(scripted([json_response({"status_code": 7}, 401)]))
    with pytest.raises(TmdbAuthError, match="401"):
        await client.movie_details(550)
    assert len(transport.calls) == 1
    assert sleeps == []


async def test_details_404_is_none_and_200_is_the_body():
    details = {"id": 550, "title": "Fight Club"}

    def handler(path, params):
        return json_response(details) if path == "movie/550" else json_response({"status_code": 34}, 404)

    client, transport, _ = make_client(handler)
    assert await client.movie_details(550) == details
    assert await client.movie_details(9) is None
    assert transport.calls == [("movie/550", {}), ("movie/9", {})]


async def test_other_client_errors_and_bad_bodies_are_not_retried():
    client, transport, _ = make_client(scripted([json_response({}, 404)]))
    with pytest.raises(TmdbError, match="HTTP 404"):
        await client.list_page("popular", 1)
    client, _, _ = make_client(scripted([TmdbResponse(200, {}, b"<html>")]))
    with pytest.raises(InvalidEvent):
        await client.list_page("popular", 1)
    assert len(transport.calls) == 1
    with pytest.raises(ValueError, match="unknown TMDB list"):
        await client.list_page("upcoming", 1)
