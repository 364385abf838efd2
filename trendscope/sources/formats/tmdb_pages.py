"""Raw TMDB responses: a list page (``page``/``results``) or a ``/movie/{id}`` details body.

The document may be wrapped as ``{"_source": {...}, "body": ...}``. ``fetched_at`` (the
event time of every snapshot in the file) is, in order of preference:

1. the wrapper's recorded time, ``_source.fetched_at`` or ``_source.recorded_at``
   (epoch seconds or ISO 8601; a time without offset is UTC) - when it was really fetched;
2. the ``fetched_at`` argument - the caller knows better than the file system;
3. the file's mtime - a last resort: copying the file changes it.

``source_list`` comes from the file name: ``movie-popular.json`` -> ``popular``,
``movie-now-playing.json`` -> ``now_playing`` (leading letters and hyphens, ``movie-``
dropped). ``Rejected.line`` is the movie's 1-based position in ``results``, 0 for the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from trendscope.sources.formats.files import open_binary
from trendscope.sources.records import ParsedItem, Rejected, SourceRecord
from trendscope.sources.reddit.parse import unwrap_recorded
from trendscope.sources.tmdb.parse import snapshot_from_movie
from trendscope.topics import TMDB_MOVIES
from trendscope.validation import InvalidEvent


def read_tmdb_pages(path: Path, fetched_at: float | None = None) -> Iterator[ParsedItem]:
    """A snapshot per movie of the page (or the one details body), all at one ``fetched_at``."""
    with open_binary(path) as handle:
        data = handle.read()
    try:
        body, source = unwrap_recorded(data)
        when = _fetched_at(path, source, fetched_at)
    except InvalidEvent as exc:
        yield Rejected(str(path), 0, exc, data)
        return
    list_name = source_list_for(path)
    is_page = isinstance(body, dict) and "page" in body and isinstance(body.get("results"), list)
    for position, movie in enumerate(body["results"] if is_page else [body], 1):
        try:
            if not isinstance(movie, dict):
                raise InvalidEvent("bad_format", f"expected a TMDB movie object, got {type(movie).__name__}")
            snapshot = snapshot_from_movie(movie, list_name, when)
        except InvalidEvent as exc:
            yield Rejected(str(path), position, exc, orjson.dumps(movie))
            continue
        yield SourceRecord(TMDB_MOVIES.name, str(snapshot.movie_id), snapshot, snapshot.fetched_at)


def source_list_for(path: Path) -> str:
    """The TMDB list a file name stands for (``movie-top-rated.json`` -> ``top_rated``)."""
    match = re.match(r"[a-z]+(?:-[a-z]+)*", path.name.lower())
    name = match.group(0).removeprefix("movie-") if match else ""
    return name.replace("-", "_") or "unknown"


def _fetched_at(path: Path, source: dict[str, Any], fetched_at: float | None) -> float:
    value = source.get("fetched_at") or source.get("recorded_at")
    if value is None:
        return path.stat().st_mtime if fetched_at is None else fetched_at
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise InvalidEvent("bad_value", f"_source recorded time {value!r} is not ISO 8601") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
