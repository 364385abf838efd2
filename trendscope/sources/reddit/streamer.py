"""Live Reddit: new submissions and comments of several subreddits, emitted once each.

Own polling of ``/r/a+b/new`` and ``/r/a+b/comments`` through ``Reddit.request`` (raw
JSON), not ``subreddit.stream``, because asyncpraw's stream
- dedupes with an in-memory set of ~300 ids, so a restart re-emits up to 100 items;
- reads one page of 100 per poll, so a burst of more than 100 between polls is lost
  silently (here: pages back with ``after`` until a page holds an already seen id);
- ends at the first exception, and yields objectified models we would turn back into dicts
  (here: the same :mod:`.parse` code reads live and recorded listings).

Rate limits: asyncprawcore reads ``x-ratelimit-remaining/used/reset`` from every response
and sleeps before the next request to spread the remaining budget over the window (at most
10 s per sleep; until the reset when none is left). It retries 5xx answers and
``ConnectionError`` twice itself (sleeping 0-4 s); a 429 raises ``TooManyRequests``, which
this streamer waits out (at least ``Retry-After``) like any other error.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpraw
import orjson
from asyncprawcore.const import ACCESS_TOKEN_PATH
from asyncprawcore.exceptions import (
    AsyncPrawcoreException,
    InvalidInvocation,
    OAuthException,
    ResponseException,
    TooManyRequests,
)

from trendscope.backoff import Backoff
from trendscope.models import RedditComment, RedditSubmission
from trendscope.settings import RedditSettings, SettingsError
from trendscope.sources.reddit.parse import (
    DROP_AUTHORS,
    AuthorPolicy,
    RedditRecord,
    Rejection,
    author_policy,
    fullname,
    parse_listing,
)
from trendscope.sources.reddit.requestor import CountingRequestor
from trendscope.sources.reddit.seen import SeenIds
from trendscope.validation import InvalidEvent

log = logging.getLogger(__name__)

Emit = Callable[[RedditRecord], Awaitable[None]]
OnInvalid = Callable[[Rejection], Awaitable[None]]
RedditFactory = Callable[[], asyncpraw.Reddit]

_SUBREDDIT = re.compile(r"^[A-Za-z0-9_]{2,21}$")
_BY_ID_BATCH = 100
_RETRYABLE = (AsyncPrawcoreException, InvalidEvent)


def make_reddit(settings: RedditSettings, **config: Any) -> asyncpraw.Reddit:
    """An application-only (read-only) client; ``config`` overrides e.g. ``oauth_url``/``reddit_url``.

    Its requests are counted by :class:`CountingRequestor` (unless ``requestor_class`` is given).
    """
    if settings.client_id is None:
        raise SettingsError("reddit.client_id (TRENDSCOPE_REDDIT__CLIENT_ID) is required to stream Reddit")
    secret = settings.client_secret.get_secret_value() if settings.client_secret else None
    return asyncpraw.Reddit(
        client_id=settings.client_id.get_secret_value(),
        client_secret=secret,
        user_agent=settings.user_agent,
        check_for_updates=False,
        **{"requestor_class": CountingRequestor, **config},
    )


@dataclass
class StreamerStats:
    """Counters for metrics and tests."""

    emitted: int = 0
    invalid: int = 0
    errors: int = 0
    polls: int = 0


class TitleCache:
    """Least-recently-used ``link_id -> title`` (None: the submission could not be fetched)."""

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self._titles: OrderedDict[str, str | None] = OrderedDict()

    def __contains__(self, link_id: object) -> bool:
        return link_id in self._titles

    def get(self, link_id: str) -> str | None:
        if link_id in self._titles:
            self._titles.move_to_end(link_id)
        return self._titles.get(link_id)

    def put(self, link_id: str, title: str | None) -> None:
        self._titles[link_id] = title
        self._titles.move_to_end(link_id)
        while len(self._titles) > self.max_size:
            self._titles.popitem(last=False)


class RedditStreamer:
    """Polls new submissions, then new comments, of ``subreddits``; emits each record once.

    Records are emitted oldest first, each id added to ``seen`` after ``emit`` returned and
    ``seen`` flushed after every poll: a crash can re-emit at most one poll's records, a
    restart re-emits nothing older. Comments get ``submission_title`` from ``link_title``,
    else from an LRU cache by ``link_id`` filled from the submissions stream and ``/by_id``.
    """

    def __init__(
        self,
        reddit_factory: RedditFactory,
        subreddits: Sequence[str],
        seen: SeenIds,
        emit: Emit,
        *,
        authors: AuthorPolicy = DROP_AUTHORS,
        on_invalid: OnInvalid | None = None,
        poll_interval: float = 5.0,
        page_limit: int = 100,
        max_pages: int = 5,
        title_cache_size: int = 10_000,
        backoff: Backoff | None = None,
    ) -> None:
        bad = [s for s in subreddits if not _SUBREDDIT.match(s)]
        if bad or not subreddits:
            raise ValueError(f"invalid subreddit names: {bad or 'none given'}")
        self._factory = reddit_factory
        self._path = "/r/" + "+".join(subreddits)
        self.seen = seen
        self._emit = emit
        self._authors = authors
        self._on_invalid = on_invalid
        self._poll_interval = poll_interval
        self._page_limit = page_limit
        self._max_pages = max_pages
        self.titles = TitleCache(title_cache_size)
        self._backoff = backoff or Backoff()
        self.stats = StreamerStats()

    @classmethod
    def from_settings(
        cls,
        settings: RedditSettings,
        *,
        state_dir: Path,
        emit: Emit,
        reddit_config: Mapping[str, Any] | None = None,
        **options: Any,
    ) -> RedditStreamer:
        """A streamer remembering ids in ``state_dir``.

        ``reddit_config`` goes to :func:`make_reddit` (e.g. ``oauth_url``), ``options`` to the
        constructor (``on_invalid``, ``page_limit``, ...).
        """
        options.setdefault("authors", author_policy(settings))
        options.setdefault("poll_interval", settings.poll_interval_seconds)
        return cls(
            lambda: make_reddit(settings, **(reddit_config or {})),
            settings.subreddits,
            SeenIds(state_dir, max_size=settings.seen_ids_max),
            emit,
            **options,
        )

    async def run(self, stop: asyncio.Event | None = None) -> None:
        """Poll until ``stop`` is set; on errors close the client and reconnect after a backoff.

        Configuration errors (bad credentials) and other exception types, e.g. from ``emit``,
        end the run; ``seen`` is flushed first, so what was emitted stays remembered.
        """
        stop = stop or asyncio.Event()
        reddit: asyncpraw.Reddit | None = None
        try:
            while not stop.is_set():
                try:
                    if reddit is None:
                        reddit = self._factory()
                    await self.poll_once(reddit)
                    self._backoff.reset()
                    delay = self._poll_interval
                except _RETRYABLE as exc:
                    if _is_fatal(exc):
                        log.error("reddit rejected the configuration (%s: %s); not retrying",
                                  type(exc).__name__, exc)
                        raise
                    self.stats.errors += 1
                    delay = max(self._backoff.next_delay(), _retry_after(exc))
                    log.warning("reddit poll failed (%s: %s); reconnecting in %.2f s",
                                type(exc).__name__, exc, delay)
                    if reddit is not None:
                        await reddit.close()
                        reddit = None
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
        finally:
            self.seen.flush()
            if reddit is not None:
                await reddit.close()

    async def poll_once(self, reddit: asyncpraw.Reddit) -> int:
        """One poll of submissions then comments; returns how many records were emitted."""
        self.stats.polls += 1
        emitted = 0
        try:
            for endpoint in ("new", "comments/"):  # the paths asyncpraw's listings use
                records, rejected = await self._fetch_new(reddit, f"{self._path}/{endpoint}")
                await self._attach_titles(reddit, records)
                for rejection in rejected:
                    await self._reject(rejection)
                for record in records:
                    await self._emit(record)
                    self.seen.add(fullname(record))
                    emitted += 1
        finally:
            self.stats.emitted += emitted
            self.seen.flush()
        return emitted

    async def _fetch_new(
        self, reddit: asyncpraw.Reddit, path: str
    ) -> tuple[list[RedditRecord], list[Rejection]]:
        """Unseen records of ``path``, oldest first, paging back until a page holds a seen id."""
        records: dict[str, RedditRecord] = {}
        rejected: dict[str, Rejection] = {}
        after: str | None = None
        for _ in range(self._max_pages):
            params = {"limit": self._page_limit, "after": after}
            body = await reddit.request(method="GET", path=path, params=params)
            page = parse_listing(body, authors=self._authors)
            names = [fullname(r) for r in page.records] + [_key(r) for r in page.rejected]
            records.update((fullname(r), r) for r in page.records if fullname(r) not in self.seen)
            rejected.update((_key(r), r) for r in page.rejected if _key(r) not in self.seen)
            if not names or not page.after or any(n in self.seen for n in names):
                break
            after = page.after
        else:
            log.info("read %d pages of %s without meeting a seen id (first start, or a burst): "
                     "older items are skipped", self._max_pages, path)
        return list(reversed(records.values())), list(rejected.values())

    async def _attach_titles(self, reddit: asyncpraw.Reddit, records: list[RedditRecord]) -> None:
        comments: list[RedditComment] = []
        for record in records:
            if isinstance(record, RedditSubmission):
                self.titles.put(fullname(record), record.title)
            elif record.link_id and record.submission_title:
                self.titles.put(record.link_id, record.submission_title)
            elif record.link_id:
                comments.append(record)
        titles = {c.link_id: self.titles.get(c.link_id) for c in comments if c.link_id in self.titles}
        missing = sorted({c.link_id for c in comments} - titles.keys())
        for start in range(0, len(missing), _BY_ID_BATCH):
            batch = missing[start:start + _BY_ID_BATCH]
            body = await reddit.request(method="GET", path="/by_id/" + ",".join(batch))
            listed = parse_listing(body).records
            found = {fullname(r): r.title for r in listed if isinstance(r, RedditSubmission)}
            for link_id in batch:  # unknown (deleted, private) is cached too: asked once only
                titles[link_id] = found.get(link_id)
                self.titles.put(link_id, titles[link_id])
        for comment in comments:
            comment.submission_title = titles[comment.link_id]

    async def _reject(self, rejection: Rejection) -> None:
        self.stats.invalid += 1
        log.warning("invalid reddit thing %s: %s", rejection.name, rejection.error)
        if self._on_invalid is not None:
            await self._on_invalid(rejection)
        self.seen.add(_key(rejection))


def _is_fatal(exc: Exception) -> bool:
    """Errors that waiting will not fix: bad credentials (401/403 on the token endpoint), misuse."""
    if isinstance(exc, OAuthException | InvalidInvocation):
        return True
    return (
        isinstance(exc, ResponseException)
        and exc.response.status in (401, 403)
        and exc.response.url.path.endswith(ACCESS_TOKEN_PATH)
    )


def _key(rejection: Rejection) -> str:
    """The fullname, or for a thing without one a digest of its JSON, so it is reported once."""
    if rejection.name and not any(c.isspace() for c in rejection.name):
        return rejection.name
    digest = hashlib.sha256(orjson.dumps(rejection.thing, option=orjson.OPT_SORT_KEYS, default=repr))
    return "invalid_" + digest.hexdigest()[:24]


def _retry_after(exc: Exception) -> float:
    if isinstance(exc, TooManyRequests) and exc.retry_after:
        try:
            return float(exc.retry_after)
        except ValueError:
            return 0.0
    return 0.0
