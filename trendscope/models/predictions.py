"""Forecasts of a movie's next window, and drift events, both on ``trendscope.predictions``."""

from __future__ import annotations

import faust


class Prediction(faust.Record, serializer="json", namespace="trendscope.Prediction"):
    """A forecast for ``target_window_start``; ``actual``/``error`` filled once it is final.

    ``model`` is ``"<target>.<name>"`` (``score.linear``, ``mentions.persistence``): the
    store's key (movie, target window, kind, model) has no target. ``error`` is
    ``predicted - actual``.
    """

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


class ForecastDrift(faust.Record, serializer="json", namespace="trendscope.ForecastDrift"):
    """ADWIN detected a change: in a model's absolute (log) error (``signal = "abs_error"``;
    ``model_version`` is the version after the drift policy acted) or in the mention rate
    (``signal = "mention_rate"``, model ``"<target>.mentions"``). ``event_time``: the window
    start at which it was detected. Not stored; read the topic."""

    model: str
    signal: str
    window_kind: str
    event_time: float
    model_version: int
    schema_version: int = 1
