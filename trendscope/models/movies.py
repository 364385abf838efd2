"""TMDB payloads."""

from __future__ import annotations

import faust


class MovieSnapshot(faust.Record, serializer="json", namespace="trendscope.MovieSnapshot"):
    """A movie as TMDB listed it at ``fetched_at`` (epoch seconds, the event time)."""

    movie_id: int
    title: str
    fetched_at: float
    source_list: str
    original_title: str | None = None
    release_date: str | None = None
    popularity: float | None = None
    vote_average: float | None = None
    vote_count: int | None = None
    genre_ids: list[int] | None = None
    retired: bool = False
    schema_version: int = 1
