"""Test doubles for the TMDB modules: a fake clock and an in-memory transport."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any

import orjson

from trendscope.sources.tmdb.transport import TmdbResponse

Handler = Callable[[str, dict[str, str | int]], TmdbResponse]


class FakeClock:
    """A clock that only moves when someone sleeps on it; every sleep is recorded."""

    def __init__(self, now: float = 1_707_000_000.0) -> None:
        self.now = now
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


class MockTransport:
    """Answers each GET with ``handler(path, params)`` (which may raise); records the calls."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.calls: list[tuple[str, dict[str, str | int]]] = []

    async def get(self, path: str, params: Mapping[str, str | int]) -> TmdbResponse:
        self.calls.append((path, dict(params)))
        return self.handler(path, dict(params))

    @property
    def paths(self) -> list[str]:
        return [path for path, _ in self.calls]


def json_response(body: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> TmdbResponse:
    return TmdbResponse(status, dict(headers or {}), orjson.dumps(body))


def scripted(responses: list[TmdbResponse | Exception]) -> Handler:
    """A handler giving ``responses`` in order (exceptions are raised), then the last one again."""
    queue = list(responses)

    def handler(path: str, params: dict[str, str | int]) -> TmdbResponse:
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, Exception):
            raise item
        return item

    return handler
