"""Trends, movies and predictions over HTTP (read-only, GET only), served by every worker.

Multi-worker deployments: these views read the **store** (final windows and predictions) and
the ``tmdb_catalog`` **global** table, which every worker holds whole, so any worker answers any
movie and no request is routed to another worker (no ``table_route``). With the CQL store the
answers are the same on every worker; the embedded SQLite store is one file per worker and
meant for a single worker. The ``/api/tables`` pages, by contrast, show this worker's
partitions only. Open (provisional) windows are not answered (see :class:`Top`).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable
from typing import Any, TypeVar

from faust import web

from trendscope.agents.sink import store
from trendscope.app import app, settings
from trendscope.storage.base import MAX_LIMIT
from trendscope.tables.catalog import catalog
from trendscope.timeparse import iso
from trendscope.web import params, summary
from trendscope.web.table_pages import BadQuery
from trendscope.windows.ranges import window_specs

T = TypeVar("T")
SPECS = window_specs(settings.windows)
WINDOWS = params.window_names(SPECS)  # accepted names -> stored kind
LABELS = {spec.kind: params.window_label(spec) for spec in SPECS}  # stored kind -> name
PROVISIONAL_NOTE = ("open windows are not served: they live in each worker's partitioned window "
                    "buckets and are scored only when final; rows are final windows")


class StoreUnavailable(Exception):
    """The store is not initialised yet or failed; the view answers 503."""


async def _read(query: Awaitable[T]) -> T:
    try:
        return await query
    except BadQuery:
        raise
    except Exception as exc:  # not yet initialised (RuntimeError) or a driver error
        raise StoreUnavailable(f"store unavailable: {exc}") from exc


_errors: tuple[float, list[dict[str, Any]]] = (float("-inf"), [])
ERRORS_TTL = 5.0  # seconds; forecasts are scored once per window


async def _model_errors() -> list[dict[str, Any]]:
    """Each model's MAE over the latest MAX_LIMIT predictions, recomputed at most every ERRORS_TTL s."""
    global _errors
    if time.monotonic() - _errors[0] > ERRORS_TTL:
        rows = await _read(store.predictions(None, MAX_LIMIT))
        _errors = (time.monotonic(), summary.model_errors(rows, LABELS))
    return _errors[1]


class ApiView(web.View):
    """Turns BadQuery into 400 and an unavailable store into 503, both as ``{"error": ...}``."""

    async def dispatch(self, request: Any) -> Any:
        try:
            return await super().dispatch(request)
        except BadQuery as exc:
            return self.json({"error": str(exc)}, status=400)
        except StoreUnavailable as exc:
            return self.json({"error": str(exc)}, status=503)


@app.page("/api/trends/top")
class TopTrends(ApiView):
    """``?window=5m&at=latest|TIME&limit=20&provisional=false``: the final window of that kind
    starting last at or before ``at``, best first. ``provisional=true`` is accepted and answered
    from final windows only (``provisional.included`` is false, ``reason`` says why)."""

    async def get(self, request: web.Request) -> web.Response:
        q = params.parse_top(request.query, WINDOWS)
        rows = await _read(store.top(q.kind, q.at, q.limit))
        start = rows[0].window_start if rows else None
        return self.json({
            "window": LABELS[q.kind], "window_kind": q.kind, "at": q.at, "limit": q.limit,
            "window_start": start, "window_start_iso": None if start is None else iso(start),
            "provisional": {"requested": q.provisional, "included": False,
                            **({"reason": PROVISIONAL_NOTE} if q.provisional else {})},
            "rows": [summary.window_row(w, LABELS) for w in rows]})


@app.page("/api/movies/{movie_id}")
class Movie(ApiView):
    """Latest TMDB snapshot, last ``limit`` final windows of each kind (newest first, with score
    terms), pending next-window forecasts with each model's current MAE; 404 if unknown."""

    async def get(self, request: web.Request, movie_id: str) -> web.Response:
        movie = params.parse_movie_id(movie_id)
        limit = params.parse_movie(request.query)
        snapshot = catalog.get(str(movie))
        windows = {LABELS[s.kind]: [summary.window_row(w, LABELS)
                                    for w in await _read(store.history(movie, s.kind, limit=limit))]
                   for s in SPECS}
        own = await _read(store.predictions(movie, MAX_LIMIT))
        if snapshot is None and not own and not any(windows.values()):
            return self.json({"error": f"unknown movie {movie}"}, status=404)
        errors = await _model_errors()
        latest = next((rows[0] for rows in windows.values() if rows), None)
        return self.json({
            "movie_id": movie, "snapshot": summary.snapshot_row(snapshot),
            "title": snapshot.title if snapshot else (latest or {}).get("title"),
            "latest": {label: rows[0] if rows else None for label, rows in windows.items()},
            "windows": windows, "predictions": summary.next_predictions(own, errors, LABELS),
            "model_errors": errors})


@app.page("/api/movies/{movie_id}/history")
class MovieHistory(ApiView):
    """``?window=5m&from=TIME&to=TIME&limit=100``: final windows with from <= start < to, newest first."""

    async def get(self, request: web.Request, movie_id: str) -> web.Response:
        movie = params.parse_movie_id(movie_id)
        q = params.parse_history(request.query, WINDOWS)
        rows = await _read(store.history(movie, q.kind, q.from_, q.to, q.limit))
        return self.json({"movie_id": movie, "window": LABELS[q.kind], "from": q.from_, "to": q.to,
                          "limit": q.limit, "rows": [summary.window_row(w, LABELS) for w in rows]})


@app.page("/api/predictions")
class Predictions(ApiView):
    """``?movie_id=N&limit=100``: predictions, latest target first, and each model's MAE over them."""

    async def get(self, request: web.Request) -> web.Response:
        q = params.parse_predictions(request.query)
        rows = await _read(store.predictions(q.movie_id, q.limit))
        return self.json({"movie_id": q.movie_id, "limit": q.limit,
                          "model_errors": summary.model_errors(rows, LABELS),
                          "predictions": [summary.prediction_row(p, LABELS) for p in rows]})
