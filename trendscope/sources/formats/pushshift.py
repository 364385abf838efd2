"""Pushshift-style ndjson dumps (``RC_*`` comments, ``RS_*`` submissions), plain, gzip or ``.zst``.

Streamed line by line, never loaded whole. A line with a ``title`` and no ``body`` is a
submission, anything else a comment. ``created_utc`` may be a number or numeric text
(older dumps); comments without an id get a derived one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from trendscope.sources.formats.files import read_lines
from trendscope.sources.formats.reddit import CommentIds, comment_record, submission_record
from trendscope.sources.records import ParsedItem, SourceRecord
from trendscope.validation import InvalidEvent


def read_pushshift(path: Path) -> Iterator[ParsedItem]:
    """A SourceRecord per valid line and a Rejected per bad one, in file order."""
    ids = CommentIds()
    return read_lines(path, lambda data: _record(data, ids))


def _record(data: dict[str, Any], ids: CommentIds) -> SourceRecord:
    created = data.get("created_utc")
    if isinstance(created, str):
        try:
            data["created_utc"] = float(created)
        except ValueError:
            raise InvalidEvent("bad_value", f"created_utc {created!r} is not a number") from None
    if "title" in data and "body" not in data:
        return submission_record(data)
    return comment_record(data, ids)
