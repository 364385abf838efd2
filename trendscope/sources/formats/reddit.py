"""Reddit comment and submission dicts (API things, Pushshift lines, plain objects) -> records.

A minimal local parser: ``trendscope/sources/reddit/parse.py`` (thing -> record) did not
exist when this was written; merge the two when it lands.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from trendscope.models import RedditSubmission
from trendscope.sources.comments_csv import derived_comment_id
from trendscope.sources.formats.typed import record_from_dict
from trendscope.sources.records import SourceRecord
from trendscope.topics import REDDIT_COMMENTS, REDDIT_SUBMISSIONS
from trendscope.validation import comment_from_dict


class CommentIds:
    """Stable derived ids for comments without one, as ``comments_csv`` derives them.

    The hash covers thread (``link_id`` without ``t3_``), time, body and the occurrence
    number of that triple in the file, so a file replayed twice yields the same ids.
    """

    def __init__(self) -> None:
        self._seen: Counter[tuple[str, str, str]] = Counter()

    def derive(self, data: Mapping[str, Any]) -> str:
        thread = str(data.get("link_id") or "").removeprefix("t3_")
        created = _time_text(data.get("created_utc"))
        body = str(data.get("body") or "")
        occurrence = self._seen[thread, created, body]
        self._seen[thread, created, body] += 1
        return derived_comment_id(thread, created, body, occurrence)


def comment_record(data: Mapping[str, Any], ids: CommentIds) -> SourceRecord:
    """A validated RedditComment for ``reddit.comments``; a missing id is derived (``id_derived``)."""
    if not data.get("id"):
        data = {**data, "id": ids.derive(data), "id_derived": True}
    comment = comment_from_dict(dict(data))
    return SourceRecord(REDDIT_COMMENTS.name, comment.id, comment, comment.created_utc)


def submission_record(data: Mapping[str, Any]) -> SourceRecord:
    """A RedditSubmission (id, subreddit, title, created_utc, author, score) for ``reddit.submissions``."""
    submission = record_from_dict(RedditSubmission, data)
    return SourceRecord(REDDIT_SUBMISSIONS.name, submission.id, submission, submission.created_utc)


def _time_text(value: Any) -> str:
    """``created_utc`` as text, the same for 1690000000, 1690000000.0 and "1690000000"."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return str(int(number)) if number.is_integer() else repr(number)
