"""JSON lines: Faust-serialized records (``"__faust": {"ns": ...}``) or plain comment objects.

Each record goes to its model's topic with the record's own time field as event time;
plain objects without ``__faust`` are comments. Comments without an id get a derived one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from trendscope.models import MovieSnapshot
from trendscope.sources.formats.files import read_lines
from trendscope.sources.formats.reddit import CommentIds, comment_record, submission_record
from trendscope.sources.formats.typed import record_from_dict
from trendscope.sources.records import ParsedItem, SourceRecord
from trendscope.topics import TMDB_MOVIES
from trendscope.validation import InvalidEvent

COMMENT_NS = "trendscope.RedditComment"
SUBMISSION_NS = "trendscope.RedditSubmission"
SNAPSHOT_NS = "trendscope.MovieSnapshot"


def read_jsonl(path: Path) -> Iterator[ParsedItem]:
    """A SourceRecord per valid line and a Rejected per bad one, in file order."""
    ids = CommentIds()
    return read_lines(path, lambda data: _record(data, ids))


def _record(data: dict[str, Any], ids: CommentIds) -> SourceRecord:
    envelope = data.get("__faust")
    if envelope is None:
        return comment_record(data, ids)
    ns = envelope.get("ns") if isinstance(envelope, dict) else None
    if ns == COMMENT_NS:
        return comment_record(data, ids)
    if ns == SUBMISSION_NS:
        return submission_record(data)
    if ns == SNAPSHOT_NS:
        snapshot = record_from_dict(MovieSnapshot, data)
        return SourceRecord(TMDB_MOVIES.name, str(snapshot.movie_id), snapshot, snapshot.fetched_at)
    raise InvalidEvent("unsupported_record", f"no replay topic for record type {ns!r}")
