"""The store interface and what both back ends share: columns, keys and limits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from trendscope.models import Prediction, WindowResult

MAX_LIMIT = 1000

# Column -> kind; each back end maps a kind to its own type. Keys come first.
WINDOW_COLUMNS: dict[str, str] = {
    "movie_id": "int", "window_kind": "text", "window_start": "time", "window_end": "time",
    "mentions": "int", "sentiment_sum": "float", "score": "float", "score_variant": "text",
    "final": "bool", "title": "text", "avg_sentiment": "float", "popularity": "float",
    "popularity_at": "time", "breakdown": "map", "velocity": "float", "momentum": "float",
    "label": "text", "weighted_rating": "float", "schema_version": "int",
}
PREDICTION_COLUMNS: dict[str, str] = {
    "movie_id": "int", "target_window_start": "time", "window_kind": "text", "model": "text",
    "target": "text", "predicted": "float", "model_version": "int", "features_hash": "text",
    "actual": "float", "error": "float", "schema_version": "int",
}


class TrendStore(Protocol):
    """Final windows and predictions, written with idempotent upserts.

    Window key: (movie_id, window_kind, window_start). Prediction key:
    (movie_id, target_window_start, window_kind, model). Writing a key again replaces its row.
    """

    backend: str

    async def init(self) -> None:
        """Connect and create the schema if missing."""

    async def write_windows(self, windows: Iterable[WindowResult]) -> int:
        """Upsert the final windows (provisional ones are skipped); return rows written."""

    async def write_predictions(self, predictions: Iterable[Prediction]) -> int:
        """Upsert predictions; return rows written."""

    async def top(self, window_kind: str, at: float | None = None, limit: int = 20) -> list[WindowResult]:
        """The window of ``window_kind`` starting last at or before ``at`` (None = latest), best first."""

    async def history(self, movie_id: int, window_kind: str, from_: float | None = None,
                      to: float | None = None, limit: int = MAX_LIMIT) -> list[WindowResult]:
        """A movie's windows with ``from_ <= window_start < to``, newest first."""

    async def predictions(self, movie_id: int | None = None, limit: int = 100) -> list[Prediction]:
        """Predictions (of one movie or all), latest target window first."""

    async def close(self) -> None:
        """Release connections and threads."""


def final_windows(windows: Iterable[WindowResult]) -> list[WindowResult]:
    """The final windows, the last one of each key winning (a batch may repeat a key)."""
    latest = {(w.movie_id, w.window_kind, w.window_start): w for w in windows if w.final}
    return list(latest.values())


def unique_predictions(predictions: Iterable[Prediction]) -> list[Prediction]:
    """The last prediction of each key."""
    latest = {(p.movie_id, p.target_window_start, p.window_kind, p.model): p for p in predictions}
    return list(latest.values())


def check_limit(limit: int) -> int:
    """``limit`` if it is in 1..MAX_LIMIT, else ValueError."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    return limit
