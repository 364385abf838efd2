"""Reading a catalog file: one TMDB movie object per line (id, title, original_title,
release_date, popularity, vote_count, ...)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from trendscope.models import MovieSnapshot


def load_catalog(path: Path) -> list[dict[str, Any]]:
    """The movies of a JSONL catalog; a bad line raises ValueError naming the line."""
    movies = []
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                movie = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON: {exc}") from None
            if not isinstance(movie, dict) or not isinstance(movie.get("id"), int) or not movie.get("title"):
                raise ValueError(f"{path}:{number}: a movie needs an integer id and a title")
            movies.append(movie)
    return movies


def movie_from_snapshot(snapshot: MovieSnapshot) -> dict[str, Any]:
    """A catalog entry (TMDB-shaped) from a MovieSnapshot."""
    return {"id": snapshot.movie_id, "title": snapshot.title, "original_title": snapshot.original_title,
            "release_date": snapshot.release_date, "popularity": snapshot.popularity,
            "vote_count": snapshot.vote_count}
