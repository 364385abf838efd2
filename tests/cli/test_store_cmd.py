import asyncio
import os
import sqlite3
import subprocess
import sys

import orjson

from trendscope.models import WindowResult
from trendscope.settings import Settings
from trendscope.storage import open_store


def _row(movie_id: int, start: float, score: float) -> WindowResult:
    return WindowResult(movie_id=movie_id, window_kind="hopping", window_start=start, window_end=start + 300,
                        mentions=int(score), sentiment_sum=0.0, score=score, score_variant="seed", final=True,
                        title=f"movie {movie_id}")


ROWS = [_row(m, start, float((m * 7 + int(start)) % 13)) for m in range(1, 6) for start in (600.0, 660.0)]


def _run(tmp_path, *args: str) -> list[dict]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRENDSCOPE_")}
    env["TRENDSCOPE_STATE_DIR"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "trendscope", *args, "--json"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return [orjson.loads(line) for line in result.stdout.splitlines()]


def test_db_init_creates_the_sqlite_store(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRENDSCOPE_")}
    env["TRENDSCOPE_STATE_DIR"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "trendscope", "db", "init"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "trendscope.db") as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"windows", "predictions"} <= tables


def test_top_and_history_read_the_store(tmp_path):
    async def write() -> None:
        store = open_store(Settings(state_dir=tmp_path))
        await store.init()
        await store.write_windows(ROWS)
        await store.close()

    asyncio.run(write())
    latest = sorted((r for r in ROWS if r.window_start == 660.0), key=lambda r: (-r.score, r.movie_id))
    top = _run(tmp_path, "top", "--window", "5m", "--limit", "3")
    assert [(r["movie_id"], r["score"]) for r in top] == [(r.movie_id, r.score) for r in latest[:3]]
    earlier = _run(tmp_path, "top", "--at", "630")
    assert {r["window_start"] for r in earlier} == {600.0}
    history = _run(tmp_path, "history", "3")
    assert [r["window_start"] for r in history] == [660.0, 600.0]
