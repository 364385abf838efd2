"""Per-movie window results (TrendScore and its breakdown)."""

from __future__ import annotations

import faust


class WindowResult(faust.Record, serializer="json", namespace="trendscope.WindowResult"):
    """One movie in one event-time window; ``final`` once the watermark passed its end."""

    movie_id: int
    window_kind: str
    window_start: float
    window_end: float
    mentions: int
    sentiment_sum: float
    score: float
    score_variant: str
    final: bool
    title: str | None = None
    avg_sentiment: float | None = None
    popularity: float | None = None
    popularity_at: float | None = None
    breakdown: dict[str, float] | None = None
    velocity: float | None = None
    momentum: float | None = None
    label: str | None = None
    weighted_rating: float | None = None
    schema_version: int = 1
