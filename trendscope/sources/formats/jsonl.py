"""JSON lines: Faust-serialized records (``"__faust": {"ns": ...}``) or plain comment objects.

Each record goes to its model's topic with the record's own time field as event time,
validated against the model's fields. Plain objects without ``__faust`` are comments in
RedditComment's shape; without an id they get a derived one. Authors are kept as they
are: these are TrendScope's own records, already under its author policy.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from trendscope.models import MovieSnapshot, RedditSubmission
from trendscope.sources.formats.files import read_lines
from trendscope.sources.formats.reddit import CommentIds
from trendscope.sources.formats.typed import record_from_dict
from trendscope.sources.records import ParsedItem, SourceRecord
from trendscope.topics import REDDIT_COMMENTS, REDDIT_SUBMISSIONS, TMDB_MOVIES
from trendscope.validation import InvalidEvent, comment_from_dict


def read_jsonl(path: Path) -> Iterator[ParsedItem]:
    """A SourceRecord per valid line and a Rejected per bad one, in file order."""
    ids = CommentIds()
    return read_lines(path, lambda data: _record(data, ids))


def _record(data: dict[str, Any], ids: CommentIds) -> SourceRecord:
    envelope = data.get("__faust", {"ns": "trendscope.RedditComment"})
    ns = envelope.get("ns") if isinstance(envelope, dict) else None
    if ns == "trendscope.RedditComment":
        comment = comment_from_dict(ids.fill(data))
        return SourceRecord(REDDIT_COMMENTS.name, comment.id, comment, comment.created_utc)
    if ns == "trendscope.RedditSubmission":
        submission = record_from_dict(RedditSubmission, data)
        return SourceRecord(REDDIT_SUBMISSIONS.name, submission.id, submission, submission.created_utc)
    if ns == "trendscope.MovieSnapshot":
        snapshot = record_from_dict(MovieSnapshot, data)
        return SourceRecord(TMDB_MOVIES.name, str(snapshot.movie_id), snapshot, snapshot.fetched_at)
    raise InvalidEvent("unsupported_record", f"no replay topic for record type {ns!r}")
