"""Embedded store: SQLite in WAL mode at ``<state dir>/trendscope.db``.

sqlite3 blocks, and a commit waits for the disk, so every call runs on one dedicated
thread: the event loop (Faust's) never waits on the disk, the connection is only ever
used by the thread that made it, and calls are serialised as SQLite's single writer wants.
One ``windows`` table serves both CQL tables (history by its key, top-N by an index).
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from trendscope.models import Prediction, WindowResult
from trendscope.settings import Settings
from trendscope.storage.base import (
    MAX_LIMIT,
    PREDICTION_COLUMNS,
    WINDOW_COLUMNS,
    check_limit,
    final_windows,
    unique_predictions,
)

T = TypeVar("T")
SQL_TYPES = {"int": "INTEGER", "text": "TEXT", "time": "REAL", "float": "REAL", "bool": "INTEGER",
             "map": "TEXT"}
WINDOW_KEY = ("movie_id", "window_kind", "window_start")
PREDICTION_KEY = ("movie_id", "target_window_start", "window_kind", "model")


def _table(name: str, columns: dict[str, str], key: tuple[str, ...]) -> str:
    cols = ", ".join(f"{c} {SQL_TYPES[k]}" + (" NOT NULL" if c in key else "") for c, k in columns.items())
    return f"CREATE TABLE IF NOT EXISTS {name} ({cols}, PRIMARY KEY ({', '.join(key)})) WITHOUT ROWID"


SCHEMA = [
    _table("windows", WINDOW_COLUMNS, WINDOW_KEY),
    "CREATE INDEX IF NOT EXISTS windows_top ON windows (window_kind, window_start, score DESC, movie_id)",
    _table("predictions", PREDICTION_COLUMNS, PREDICTION_KEY),
    "CREATE INDEX IF NOT EXISTS predictions_recent"
    " ON predictions (target_window_start DESC, movie_id, window_kind, model)",
]


def _upsert(name: str, columns: dict[str, str]) -> str:
    return f"INSERT OR REPLACE INTO {name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _row(record: WindowResult | Prediction, columns: dict[str, str]) -> tuple[Any, ...]:
    values = record.asdict()
    return tuple(json.dumps(values[c]) if k == "map" and values[c] is not None else values[c]
                 for c, k in columns.items())


def _window(row: sqlite3.Row) -> WindowResult:
    values = dict(row)
    values["final"] = bool(values["final"])
    if values["breakdown"] is not None:
        values["breakdown"] = json.loads(values["breakdown"])
    return WindowResult(**values)


class SqliteStore:
    """The :class:`~trendscope.storage.base.TrendStore` on one SQLite file."""

    backend = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="trendscope-sqlite")

    @classmethod
    def from_settings(cls, settings: Settings) -> SqliteStore:
        return cls(settings.state_dir / "trendscope.db")

    async def _call(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._thread, fn, *args)

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("SqliteStore used before init()")
        return self._db

    async def init(self) -> None:
        await self._call(self._init)

    def _init(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # WAL: a crash of the process loses nothing
        with db:
            for statement in SCHEMA:
                db.execute(statement)
        self._db = db

    async def write_windows(self, windows: Iterable[WindowResult]) -> int:
        rows = [_row(w, WINDOW_COLUMNS) for w in final_windows(windows)]
        return await self._call(self._write, _upsert("windows", WINDOW_COLUMNS), rows)

    async def write_predictions(self, predictions: Iterable[Prediction]) -> int:
        rows = [_row(p, PREDICTION_COLUMNS) for p in unique_predictions(predictions)]
        return await self._call(self._write, _upsert("predictions", PREDICTION_COLUMNS), rows)

    def _write(self, sql: str, rows: list[tuple[Any, ...]]) -> int:
        db = self._conn()
        with db:  # one transaction per batch
            db.executemany(sql, rows)
        return len(rows)

    def _query(self, sql: str, params: tuple[Any, ...]) -> list[sqlite3.Row]:
        return self._conn().execute(sql, params).fetchall()

    async def top(self, window_kind: str, at: float | None = None, limit: int = 20) -> list[WindowResult]:
        bound = "" if at is None else " AND window_start <= ?"
        sql = (f"SELECT * FROM windows WHERE window_kind = ? AND window_start = "
               f"(SELECT max(window_start) FROM windows WHERE window_kind = ?{bound}) "
               "ORDER BY score DESC, movie_id LIMIT ?")
        params = (window_kind, window_kind, *(() if at is None else (at,)), check_limit(limit))
        return [_window(r) for r in await self._call(self._query, sql, params)]

    async def history(self, movie_id: int, window_kind: str, from_: float | None = None,
                      to: float | None = None, limit: int = MAX_LIMIT) -> list[WindowResult]:
        sql = ("SELECT * FROM windows WHERE movie_id = ? AND window_kind = ? AND window_start >= ? "
               "AND window_start < ? ORDER BY window_start DESC LIMIT ?")
        low = float("-inf") if from_ is None else from_
        high = float("inf") if to is None else to
        rows = await self._call(self._query, sql, (movie_id, window_kind, low, high, check_limit(limit)))
        return [_window(r) for r in rows]

    async def predictions(self, movie_id: int | None = None, limit: int = 100) -> list[Prediction]:
        where = "" if movie_id is None else "WHERE movie_id = ? "
        sql = (f"SELECT * FROM predictions {where}"
               "ORDER BY target_window_start DESC, movie_id, window_kind, model LIMIT ?")
        params = (*(() if movie_id is None else (movie_id,)), check_limit(limit))
        return [Prediction(**dict(r)) for r in await self._call(self._query, sql, params)]

    async def close(self) -> None:
        if self._db is not None:
            await self._call(self._conn().close)
            self._db = None
        self._thread.shutdown(wait=True)
