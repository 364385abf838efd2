"""TMDB API client: rate-limited GETs with retries, and the errors that end them.

- 429: wait ``Retry-After`` seconds (capped at ``max_delay``; the backoff when absent), retry.
- 5xx, timeouts, connection errors: jittered exponential backoff, retry; after
  ``max_attempts`` raise :class:`TmdbUnavailable`.
- 401: raise :class:`TmdbAuthError` at once (bad or missing credentials).
- 404 on ``/movie/{id}``: ``None`` (the movie is gone); any other status: :class:`TmdbError`.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from trendscope.sources.tmdb.rate_limit import TokenBucket
from trendscope.sources.tmdb.transport import TmdbResponse, TmdbTransportError, Transport
from trendscope.validation import decode_json_object

log = logging.getLogger(__name__)

# source_list name -> API path
LIST_PATHS: dict[str, str] = {
    "trending_day": "trending/movie/day",
    "popular": "movie/popular",
    "now_playing": "movie/now_playing",
}


class TmdbError(Exception):
    """TMDB answered in a way the client cannot use."""


class TmdbAuthError(TmdbError):
    """401: the token or key is missing, wrong or revoked. Polling must stop."""


class TmdbUnavailable(TmdbError):
    """Retries exhausted on 429, 5xx, timeouts or connection errors."""


@dataclass(frozen=True)
class RetryPolicy:
    """Up to ``max_attempts`` tries; waits grow as ``base_delay * 2**n`` up to ``max_delay``."""

    max_attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.base_delay < 0 or self.max_delay < 0:
            raise ValueError(f"need max_attempts >= 1 and delays >= 0, got {self}")

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Full-jitter wait after failed try ``attempt`` (1-based): uniform in [0, ceiling]."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return rng.uniform(0.0, ceiling)


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """The ``Retry-After`` header as seconds (case-insensitive name); ``None`` if absent or a date."""
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


class TmdbClient:
    """The three movie lists and movie details, each request paced by ``bucket``."""

    def __init__(
        self,
        transport: Transport,
        bucket: TokenBucket,
        retry: RetryPolicy | None = None,
        *,
        rng: random.Random | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._transport = transport
        self._bucket = bucket
        self._retry = retry or RetryPolicy()
        self._rng = rng or random.Random()
        self._sleep = sleep

    async def list_page(self, list_name: str, page: int) -> dict[str, Any]:
        """Page ``page`` of ``list_name`` (a key of :data:`LIST_PATHS`) as decoded JSON."""
        if list_name not in LIST_PATHS:
            raise ValueError(f"unknown TMDB list {list_name!r}; expected one of {sorted(LIST_PATHS)}")
        path = LIST_PATHS[list_name]
        response = await self._get(path, {"page": page})
        if response.status != 200:
            raise TmdbError(f"GET {path} page {page}: unexpected HTTP {response.status}")
        return decode_json_object(response.body)

    async def movie_details(self, movie_id: int) -> dict[str, Any] | None:
        """``/movie/{movie_id}`` as decoded JSON, or ``None`` when TMDB answers 404 (retired)."""
        path = f"movie/{movie_id}"
        response = await self._get(path, {})
        if response.status == 404:
            return None
        if response.status != 200:
            raise TmdbError(f"GET {path}: unexpected HTTP {response.status}")
        return decode_json_object(response.body)

    async def _get(self, path: str, params: Mapping[str, str | int]) -> TmdbResponse:
        attempts, attempt = self._retry.max_attempts, 0
        while True:
            attempt += 1
            await self._bucket.acquire()
            try:
                response = await self._transport.get(path, params)
            except TmdbTransportError as exc:
                problem, delay = str(exc), None
            else:
                if response.status == 401:
                    raise TmdbAuthError(
                        f"TMDB rejected the credentials (HTTP 401 on {path}): "
                        "check tmdb.bearer_token / tmdb.api_key"
                    )
                if response.status == 429:
                    problem, delay = "HTTP 429", retry_after_seconds(response.headers)
                elif response.status >= 500:
                    problem, delay = f"HTTP {response.status}", None
                else:
                    return response
            if attempt == attempts:
                raise TmdbUnavailable(f"GET {path}: {problem} (gave up after {attempts} attempts)")
            if delay is None:
                delay = self._retry.backoff(attempt, self._rng)
            delay = min(delay, self._retry.max_delay)
            log.warning("GET %s: %s; retry %d/%d in %.2f s", path, problem, attempt, attempts - 1, delay)
            await self._sleep(delay)
