"""An asyncprawcore requestor that counts every HTTP request to Reddit.

Each request (token fetches and retries included) adds one to
``trendscope_http_client_requests_total{api="reddit",status}``: the HTTP status, or
``"error"`` when no answer arrived (timeout, refused or dropped connection).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from asyncprawcore import Requestor

from trendscope.metrics import HTTP_CLIENT_REQUESTS

API = "reddit"  # the ``api`` label of the request counter


class CountingRequestor(Requestor):
    """:class:`asyncprawcore.Requestor` counting answers by status, and failures as ``"error"``."""

    @asynccontextmanager
    async def request(
        self, *args: Any, timeout: float | None = None, **kwargs: Any
    ) -> AsyncGenerator[aiohttp.ClientResponse]:
        counted = False
        try:
            async with super().request(*args, timeout=timeout, **kwargs) as response:
                HTTP_CLIENT_REQUESTS.labels(api=API, status=str(response.status)).inc()
                counted = True
                yield response
        except Exception:
            if not counted:
                HTTP_CLIENT_REQUESTS.labels(api=API, status="error").inc()
            raise
