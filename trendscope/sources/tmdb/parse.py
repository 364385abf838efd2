"""TMDB API JSON -> MovieSnapshot records (pure). ``fetched_at`` is the event time."""

from __future__ import annotations

from typing import Any

from trendscope.models import MovieSnapshot
from trendscope.validation import InvalidEvent


def snapshot_from_movie(movie: dict[str, Any], source_list: str, fetched_at: float) -> MovieSnapshot:
    """One movie object (a list result or a ``/movie/{id}`` body) as a snapshot."""
    movie_id = movie.get("id")
    if not isinstance(movie_id, int) or isinstance(movie_id, bool) or movie_id <= 0:
        raise InvalidEvent("bad_value", f"TMDB movie id must be a positive integer, got {movie_id!r}")
    title = movie.get("title") or movie.get("original_title")
    if not isinstance(title, str) or not title:
        raise InvalidEvent("missing_field", f"TMDB movie {movie_id} has no title")
    genre_ids = movie.get("genre_ids")
    if genre_ids is None and isinstance(movie.get("genres"), list):  # details carry genre objects
        genre_ids = [g["id"] for g in movie["genres"] if isinstance(g, dict) and "id" in g]
    return MovieSnapshot(
        movie_id=movie_id,
        title=title,
        fetched_at=float(fetched_at),
        source_list=source_list,
        original_title=movie.get("original_title"),
        release_date=movie.get("release_date") or None,
        popularity=_number(movie.get("popularity")),
        vote_average=_number(movie.get("vote_average")),
        vote_count=_integer(movie.get("vote_count")),
        genre_ids=list(genre_ids) if genre_ids is not None else None,
    )


def snapshots_from_list_page(
    page: dict[str, Any], source_list: str, fetched_at: float
) -> list[MovieSnapshot]:
    """Every movie of a list page (``/movie/popular``, ``/trending/movie/day``, ...)."""
    results = page.get("results")
    if not isinstance(results, list):
        raise InvalidEvent("bad_format", "TMDB list page has no 'results' list")
    return [snapshot_from_movie(movie, source_list, fetched_at) for movie in results]


def _number(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def _integer(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None
