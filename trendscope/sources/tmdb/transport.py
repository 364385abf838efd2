"""HTTP transport to TMDB: a small protocol and its aiohttp implementation.

Credentials never reach a log line or an error message: logs name the path only. Every GET
is counted in ``trendscope_http_client_requests_total{api="tmdb",status}`` (status "error"
when no answer arrived).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Protocol

import aiohttp
from pydantic import SecretStr

from trendscope.metrics import HTTP_CLIENT_REQUESTS
from trendscope.settings import TmdbSettings

log = logging.getLogger(__name__)
API = "tmdb"  # the ``api`` label of the request counter


@dataclass(frozen=True)
class TmdbResponse:
    """An HTTP answer: status, headers and the raw body."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


class TmdbTransportError(Exception):
    """No HTTP answer: timeout, refused or dropped connection (the message holds no secret)."""


class Transport(Protocol):
    """GET ``path`` (relative to the API root, e.g. ``movie/popular``) with query ``params``.

    Raises :class:`TmdbTransportError` when no answer arrives.
    """

    async def get(self, path: str, params: Mapping[str, str | int]) -> TmdbResponse: ...


class AiohttpTransport:
    """TMDB over one aiohttp session, opened on first use; ``close()`` (or ``async with``) ends it.

    Auth is the v4 read-access token in ``Authorization: Bearer`` when given, else the v3
    ``api_key`` query parameter.
    """

    def __init__(
        self,
        base_url: str,
        *,
        bearer_token: SecretStr | None = None,
        api_key: SecretStr | None = None,
        timeout: float = 10.0,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._headers = {"Accept": "application/json"}
        self._auth_params: dict[str, str] = {}
        token = bearer_token.get_secret_value() if bearer_token is not None else ""
        key = api_key.get_secret_value() if api_key is not None else ""
        if token:
            self._headers["Authorization"] = f"Bearer {token}"
        elif key:
            self._auth_params["api_key"] = key
        else:
            raise ValueError("TMDB needs tmdb.bearer_token (preferred) or tmdb.api_key")
        self._secret = token or key
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    @classmethod
    def from_settings(cls, settings: TmdbSettings) -> AiohttpTransport:
        """The transport ``settings`` describe."""
        return cls(
            settings.base_url,
            bearer_token=settings.bearer_token,
            api_key=settings.api_key,
            timeout=settings.request_timeout_seconds,
        )

    async def get(self, path: str, params: Mapping[str, str | int]) -> TmdbResponse:
        """One GET; timeouts and connection failures become :class:`TmdbTransportError`."""
        if self._session is None:
            self._session = aiohttp.ClientSession(headers=self._headers, timeout=self._timeout)
        query = {key: str(value) for key, value in params.items()} | self._auth_params
        try:
            async with self._session.get(f"{self._base}/{path.lstrip('/')}", params=query) as response:
                body = await response.read()
                status, headers = response.status, dict(response.headers)
        except (aiohttp.ClientError, TimeoutError) as exc:
            detail = str(exc).replace(self._secret, "***")
            log.debug("GET %s failed: %s", path, type(exc).__name__)
            HTTP_CLIENT_REQUESTS.labels(api=API, status="error").inc()
            raise TmdbTransportError(f"{type(exc).__name__}: {detail}".rstrip(": ")) from None
        log.debug("GET %s -> %d (%d bytes)", path, status, len(body))
        HTTP_CLIENT_REQUESTS.labels(api=API, status=str(status)).inc()
        return TmdbResponse(status, headers, body)

    async def close(self) -> None:
        """Close the session (idempotent)."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> AiohttpTransport:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()
