"""The aiohttp TMDB transport counts every GET by HTTP status, and failures as "error"."""

from __future__ import annotations

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from prometheus_client import REGISTRY
from pydantic import SecretStr

from trendscope.broker.probe import free_port
from trendscope.sources.tmdb.transport import AiohttpTransport, TmdbTransportError

STATUSES = ("200", "404", "429", "error")
TOKEN = SecretStr("test-read-token-metrics")


def counts() -> dict[str, float]:
    return {s: REGISTRY.get_sample_value("trendscope_http_client_requests_total",
                                        {"api": "tmdb", "status": s}) or 0.0 for s in STATUSES}


@pytest.fixture
async def server_url():
    async def answer(request: web.Request) -> web.Response:
        status = int(request.match_info["status"])
        return web.json_response({"status": status}, status=status)

    app = web.Application()
    app.router.add_get("/3/status/{status}", answer)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server(access_log=None)
    yield str(server.make_url("/3"))
    await server.close()


async def test_answers_are_counted_by_status(server_url):
    before = counts()
    async with AiohttpTransport(server_url, bearer_token=TOKEN, timeout=5) as transport:
        for status in (200, 200, 404, 429, 200):
            assert (await transport.get(f"status/{status}", {"page": 1})).status == status
    after = counts()
    assert {s: after[s] - before[s] for s in STATUSES} == {"200": 3, "404": 1, "429": 1, "error": 0}


async def test_no_answer_counts_as_error():
    before = counts()
    async with AiohttpTransport(f"http://127.0.0.1:{free_port()}/3", api_key=TOKEN, timeout=5) as transport:
        with pytest.raises(TmdbTransportError):
            await transport.get("movie/popular", {})
    after = counts()
    assert {s: after[s] - before[s] for s in STATUSES} == {"200": 0, "404": 0, "429": 0, "error": 1}
