import asyncio
import copy
import hashlib
import hmac
import logging
import random
from collections import Counter
from collections.abc import Callable
from types import SimpleNamespace

import asyncprawcore.sessions
import pytest
from asyncprawcore.exceptions import ResponseException

from tests.sources.reddit.conftest import (
    COMMENTS_2016,
    COMMENTS_2023,
    HOT_SUBMISSIONS,
    SUBMISSION_TREE,
    tree_things,
)
from tests.sources.reddit.fake_reddit import FakeReddit
from trendscope.backoff import Backoff
from trendscope.models import RedditComment, RedditSubmission
from trendscope.settings import RedditSettings, SettingsError
from trendscope.sources.reddit.seen import SeenIds
from trendscope.sources.reddit.streamer import RedditStreamer, make_reddit

pytestmark = pytest.mark.shared_data
CLIENT_ID, CLIENT_SECRET, SALT = "fake-client-id-41d", "fake-client-secret-9f3", "fake-salt-77e"
SUBREDDITS = ["movies", "Lil_SpazJoekp"]


@pytest.fixture(autouse=True)
def no_retry_sleep(monkeypatch):
    """asyncprawcore sleeps 0-2 s (random) before retrying a 503 once: make that 0 s."""
    monkeypatch.setattr(asyncprawcore.sessions, "random", SimpleNamespace(random=lambda: 0.0))


@pytest.fixture
async def start_fake():
    fakes = []

    async def start(**kwargs) -> tuple[FakeReddit, str]:
        fake = FakeReddit(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, **kwargs)
        fakes.append(fake)
        return fake, await fake.start()

    yield start
    for fake in fakes:
        await fake.stop()


def settings(**overrides) -> RedditSettings:
    values = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "subreddits": SUBREDDITS,
              "poll_interval_seconds": 0.001, "author_mode": "hash", "author_salt": SALT}
    return RedditSettings(**{**values, **overrides})


def streamer_for(url: str, state_dir, out: list, config: RedditSettings | None = None, **options):
    async def emit(record):
        out.append(record)

    return RedditStreamer.from_settings(
        config or settings(), state_dir=state_dir, emit=emit,
        reddit_config={"oauth_url": url, "reddit_url": url},
        backoff=Backoff(base=0.001, cap=0.01, rng=random.Random(1)), **options,
    )


async def run_until(streamer: RedditStreamer, done: Callable[[], bool], timeout: float = 15) -> None:
    """Run until ``done()`` or ``timeout`` (then the caller's assertions tell what is missing)."""
    stop = asyncio.Event()
    task = asyncio.create_task(streamer.run(stop))
    deadline = asyncio.get_running_loop().time() + timeout
    try:
        while not done() and not task.done() and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.005)
    finally:
        stop.set()
        await task


def then_more_polls(fake: FakeReddit, done: Callable[[], bool], polls: int = 3) -> Callable[[], bool]:
    """``done``, and afterwards ``polls`` more comment listings served (to catch late duplicates)."""
    mark: list[int] = []

    def check() -> bool:
        if not mark:
            if done():
                mark.append(fake.listed["comments"])
            return False
        return fake.listed["comments"] >= mark[0] + polls

    return check


def ids(records, kind) -> list[str]:
    return [r.id for r in records if isinstance(r, kind)]


def without_replies(thing):
    thing = copy.deepcopy(thing)
    thing["data"]["replies"] = ""
    return thing


def fault_schedule(requests: int) -> dict[int, str]:
    faults = {}
    for n in range(1, requests):
        if n % 7 == 3:
            faults[n] = "503"  # asyncprawcore retries it
        elif n % 11 == 5:
            faults[n] = "drop"  # the streamer reconnects
        elif n % 13 == 8:
            faults[n] = "429"
    return faults


async def test_every_comment_once_through_faults_and_a_restart(recorded, tmp_path, start_fake, caplog):
    caplog.set_level(logging.DEBUG)
    tree = tree_things(recorded[SUBMISSION_TREE])
    (tree_submission,) = [t for t in tree if t["kind"] == "t3"]
    comments = [without_replies(t) for t in (
        recorded[COMMENTS_2016]["data"]["children"] + recorded[COMMENTS_2023]["data"]["children"]
        + [t for t in tree if t["kind"] == "t1"]
    )]
    submissions = recorded[HOT_SUBMISSIONS]["data"]["children"]
    raw = {t["data"]["id"]: t["data"] for t in comments}
    held_back = {t["data"]["id"] for t in sorted(comments, key=lambda t: t["data"]["created_utc"])[-30:]}
    first_run = set(raw) - held_back
    faults = fault_schedule(400)
    fake, url = await start_fake(
        comments=comments, submissions=submissions, step=40, faults=faults,
        by_id={t["data"]["name"]: t for t in [*submissions, tree_submission]},
    )
    fake.cap["comments"] = len(comments) - len(held_back)
    emitted: list = []
    first = streamer_for(url, tmp_path, emitted, page_limit=25)

    await run_until(first, then_more_polls(fake, lambda: set(ids(emitted, RedditComment)) >= first_run))

    assert Counter(ids(emitted, RedditComment)) == Counter(first_run), "each comment exactly once"
    assert Counter(ids(emitted, RedditSubmission)) == Counter(t["data"]["id"] for t in submissions)
    times = [r.created_utc for r in emitted if isinstance(r, RedditComment)]
    assert times == sorted(times), "oldest first"
    assert {faults[n] for n in range(1, len(fake.requests) + 1) if n in faults} == {"503", "drop", "429"}
    assert first.stats.errors >= 2
    assert any("after=t1_" in query for _, path, query in fake.requests if path.endswith("/comments/"))
    listing_paths = {path for _, path, _ in fake.requests if path.startswith("/r/")}
    assert listing_paths == {"/r/movies+Lil_SpazJoekp/new", "/r/movies+Lil_SpazJoekp/comments/"}

    tree_title, tree_link = tree_submission["data"]["title"], tree_submission["data"]["name"]
    for comment in (r for r in emitted if isinstance(r, RedditComment)):
        data = raw[comment.id]
        assert comment.submission_title == data.get("link_title", tree_title)
        assert comment.author == hmac.new(SALT.encode(), data["author"].encode(), hashlib.sha256).hexdigest()
        assert (comment.body, comment.created_utc) == (data["body"], data["created_utc"])
    assert fake.served_by_id == Counter({tree_link: 1}), "asked once, only for comments without link_title"

    fake.cap["comments"] = len(comments)
    after_restart: list = []
    second = streamer_for(url, tmp_path, after_restart, page_limit=25)
    assert len(second.seen) == len(first_run) + len(submissions)
    caught_up = lambda: set(ids(after_restart, RedditComment)) >= held_back  # noqa: E731
    await run_until(second, then_more_polls(fake, caught_up))

    assert Counter(ids(after_restart, RedditComment)) == Counter(held_back), "only what came after"
    assert ids(after_restart, RedditSubmission) == []
    assert {c.submission_title for c in after_restart} == {tree_title}
    assert fake.served_by_id == Counter({tree_link: 2}), "a new process has an empty title cache"
    for secret in (CLIENT_ID, CLIENT_SECRET, SALT):
        assert secret not in caplog.text


async def test_unknown_submissions_leave_the_title_empty_and_are_asked_once(recorded, tmp_path, start_fake):
    tree = tree_things(recorded[SUBMISSION_TREE])
    comments = [without_replies(t) for t in tree if t["kind"] == "t1"]
    fake, url = await start_fake(comments=comments, submissions=[], by_id={}, step=10)
    emitted: list = []
    streamer = RedditStreamer(
        lambda: make_reddit(settings(), oauth_url=url, reddit_url=url), SUBREDDITS,
        SeenIds(tmp_path), lambda record: _append(emitted, record),
    )
    async with make_reddit(settings(), oauth_url=url, reddit_url=url) as reddit:
        for _ in range(4):
            await streamer.poll_once(reddit)
    assert len(emitted) == 40 and {c.submission_title for c in emitted} == {None}
    assert emitted[0].author is None, "the default policy drops authors"
    assert sum(fake.served_by_id.values()) == 1


async def _append(out: list, record) -> None:
    out.append(record)


async def test_invalid_things_are_reported_once(recorded, tmp_path, start_fake):
    good = copy.deepcopy(recorded[COMMENTS_2023]["data"]["children"][:5])
    implausible = copy.deepcopy(good[0])
    implausible["data"].update(id="zzz1", name="t1_zzz1", created_utc=12.0)
    nameless = copy.deepcopy(good[1])
    del nameless["data"]["id"], nameless["data"]["name"]
    fake, url = await start_fake(comments=[*good, implausible, nameless], submissions=[], by_id={}, step=100)
    emitted, rejected = [], []
    streamer = streamer_for(url, tmp_path, emitted, on_invalid=lambda r: _append(rejected, r))
    await run_until(streamer, lambda: fake.listed["comments"] >= 3)
    assert sorted(ids(emitted, RedditComment)) == sorted(t["data"]["id"] for t in good)
    assert sorted(((r.name, r.error.reason) for r in rejected), key=str) == [
        ("t1_zzz1", "bad_value"), (None, "missing_field")]
    assert streamer.stats.invalid == 2


async def test_429_waits_at_least_retry_after(recorded, tmp_path, start_fake):
    comments = recorded[COMMENTS_2023]["data"]["children"][:10]
    # requests: 1 token, 2 /new, 3 /comments -> 429
    fake, url = await start_fake(comments=comments, submissions=[], by_id={}, step=100,
                                 faults={3: "429"}, retry_after="0.3")
    emitted: list = []
    streamer = streamer_for(url, tmp_path, emitted)
    await run_until(streamer, lambda: len(emitted) == 10)
    (limited, next_request) = fake.requests[2:4]
    assert next_request[0] - limited[0] >= 0.3
    assert streamer.stats.errors == 1


async def test_rejected_credentials_end_the_run_without_leaking_them(tmp_path, start_fake, caplog):
    caplog.set_level(logging.DEBUG)
    _, url = await start_fake(comments=[], submissions=[], by_id={}, step=1)
    streamer = streamer_for(url, tmp_path, [], settings(client_secret="wrong-secret-5e1"))
    with pytest.raises(ResponseException):
        await run_until(streamer, lambda: False, timeout=5)
    assert streamer.stats.errors == 0
    assert "wrong-secret-5e1" not in caplog.text and "rejected" in caplog.text


async def test_a_failing_emit_ends_the_run_and_keeps_what_was_emitted(recorded, tmp_path, start_fake):
    comments = recorded[COMMENTS_2023]["data"]["children"][:5]
    _, url = await start_fake(comments=comments, submissions=[], by_id={}, step=100)
    sent: list = []

    async def emit(record):
        if len(sent) == 2:
            raise RuntimeError("producer closed")
        sent.append(record)

    streamer = RedditStreamer.from_settings(
        settings(), state_dir=tmp_path, emit=emit, reddit_config={"oauth_url": url, "reddit_url": url})
    with pytest.raises(RuntimeError, match="producer closed"):
        await streamer.run()
    assert {f"t1_{r.id}" for r in sent} == set(SeenIds(tmp_path).path.read_text().split())


def test_configuration_errors():
    with pytest.raises(SettingsError, match="client_id"):
        make_reddit(RedditSettings())
    with pytest.raises(ValueError, match="subreddit"):
        RedditStreamer(lambda: None, ["movies", "bad/../name"], None, _append)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="author_salt"):
        RedditSettings(author_mode="hash")
