"""The real transport, client and poller against a local fake TMDB serving recorded responses."""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from pydantic import SecretStr

from tests.conftest import SHARED_DATA
from trendscope.sources.tmdb.client import RetryPolicy, TmdbAuthError, TmdbClient
from trendscope.sources.tmdb.poller import TmdbPoller
from trendscope.sources.tmdb.rate_limit import TokenBucket
from trendscope.sources.tmdb.transport import AiohttpTransport, TmdbTransportError

pytestmark = pytest.mark.shared_data

RAW = SHARED_DATA / "tmdb" / "api_raw_2024-02"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.test-read-token.c2lnbmF0dXJl"
API_KEY = "0123456789abcdef0123456789abcdef"
T0 = 1_707_000_000.0
# No /trending/movie/day page was recorded: the fake serves the recorded /movie/upcoming page for it.
LIST_FILES = {
    "/3/trending/movie/day": ("movie-upcoming.json", "trending_day"),
    "/3/movie/popular": ("movie-popular.json", "popular"),
    "/3/movie/now_playing": ("movie-now-playing.json", "now_playing"),
}
NOT_FOUND = {"success": False, "status_code": 34,
             "status_message": "The resource you requested could not be found."}
BAD_AUTH = {"success": False, "status_code": 7,
            "status_message": "Invalid API key: You must be granted a valid key."}
SLOW_SECONDS, CLIENT_TIMEOUT = 1.5, 0.5


class FakeTmdb:
    """Serves the recorded bodies; ``faults[path]`` injects '500', '503', '429' or 'slow' answers in turn.

    ``now`` (the poller's event clock) moves one second on with every answer it gives;
    ``log`` holds (path, outcome, now) per request and ``received`` the monotonic arrival times.
    """

    def __init__(self) -> None:
        self.bodies = {path: (RAW / name).read_bytes() for path, (name, _) in LIST_FILES.items()}
        self.bodies["/3/movie/550"] = (RAW / "movie-details.json").read_bytes()
        self.faults: dict[str, list[str]] = {}
        self.log: list[tuple[str, str, float | None]] = []
        self.received: list[float] = []
        self.api_keys_seen: set[str] = set()
        self.now = T0
        self.app = web.Application()
        self.app.router.add_get("/{tail:.*}", self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        self.received.append(time.monotonic())
        path = request.path
        self.api_keys_seen.update(request.query.getall("api_key", []))
        authorized = (request.headers.get("Authorization") == f"Bearer {TOKEN}"
                      or request.query.get("api_key") == API_KEY)
        queue = self.faults.get(path)
        outcome = queue.pop(0) if queue else None
        if outcome == "slow":
            self.log.append((path, "slow", None))
            await asyncio.sleep(SLOW_SECONDS)
            return web.Response(status=200)
        if not authorized:
            return self.answer(path, "401", web.json_response(BAD_AUTH, status=401))
        if path == "/3/loop":
            raise web.HTTPFound(request.path_qs)
        if outcome == "429":
            return self.answer(path, "429", web.json_response({}, status=429, headers={"Retry-After": "1"}))
        if outcome is not None:
            return self.answer(path, outcome, web.json_response({}, status=int(outcome)))
        if path in self.bodies:
            body = web.Response(body=self.bodies[path], content_type="application/json")
            return self.answer(path, "200", body)
        return self.answer(path, "404", web.json_response(NOT_FOUND, status=404))

    def answer(self, path: str, outcome: str, response: web.Response) -> web.Response:
        self.now += 1
        self.log.append((path, outcome, self.now))
        return response


@pytest.fixture
async def fake():
    if not RAW.is_dir():
        pytest.skip(f"recorded TMDB responses absent: {RAW} (../shared/data sits beside the repo in CI)")
    tmdb = FakeTmdb()
    # No access log: it is the fake *server's* record of full URLs (TMDB's side), not TrendScope's.
    server = TestServer(tmdb.app, host="127.0.0.1")
    await server.start_server(access_log=None)
    tmdb.base_url = str(server.make_url("/3"))
    yield tmdb
    await server.close()


def make_poller(fake, transport, rate=1000.0, burst=1000, sleep=asyncio.sleep):
    client = TmdbClient(transport, TokenBucket(rate, burst),
                        RetryPolicy(max_attempts=4, base_delay=0.05, max_delay=2.0), rng=random.Random(0))
    return TmdbPoller(client, pages=1, clock=lambda: fake.now, sleep=sleep)


def expected_snapshots(fake):
    """What the poller must emit, read straight from the recorded JSON for every good answer."""
    expected = []
    for path, outcome, now in fake.log:
        if path in LIST_FILES and outcome == "200":
            name, source_list = LIST_FILES[path]
            for m in json.loads((RAW / name).read_text())["results"]:
                expected.append((m["id"], m["title"], m["popularity"], m["vote_count"], m["genre_ids"],
                                 source_list, now, False))
        elif path == "/3/movie/550" and outcome == "200":
            m = json.loads((RAW / "movie-details.json").read_text())
            expected.append((m["id"], m["title"], m["popularity"], m["vote_count"],
                             [g["id"] for g in m["genres"]], "details", now, False))
        elif outcome == "404":
            movie_id = int(path.rsplit("/", 1)[1])
            expected.append((movie_id, f"tmdb:{movie_id}", None, None, None, "details", now, True))
    return expected


def fields(snapshot):
    return (snapshot.movie_id, snapshot.title, snapshot.popularity, snapshot.vote_count, snapshot.genre_ids,
            snapshot.source_list, snapshot.fetched_at, snapshot.retired)


class Stop(Exception):
    pass


async def test_poller_survives_faults_stays_under_the_rate_limit_and_emits_the_recorded_movies(fake):
    # Cycle 1: trending fails all 4 attempts (skipped), popular gets a 429 first, now_playing times out
    # once. Between cycles mentions ask for 550, 787699 (listed: in the catalog) and 999999 (unknown).
    fake.faults = {"/3/trending/movie/day": ["500"] * 4, "/3/movie/popular": ["429"],
                   "/3/movie/now_playing": ["slow"], "/3/movie/550": ["503"]}
    emitted, cycles = [], []

    async def between_cycles(interval):
        cycles.append(interval)
        if len(cycles) == 2:
            raise Stop
        poller.request_details([550, 787699, 999999, 550])

    async def emit(snapshot):
        emitted.append(snapshot)

    async with AiohttpTransport(fake.base_url, bearer_token=SecretStr(TOKEN), timeout=CLIENT_TIMEOUT) as http:
        poller = make_poller(fake, http, rate=4, burst=1, sleep=between_cycles)
        with pytest.raises(Stop):
            await poller.run(emit, interval=60)

    assert [(path.removeprefix("/3/"), outcome) for path, outcome, _ in fake.log] == [
        *[("trending/movie/day", "500")] * 4,
        ("movie/popular", "429"), ("movie/popular", "200"),
        ("movie/now_playing", "slow"), ("movie/now_playing", "200"),
        ("trending/movie/day", "200"), ("movie/popular", "200"), ("movie/now_playing", "200"),
        ("movie/550", "503"), ("movie/550", "200"), ("movie/999999", "404"),
    ]
    assert [fields(s) for s in emitted] == expected_snapshots(fake)
    assert len(emitted) == 20 * 5 + 2
    # rate 4/s with a burst of 1: no one-second span may see more than 5 requests
    busiest = max(sum(1 for u in fake.received if t <= u < t + 1) for t in fake.received)
    assert busiest <= 5, f"{busiest} requests within one second"


async def test_401_stops_polling_with_a_clear_error_and_no_secret(fake, caplog):
    wrong = "wrong-token-" + "x" * 20
    emitted = []

    async def emit(snapshot):
        emitted.append(snapshot)

    async with AiohttpTransport(fake.base_url, bearer_token=SecretStr(wrong)) as http:
        with pytest.raises(TmdbAuthError, match="401") as raised:
            await make_poller(fake, http).run(emit, interval=60)
    assert emitted == []
    assert [outcome for _, outcome, _ in fake.log] == ["401"]
    assert wrong not in str(raised.value) and wrong not in caplog.text
    assert "TMDB polling stopped" in caplog.text


async def test_the_api_key_never_reaches_logs_or_errors(fake, caplog):
    caplog.set_level(logging.DEBUG)
    fake.faults = {"/3/movie/popular": ["500"]}
    errors = []
    async with AiohttpTransport(fake.base_url, api_key=SecretStr(API_KEY)) as http:
        poller = make_poller(fake, http)
        assert len(await poller.poll_once()) == 60
        poller.request_details([550, 424242])
        assert [s.retired for s in await poller.fetch_details()] == [False, True]
        with pytest.raises(TmdbTransportError) as redirected:  # its URL carries the key: must be masked
            await http.get("loop", {})
        errors.append(str(redirected.value))
    async with AiohttpTransport(fake.base_url, api_key=SecretStr("f" * 32)) as http:
        with pytest.raises(TmdbAuthError) as refused:
            await make_poller(fake, http).poll_once()
        errors.append(str(refused.value))

    assert fake.api_keys_seen == {API_KEY, "f" * 32}, "the key travelled in the query string"
    assert "api_key=***" in errors[0]
    assert "GET movie/popular" in caplog.text and "GET movie/424242 -> 404" in caplog.text
    for text in [caplog.text, *errors, *(str(r.args) for r in caplog.records)]:
        assert API_KEY not in text and "f" * 32 not in text
