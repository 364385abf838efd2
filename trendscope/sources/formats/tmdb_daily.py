"""The CinData daily TMDB trending series: ``movies_trends.csv`` joined with ``movies.csv``.

``movies_trends.csv`` (id, popularity, revenue, status, vote_average, vote_count,
trend_day) gives one row per movie per day; ``movies.csv`` beside it (the ``/movie/{id}``
details) gives title, original_title, release_date and, if present, ``genres`` (JSON
text). Each row becomes a MovieSnapshot at ``trend_day`` 00:00 UTC, ``source_list``
``trending_day``, with that day's popularity and votes. Revenue and status are not kept.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from trendscope.sources.comments_csv import open_text
from trendscope.sources.records import ParsedItem, Rejected, SourceRecord
from trendscope.sources.tmdb.parse import snapshot_from_movie
from trendscope.topics import TMDB_MOVIES
from trendscope.validation import InvalidEvent

SOURCE_LIST = "trending_day"
TREND_COLUMNS = ("id", "popularity", "vote_average", "vote_count", "trend_day")


def read_tmdb_daily(path: Path, movies: Path | None = None) -> Iterator[ParsedItem]:
    """A SourceRecord per valid trend row and a Rejected per bad one, in file order.

    ``movies`` defaults to ``movies.csv`` in the same folder as ``path``.
    """
    details = _details(movies or path.with_name("movies.csv"))
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in TREND_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise InvalidEvent("bad_format", f"{path}: missing columns {', '.join(missing)}")
        for row in reader:
            try:
                yield _snapshot(row, details)
            except InvalidEvent as exc:
                raw = ",".join(str(v) for v in row.values()).encode()
                yield Rejected(str(path), reader.line_num, exc, raw)


def _details(path: Path) -> dict[str, dict[str, str]]:
    with open_text(path) as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def _snapshot(row: dict[str, str], details: dict[str, dict[str, str]]) -> SourceRecord:
    movie = details.get(row["id"])
    if movie is None:
        raise InvalidEvent("unknown_movie", f"movie {row['id']!r} is not in movies.csv")
    try:
        day = datetime.strptime(row["trend_day"], "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise InvalidEvent("bad_value", f"trend_day {row['trend_day']!r} is not YYYY-MM-DD") from None
    snapshot = snapshot_from_movie({
        "id": _parsed(row, "id", int),
        "title": movie.get("title"),
        "original_title": movie.get("original_title") or None,
        "release_date": movie.get("release_date") or None,
        "popularity": _parsed(row, "popularity", float),
        "vote_average": _parsed(row, "vote_average", float),
        "vote_count": _parsed(row, "vote_count", int),
        "genres": _parsed(movie, "genres", orjson.loads),
    }, SOURCE_LIST, day.timestamp())
    return SourceRecord(TMDB_MOVIES.name, str(snapshot.movie_id), snapshot, snapshot.fetched_at)


def _parsed(row: dict[str, str], name: str, parse: Callable[[str], Any]) -> Any:
    """``parse(row[name])``; None when absent or empty."""
    text = row.get(name)
    if not text:
        return None
    try:
        return parse(text)
    except ValueError:
        raise InvalidEvent("bad_value", f"{name} {text!r} is not valid") from None
