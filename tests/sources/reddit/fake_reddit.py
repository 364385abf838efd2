"""A local stand-in for Reddit's OAuth API (aiohttp on 127.0.0.1) serving recorded things.

Listings (``/r/<subs>/comments``, ``/r/<subs>/new``) grow as a live subreddit would: every
request without ``after`` reveals ``step`` more of the recorded things, oldest first, up to
``cap``; they are served newest first with Reddit's ``limit``/``after`` paging. ``faults``
maps a request number (1-based, over all requests) to ``"503"``, ``"429"`` or ``"drop"``
(connection closed without an answer).
"""

from __future__ import annotations

import base64
import time
from collections import Counter
from collections.abc import Mapping
from typing import Any

from aiohttp import web

TOKEN = "fake-access-token"
RATE_HEADERS = {"x-ratelimit-remaining": "590", "x-ratelimit-used": "10", "x-ratelimit-reset": "0"}


def listing(things: list[dict[str, Any]], after: str | None = None) -> dict[str, Any]:
    return {"kind": "Listing", "data": {"after": after, "before": None, "children": things}}


class FakeReddit:
    def __init__(
        self,
        *,
        comments: list[dict[str, Any]],
        submissions: list[dict[str, Any]],
        by_id: Mapping[str, dict[str, Any]],
        client_id: str,
        client_secret: str,
        step: int,
        faults: Mapping[int, str] | None = None,
        retry_after: str = "0",
    ) -> None:
        by_time = lambda thing: thing["data"]["created_utc"]  # noqa: E731
        self.things = {"comments": sorted(comments, key=by_time), "new": sorted(submissions, key=by_time)}
        self.revealed = Counter[str]()
        self.cap = {name: len(things) for name, things in self.things.items()}
        self.by_id = dict(by_id)
        self.credentials = f"{client_id}:{client_secret}"
        self.step = step
        self.faults = dict(faults or {})
        self.retry_after = retry_after
        self.requests: list[tuple[float, str, str]] = []  # (monotonic time, path, query)
        self.listed = Counter[str]()  # successful listing answers per endpoint
        self.served_by_id = Counter[str]()
        self._runner: web.AppRunner | None = None

    async def start(self) -> str:
        app = web.Application(middlewares=[self._faults])
        app.router.add_post("/api/v1/access_token", self._token)
        app.router.add_get("/r/{subs}/{endpoint:comments/?|new}", self._listing)
        app.router.add_get("/by_id/{names}", self._by_id)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @web.middleware
    async def _faults(self, request: web.Request, handler: Any) -> web.StreamResponse:
        self.requests.append((time.monotonic(), request.path, request.query_string))
        fault = self.faults.get(len(self.requests))
        if fault == "drop":
            assert request.transport is not None
            request.transport.close()
            return web.Response()
        if fault == "503":
            return web.Response(status=503, text="upstream busy")
        if fault == "429":
            return web.Response(status=429, headers={"retry-after": self.retry_after})
        return await handler(request)

    async def _token(self, request: web.Request) -> web.Response:
        auth = request.headers.get("Authorization", "")
        if auth != "Basic " + base64.b64encode(self.credentials.encode()).decode():
            return web.json_response({"message": "Unauthorized", "error": 401}, status=401)
        form = await request.post()
        assert form.get("grant_type") == "client_credentials", form
        return web.json_response(
            {"access_token": TOKEN, "token_type": "bearer", "expires_in": 86400, "scope": "*"}
        )

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"bearer {TOKEN}"

    async def _listing(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.Response(status=401)
        endpoint = request.match_info["endpoint"].rstrip("/")
        after = request.query.get("after")
        limit = int(request.query.get("limit", "25"))
        if after is None:
            self.revealed[endpoint] = min(self.cap[endpoint], self.revealed[endpoint] + self.step)
        visible = self.things[endpoint][: self.revealed[endpoint]][::-1]  # newest first
        start = 0
        if after is not None:
            names = [t["data"]["name"] for t in visible]
            start = names.index(after) + 1
        page = visible[start : start + limit]
        more = start + limit < len(visible)
        self.listed[endpoint] += 1
        return web.json_response(
            listing(page, page[-1]["data"]["name"] if page and more else None), headers=RATE_HEADERS
        )

    async def _by_id(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.Response(status=401)
        names = request.match_info["names"].split(",")
        self.served_by_id.update(names)
        found = [self.by_id[n] for n in names if n in self.by_id]
        return web.json_response(listing(found), headers=RATE_HEADERS)
