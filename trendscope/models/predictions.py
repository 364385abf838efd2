"""Forecasts of a movie's next window."""

from __future__ import annotations

import faust


class Prediction(faust.Record, serializer="json", namespace="trendscope.Prediction"):
    """A forecast for ``target_window_start``; ``actual``/``error`` filled once it is final."""

    movie_id: int
    window_kind: str
    target_window_start: float
    target: str
    predicted: float
    model: str
    model_version: int
    features_hash: str
    actual: float | None = None
    error: float | None = None
    schema_version: int = 1
