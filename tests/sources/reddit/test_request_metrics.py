"""Every HTTP request to Reddit is counted by status, and failed connections as "error"."""

from __future__ import annotations

from types import SimpleNamespace

import asyncprawcore.sessions
import pytest
from asyncprawcore.exceptions import RequestException
from prometheus_client import REGISTRY

from tests.sources.reddit.fake_reddit import FakeReddit
from trendscope.broker.probe import free_port
from trendscope.settings import RedditSettings
from trendscope.sources.reddit.streamer import make_reddit

CLIENT_ID, CLIENT_SECRET = "fake-client-id-m1", "fake-client-secret-m2"
SETTINGS = RedditSettings(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, subreddits=["movies"])
STATUSES = ("200", "503", "error")


def counts() -> dict[str, float]:
    return {s: REGISTRY.get_sample_value("trendscope_http_client_requests_total",
                                        {"api": "reddit", "status": s}) or 0.0 for s in STATUSES}


def delta(before: dict[str, float]) -> dict[str, float]:
    after = counts()
    return {s: after[s] - before[s] for s in STATUSES}


@pytest.fixture(autouse=True)
def no_retry_sleep(monkeypatch):
    monkeypatch.setattr(asyncprawcore.sessions, "random", SimpleNamespace(random=lambda: 0.0))


async def test_answers_are_counted_by_status_retries_included():
    # Request 1 fetches the token; 2 answers 503, which asyncprawcore retries (3).
    fake = FakeReddit(comments=[], submissions=[], by_id={}, client_id=CLIENT_ID,
                      client_secret=CLIENT_SECRET, step=1, faults={2: "503"})
    url = await fake.start()
    before = counts()
    reddit = make_reddit(SETTINGS, oauth_url=url, reddit_url=url)
    try:
        for endpoint in ("new", "comments"):
            body = await reddit.request(method="GET", path=f"/r/movies/{endpoint}", params={"limit": 5})
            assert body["kind"] == "Listing"
    finally:
        await reddit.close()
        await fake.stop()
    assert len(fake.requests) == 4, fake.requests
    assert delta(before) == {"200": 3, "503": 1, "error": 0}


async def test_a_refused_connection_counts_as_error():
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there: the token fetch fails, once
    before = counts()
    reddit = make_reddit(SETTINGS, oauth_url=url, reddit_url=url)
    try:
        with pytest.raises(RequestException):
            await reddit.request(method="GET", path="/r/movies/new", params={"limit": 5})
    finally:
        await reddit.close()
    changed = delta(before)
    assert changed["error"] == 1 and changed["200"] == changed["503"] == 0, changed
