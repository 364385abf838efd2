"""Live sources inside a real worker: the leader polls a local fake TMDB into the catalog table."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web

from tests.integration.support import new_worker, worker_env
from trendscope.broker.probe import free_port
from trendscope.worker_process import wait_for

pytestmark = pytest.mark.kafka
TOKEN = "test-read-token-not-a-secret"
LISTS = {"/3/trending/movie/day": "movie-upcoming.json", "/3/movie/popular": "movie-popular.json",
         "/3/movie/now_playing": "movie-now-playing.json"}


@pytest.fixture(scope="module")
def fake_tmdb(comments_csv) -> Iterator[tuple[str, Path]]:
    raw = comments_csv.parents[1] / "tmdb" / "api_raw_2024-02"

    async def handle(request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return web.json_response({"status_code": 7}, status=401)
        name = LISTS.get(request.path)
        if name is None:
            return web.json_response({"status_code": 34}, status=404)
        return web.Response(body=(raw / name).read_bytes(), content_type="application/json")

    loop = asyncio.new_event_loop()
    port = free_port()
    app = web.Application()
    app.router.add_get("/{tail:.*}", handle)
    runner = web.AppRunner(app, access_log=None)
    loop.run_until_complete(runner.setup())
    loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/3", raw
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


def test_leader_polls_tmdb_into_the_catalog(kafka, tmp_path, fake_tmdb):
    base_url, raw = fake_tmdb
    expected = {}
    for name in LISTS.values():
        for movie in json.loads((raw / name).read_text())["results"]:
            expected[str(movie["id"])] = movie["title"]
    env = worker_env(kafka.url, tmp_path) | {
        "TRENDSCOPE_TMDB__BEARER_TOKEN": TOKEN, "TRENDSCOPE_TMDB__BASE_URL": base_url,
        "TRENDSCOPE_TMDB__POLL_INTERVAL_SECONDS": "3600"}
    worker = new_worker(env, tmp_path)
    worker.start()
    try:
        rows = wait_for(lambda: (r := worker.table("tmdb_catalog")) and len(r) == len(expected) and r, 60)
    finally:
        worker.stop()
    assert {r["key"]: r["value"]["title"] for r in rows} == expected
    assert {r["value"]["source_list"] for r in rows} <= {"trending_day", "popular", "now_playing"}
    assert TOKEN not in (tmp_path / "worker.log").read_text()
