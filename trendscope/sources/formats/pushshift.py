"""Pushshift-style ndjson dumps (``RC_*`` comments, ``RS_*`` submissions), plain, gzip or ``.zst``.

Streamed line by line, never loaded whole. A line with a ``title`` and no ``body`` is a
submission (``reddit.parse.submission_from_data``), anything else a comment. ``created_utc``
may be a number or numeric text (older dumps); comments without an id get a derived one.
Authors go through the ``authors`` policy, as the live poller's do.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from trendscope.sources.formats.files import read_lines
from trendscope.sources.formats.reddit import CommentIds
from trendscope.sources.records import ParsedItem, SourceRecord
from trendscope.sources.reddit.parse import DROP_AUTHORS, AuthorPolicy, submission_from_data
from trendscope.topics import REDDIT_COMMENTS, REDDIT_SUBMISSIONS
from trendscope.validation import InvalidEvent, comment_from_dict


def read_pushshift(path: Path, authors: AuthorPolicy = DROP_AUTHORS) -> Iterator[ParsedItem]:
    """A SourceRecord per valid line and a Rejected per bad one, in file order."""
    ids = CommentIds()
    return read_lines(path, lambda data: _record(data, ids, authors))


def _record(data: dict[str, Any], ids: CommentIds, authors: AuthorPolicy) -> SourceRecord:
    created = data.get("created_utc")
    if isinstance(created, str):
        try:
            data["created_utc"] = float(created)
        except ValueError:
            raise InvalidEvent("bad_value", f"created_utc {created!r} is not a number") from None
    if "title" in data and "body" not in data:
        submission = submission_from_data(data, authors=authors)
        return SourceRecord(REDDIT_SUBMISSIONS.name, submission.id, submission, submission.created_utc)
    # comment_from_data would drop id_derived; Pushshift fields are RedditComment's names
    comment = comment_from_dict({**ids.fill(data), "author": authors.apply(data.get("author"))})
    return SourceRecord(REDDIT_COMMENTS.name, comment.id, comment, comment.created_utc)
