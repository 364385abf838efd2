"""ScyllaDB/Cassandra store with scylla-driver: prepared statements, bounded async execution.

Tables (TimeWindowCompactionStrategy and a default TTL on all, since all are time series):

- ``window_history ((movie_id, window_kind), window_start DESC)``: a movie's windows.
- ``window_top ((window_kind, window_start), score DESC, movie_id)``: one window, best first.
- ``predictions ((movie_id), target_window_start DESC, window_kind, model)``.
- ``predictions_by_hour ((hour), target_window_start DESC, movie_id, window_kind, model)`` and
  ``time_index ((series), ts DESC)``, which window starts and prediction hours exist: they answer
  "latest window" and "latest predictions of all movies" without scanning partitions.

``score`` is part of the top-N key, so a rewrite with another score would leave the old
row beside the new one. A batch of windows therefore first reads (movie_id, score) of each
top-N partition it touches (one read per window, not per row); a movie found there with
another score has those rows deleted and its new row inserted in one single-partition,
hence atomic, batch. The stale rows are read from ``window_top`` itself, so a failure
anywhere is repaired by the retry, and writing the same rows again changes nothing.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile, ResponseFuture, Session
from cassandra.policies import DCAwareRoundRobinPolicy, ExponentialReconnectionPolicy, TokenAwarePolicy
from cassandra.query import BatchStatement, BatchType, PreparedStatement, dict_factory

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
CQL_TYPES = {"int": "int", "text": "text", "time": "timestamp", "float": "double", "bool": "boolean",
             "map": "map<text, double>"}
EPOCH = datetime(1970, 1, 1)
FOREVER_MS = 2**62
HOUR = 3600.0


def parse_hosts(hosts: Sequence[str]) -> tuple[list[str], int]:
    """``["h1:9042", "h2"]`` -> (["h1", "h2"], 9042); the driver takes one port for all nodes."""
    names, ports = [], set()
    for host in hosts:
        name, _, port = host.rpartition(":") if ":" in host else (host, "", "9042")
        names.append(name)
        ports.add(int(port))
    if len(ports) != 1:
        raise ValueError(f"all CQL hosts must share one port, got {sorted(ports)}")
    return names, ports.pop()


def _ms(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds * 1000)


def _seconds(value: datetime | None) -> float | None:
    return None if value is None else round((value - EPOCH).total_seconds() * 1000) / 1000


def _values(record: WindowResult | Prediction, columns: dict[str, str]) -> list[Any]:
    data = record.asdict()
    return [_ms(data[c]) if kind == "time" else data[c] for c, kind in columns.items()]


def _record(row: dict[str, Any], columns: dict[str, str]) -> dict[str, Any]:
    """Row -> record fields. CQL stores an empty map as null, so ``{}`` reads back as None."""
    convert = {"time": _seconds, "map": lambda v: None if v is None else dict(v)}
    return {c: convert[kind](row[c]) if kind in convert else row[c] for c, kind in columns.items()}


def _table(name: str, columns: dict[str, str], key: str, order: str, ttl: int) -> str:
    cols = ", ".join(f"{c} {CQL_TYPES[k]}" for c, k in columns.items())
    return (f"CREATE TABLE IF NOT EXISTS {name} ({cols}, PRIMARY KEY ({key})) "
            f"WITH CLUSTERING ORDER BY ({order}) AND {_time_series(ttl)}")


def _time_series(ttl: int) -> str:
    return ("compaction = {'class': 'TimeWindowCompactionStrategy', 'compaction_window_unit': 'DAYS', "
            f"'compaction_window_size': 1}} AND default_time_to_live = {ttl}")


def _insert(table: str, columns: Iterable[str]) -> str:
    names = list(columns)
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


def _quote(value: object) -> str:
    """A CQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def schema(keyspace: str, replication: dict[str, Any], ttl: int) -> list[str]:
    """The CQL that creates the keyspace and tables (idempotent)."""
    options = ", ".join(f"{_quote(k)}: {_quote(v)}" for k, v in replication.items())
    hour_columns = {"hour": "time", **PREDICTION_COLUMNS}
    return [
        f"CREATE KEYSPACE IF NOT EXISTS {keyspace} WITH replication = {{{options}}}",
        _table(f"{keyspace}.window_history", WINDOW_COLUMNS, "(movie_id, window_kind), window_start",
               "window_start DESC", ttl),
        _table(f"{keyspace}.window_top", WINDOW_COLUMNS, "(window_kind, window_start), score, movie_id",
               "score DESC, movie_id ASC", ttl),
        _table(f"{keyspace}.predictions", PREDICTION_COLUMNS,
               "(movie_id), target_window_start, window_kind, model", "target_window_start DESC", ttl),
        _table(f"{keyspace}.predictions_by_hour", hour_columns,
               "(hour), target_window_start, movie_id, window_kind, model", "target_window_start DESC", ttl),
        _table(f"{keyspace}.time_index", {"series": "text", "ts": "time"}, "(series), ts", "ts DESC", ttl),
    ]


def _queries(ks: str) -> dict[str, str]:
    """Every statement the store prepares, on keyspace-qualified tables."""
    key = "movie_id = ? AND window_kind = ? AND window_start"
    top_key = "window_kind = ? AND window_start = ?"
    return {
        "history_insert": _insert(f"{ks}.window_history", WINDOW_COLUMNS),
        "history_range": f"SELECT * FROM {ks}.window_history WHERE {key} >= ? AND window_start < ? LIMIT ?",
        "top_insert": _insert(f"{ks}.window_top", WINDOW_COLUMNS),
        "top_delete": f"DELETE FROM {ks}.window_top WHERE {top_key} AND score = ? AND movie_id = ?",
        "top_select": f"SELECT * FROM {ks}.window_top WHERE {top_key} LIMIT ?",
        "top_scores": f"SELECT movie_id, score FROM {ks}.window_top WHERE {top_key}",
        "index_insert": f"INSERT INTO {ks}.time_index (series, ts) VALUES (?, ?)",
        "index_latest": f"SELECT ts FROM {ks}.time_index WHERE series = ? LIMIT 1",
        "index_at": f"SELECT ts FROM {ks}.time_index WHERE series = ? AND ts <= ? LIMIT 1",
        "index_all": f"SELECT ts FROM {ks}.time_index WHERE series = ? LIMIT {MAX_LIMIT}",
        "prediction_insert": _insert(f"{ks}.predictions", PREDICTION_COLUMNS),
        "hour_insert": _insert(f"{ks}.predictions_by_hour", ["hour", *PREDICTION_COLUMNS]),
        "prediction_select": f"SELECT * FROM {ks}.predictions WHERE movie_id = ? LIMIT ?",
        "hour_select": f"SELECT * FROM {ks}.predictions_by_hour WHERE hour = ? LIMIT ?",
    }


class CqlStore:
    """The :class:`~trendscope.storage.base.TrendStore` on a Cassandra-compatible cluster."""

    backend = "cql"

    def __init__(self, hosts: Sequence[str], keyspace: str = "trendscope",
                 replication: dict[str, Any] | None = None, ttl_seconds: int = 0,
                 max_concurrency: int = 64) -> None:
        self.contact_points, self.port = parse_hosts(hosts)
        self.keyspace = keyspace
        self.replication = replication or {"class": "SimpleStrategy", "replication_factor": 1}
        self.ttl_seconds = ttl_seconds
        self._limit = asyncio.Semaphore(max_concurrency)
        self._cluster: Cluster | None = None
        self._session: Session | None = None
        self._ps: dict[str, PreparedStatement] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> CqlStore:
        store = settings.store
        return cls(store.cql_hosts, store.keyspace, store.replication, store.ttl_seconds,
                   store.max_concurrency)

    async def init(self) -> None:
        await asyncio.to_thread(self._init)

    def _init(self) -> None:
        """Connect, create the schema, prepare every statement (blocking; once at start)."""
        profile = ExecutionProfile(row_factory=dict_factory,
                                   load_balancing_policy=TokenAwarePolicy(DCAwareRoundRobinPolicy()))
        cluster = Cluster(contact_points=self.contact_points, port=self.port,
                          execution_profiles={EXEC_PROFILE_DEFAULT: profile},
                          reconnection_policy=ExponentialReconnectionPolicy(0.5, 10.0))
        try:
            session = cluster.connect()
            for statement in schema(self.keyspace, self.replication, self.ttl_seconds):
                session.execute(statement, timeout=60)
            self._ps = {name: session.prepare(cql) for name, cql in _queries(self.keyspace).items()}
        except Exception:
            cluster.shutdown()
            raise
        self._cluster, self._session = cluster, session

    async def _run(self, statement: Any, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Execute with the driver's execute_async, at most ``max_concurrency`` in flight."""
        if self._session is None:
            raise RuntimeError("CqlStore used before init()")
        async with self._limit:
            return await _wrap(self._session.execute_async(statement, params))

    async def _all(self, calls: Iterable[Awaitable[T]]) -> list[T]:
        """Await every call, then raise the first failure (no write left running behind a retry)."""
        results = await asyncio.gather(*calls, return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result
        return results

    async def write_windows(self, windows: Iterable[WindowResult]) -> int:
        rows = final_windows(windows)
        parts = sorted({(w.window_kind, _ms(w.window_start)) for w in rows})
        found = await self._all(self._run(self._ps["top_scores"], part) for part in parts)
        scores: dict[tuple[Any, ...], list[float]] = defaultdict(list)
        for (kind, start), part_rows in zip(parts, found, strict=True):
            for row in part_rows:
                scores[row["movie_id"], kind, start].append(row["score"])
        await self._all(self._write_window(w, scores) for w in rows)
        await self._all(self._run(self._ps["index_insert"], (f"window:{k}", start)) for k, start in parts)
        return len(rows)

    async def _write_window(self, window: WindowResult, scores: dict[tuple[Any, ...], list[float]]) -> None:
        values = _values(window, WINDOW_COLUMNS)
        movie, kind, start = values[:3]
        stale = [s for s in scores.get((movie, kind, start), ()) if s != window.score]
        if stale:
            batch = BatchStatement(batch_type=BatchType.UNLOGGED)  # one partition: atomic
            for score in stale:
                batch.add(self._ps["top_delete"], (kind, start, score, movie))
            batch.add(self._ps["top_insert"], values)
            top = self._run(batch)
        else:
            top = self._run(self._ps["top_insert"], values)
        await self._all((top, self._run(self._ps["history_insert"], values)))

    async def write_predictions(self, predictions: Iterable[Prediction]) -> int:
        rows = unique_predictions(predictions)
        hours = {_ms(p.target_window_start // HOUR * HOUR) for p in rows}
        await self._all(self._write_prediction(p) for p in rows)
        await self._all(self._run(self._ps["index_insert"], ("prediction_hour", h)) for h in hours)
        return len(rows)

    async def _write_prediction(self, prediction: Prediction) -> None:
        values = _values(prediction, PREDICTION_COLUMNS)
        hour = _ms(prediction.target_window_start // HOUR * HOUR)
        await self._all((self._run(self._ps["prediction_insert"], values),
                         self._run(self._ps["hour_insert"], [hour, *values])))

    async def top(self, window_kind: str, at: float | None = None, limit: int = 20) -> list[WindowResult]:
        check_limit(limit)
        series = f"window:{window_kind}"
        found = await (self._run(self._ps["index_latest"], (series,)) if at is None
                       else self._run(self._ps["index_at"], (series, _ms(at))))
        if not found:
            return []
        rows = await self._run(self._ps["top_select"], (window_kind, found[0]["ts"], limit))
        return [WindowResult(**_record(r, WINDOW_COLUMNS)) for r in rows]

    async def history(self, movie_id: int, window_kind: str, from_: float | None = None,
                      to: float | None = None, limit: int = MAX_LIMIT) -> list[WindowResult]:
        low = -FOREVER_MS if from_ is None else _ms(from_)
        high = FOREVER_MS if to is None else _ms(to)
        rows = await self._run(self._ps["history_range"],
                               (movie_id, window_kind, low, high, check_limit(limit)))
        return [WindowResult(**_record(r, WINDOW_COLUMNS)) for r in rows]

    async def predictions(self, movie_id: int | None = None, limit: int = 100) -> list[Prediction]:
        check_limit(limit)
        if movie_id is not None:
            rows = await self._run(self._ps["prediction_select"], (movie_id, limit))
        else:
            rows = []
            for hour in await self._run(self._ps["index_all"], ("prediction_hour",)):
                rows += await self._run(self._ps["hour_select"], (hour["ts"], limit - len(rows)))
                if len(rows) >= limit:
                    break
        return [Prediction(**_record(r, PREDICTION_COLUMNS)) for r in rows]

    async def close(self) -> None:
        if self._cluster is not None:
            await asyncio.to_thread(self._cluster.shutdown)
            self._cluster = self._session = None


def _wrap(future: ResponseFuture) -> asyncio.Future[list[dict[str, Any]]]:
    """An asyncio future for all pages of a driver future (callbacks run on the driver's thread)."""
    loop = asyncio.get_running_loop()
    result: asyncio.Future[list[dict[str, Any]]] = loop.create_future()
    rows: list[dict[str, Any]] = []

    def settle(value: Any, failed: bool) -> None:
        if result.done():
            return
        if failed:
            result.set_exception(value)
        else:
            result.set_result(value)

    def on_page(page: Any) -> None:
        rows.extend(page or ())
        if future.has_more_pages:
            future.start_fetching_next_page()
        else:
            loop.call_soon_threadsafe(settle, rows, False)

    future.add_callbacks(on_page, lambda exc: loop.call_soon_threadsafe(settle, exc, True))
    return result
