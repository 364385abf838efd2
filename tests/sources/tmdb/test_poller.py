import logging
import random

import pytest

from tests.sources.tmdb.support import FakeClock, MockTransport, json_response
from trendscope.models import MovieSnapshot
from trendscope.sources.tmdb.client import RetryPolicy, TmdbAuthError, TmdbClient
from trendscope.sources.tmdb.poller import Catalog, TmdbPoller
from trendscope.sources.tmdb.rate_limit import TokenBucket
from trendscope.sources.tmdb.transport import TmdbResponse

T0 = 1_707_000_000.0


def movie(movie_id, title, popularity):
    return {"id": movie_id, "title": title, "popularity": popularity}


def snap(movie_id, title, fetched_at, source_list="popular", **fields):
    return MovieSnapshot(
        movie_id=movie_id, title=title, fetched_at=fetched_at, source_list=source_list, **fields
    )


class FakeTmdb:
    """Pages keyed by (path, page), details by id; every answer moves the clock one second on.

    ``status`` (all paths) or ``failing[path]`` replaces the answer with that HTTP status.
    """

    def __init__(self, pages=None, details=None):
        self.pages = pages or {}
        self.details = details or {}
        self.clock = FakeClock(T0)
        self.status = 200
        self.failing = {}

    def __call__(self, path, params):
        self.clock.now += 1
        status = self.failing.get(path, self.status)
        if status != 200:
            return json_response({}, status)
        if path.startswith("movie/") and path.removeprefix("movie/").isdigit():
            body = self.details.get(int(path.removeprefix("movie/")))
            return json_response(body) if body else json_response({"status_code": 34}, 404)
        body = self.pages.get((path, params["page"]))
        return TmdbResponse(200, {}, b"{}") if body is None else json_response(body)


def make_poller(fake, pages=1, sleep=None, **kwargs):
    transport = MockTransport(fake)
    bucket = TokenBucket(rate=1000, burst=1000, clock=fake.clock, sleep=fake.clock.sleep)
    client = TmdbClient(transport, bucket, RetryPolicy(max_attempts=2, base_delay=0.01),
                        rng=random.Random(0), sleep=fake.clock.sleep)
    return TmdbPoller(client, pages, fake.clock, sleep=sleep or fake.clock.sleep, **kwargs), transport


def test_catalog_keeps_the_newest_snapshot_and_lists_missing_ids():
    catalog = Catalog()
    assert catalog.update(snap(1, "Old", 10.0))
    assert catalog.update(snap(1, "New", 20.0))
    assert not catalog.update(snap(1, "Late arrival", 15.0))
    assert catalog.update(snap(1, "Same time", 20.0))
    assert catalog.get(1).title == "Same time"
    assert catalog.get(2) is None
    assert catalog.missing([3, 1, 2, 3, 2]) == [3, 2]


async def test_poll_once_walks_lists_and_pages_with_response_time_and_list_name():
    fake = FakeTmdb(pages={
        ("trending/movie/day", 1): {"results": [movie(1, "One", 50.5)]},
        ("trending/movie/day", 2): {"results": [movie(2, "Two", 40.0)]},
        ("movie/popular", 1): {"results": [movie(1, "One", 50.5), movie(3, "Three", 9.0)]},
        ("movie/popular", 2): {"results": []},
        ("movie/now_playing", 1): {"results": [movie(3, "Three", 9.0)]},
        ("movie/now_playing", 2): {"results": []},
    })
    poller, transport = make_poller(fake, pages=2)
    snapshots = await poller.poll_once()
    paths = ("trending/movie/day", "movie/popular", "movie/now_playing")
    assert transport.calls == [(path, {"page": page}) for path in paths for page in (1, 2)]
    assert [(s.movie_id, s.title, s.popularity, s.source_list, s.fetched_at - T0) for s in snapshots] == [
        (1, "One", 50.5, "trending_day", 1), (2, "Two", 40.0, "trending_day", 2),
        (1, "One", 50.5, "popular", 3), (3, "Three", 9.0, "popular", 3),
        (3, "Three", 9.0, "now_playing", 5),
    ]
    assert poller.catalog.get(1).source_list == "popular"
    assert poller.catalog.get(3).source_list == "now_playing"


async def test_a_failing_or_malformed_page_is_skipped_and_the_rest_kept(caplog):
    fake = FakeTmdb(pages={("movie/popular", 1): {"results": [movie(1, "One", 1.0)]}})
    fake.failing["trending/movie/day"] = 503
    poller, _ = make_poller(fake)
    snapshots = await poller.poll_once()  # trending: 503 twice; now_playing: body without results
    assert [(s.movie_id, s.source_list) for s in snapshots] == [(1, "popular")]
    assert "trending_day page 1 skipped" in caplog.text
    assert "now_playing page 1 skipped" in caplog.text


async def test_details_are_queued_once_for_ids_missing_from_the_catalog():
    fake = FakeTmdb(pages={("movie/popular", 1): {"results": [movie(1, "One", 1.0)]}},
                    details={5: {"id": 5, "title": "Five", "popularity": 2.5, "genres": [{"id": 18}]}})
    poller, transport = make_poller(fake, lists=["popular"])
    await poller.poll_once()
    poller.request_details([5, 1, 5, 6, 0, True])
    poller.request_details([6, 5])
    assert poller.pending == [5, 6]
    snapshots = await poller.fetch_details()
    assert transport.paths[1:] == ["movie/5", "movie/6"]
    assert snapshots == [
        snap(5, "Five", T0 + 2, "details", popularity=2.5, genre_ids=[18]),
        snap(6, "tmdb:6", T0 + 3, "details", retired=True),
    ]
    assert poller.pending == []
    poller.request_details([5, 6, 1])
    assert poller.pending == []


async def test_404_on_a_known_movie_retires_its_last_snapshot():
    fake = FakeTmdb(pages={("movie/popular", 1): {"results": [movie(1, "One", 7.0)]}})
    poller, _ = make_poller(fake, lists=["popular"])
    [listed] = await poller.poll_once()
    poller.request_details([1], refresh=True)
    [retired] = await poller.fetch_details()
    assert retired == MovieSnapshot(**{**listed.asdict(), "fetched_at": T0 + 2, "source_list": "details",
                                       "retired": True})
    assert poller.catalog.get(1) is retired


async def test_unavailable_details_stay_queued_for_the_next_cycle():
    fake = FakeTmdb(details={5: {"id": 5, "title": "Five"}})
    poller, _ = make_poller(fake)
    poller.request_details([5])
    fake.status = 500
    assert await poller.fetch_details() == []
    assert poller.pending == [5]
    fake.status = 200
    assert [s.title for s in await poller.fetch_details()] == ["Five"]
    assert poller.pending == []


class Stop(Exception):
    pass


async def test_run_survives_a_failed_cycle_and_emits_the_next():
    fake = FakeTmdb(pages={("movie/popular", 1): {"results": [movie(1, "One", 1.0)]}})
    emitted, intervals = [], []

    async def sleep(seconds):
        intervals.append(seconds)
        fake.status = 200
        if len(intervals) == 2:
            raise Stop

    poller, _ = make_poller(fake, sleep=sleep, lists=["popular"])
    fake.status = 502

    async def emit(snapshot):
        emitted.append(snapshot)

    with pytest.raises(Stop):
        await poller.run(emit, interval=300)
    assert intervals == [300, 300]
    assert [(s.movie_id, s.source_list) for s in emitted] == [(1, "popular")]


async def test_run_stops_on_401_with_a_clear_error(caplog):
    fake = FakeTmdb()
    fake.status = 401
    poller, transport = make_poller(fake)
    emitted = []

    async def emit(snapshot):
        emitted.append(snapshot)

    with caplog.at_level(logging.ERROR), pytest.raises(TmdbAuthError, match="401"):
        await poller.run(emit, interval=300)
    assert emitted == []
    assert len(transport.calls) == 1
    assert "TMDB polling stopped" in caplog.text and "tmdb.bearer_token" in caplog.text
