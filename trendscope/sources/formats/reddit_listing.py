"""Raw Reddit API listings (``/comments``, ``/hot``, a submission with its comment tree).

Unwrapping (``{"_source", "body"}``, body a dict or its JSON text) and thing parsing are
``trendscope.sources.reddit.parse``'s, under the ``authors`` policy: ``t1`` ->
RedditComment, ``t3`` -> RedditSubmission, ``more`` stubs skipped, other kinds Rejected.

Reddit lists newest first; since the document is loaded whole anyway, records are yielded
sorted by event time (Rejected first). A document has no lines: ``Rejected.line`` is 0
and ``raw`` the rejected thing (or the whole file if it is not a listing).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson

from trendscope.models import RedditSubmission
from trendscope.sources.formats.files import open_binary
from trendscope.sources.records import ParsedItem, Rejected, SourceRecord
from trendscope.sources.reddit.parse import DROP_AUTHORS, AuthorPolicy, parse_listing, unwrap_recorded
from trendscope.topics import REDDIT_COMMENTS, REDDIT_SUBMISSIONS
from trendscope.validation import InvalidEvent


def read_reddit_listing(path: Path, authors: AuthorPolicy = DROP_AUTHORS) -> Iterator[ParsedItem]:
    """Rejected things, then the records of the document in event-time order."""
    with open_binary(path) as handle:
        data = handle.read()
    try:
        listing = parse_listing(unwrap_recorded(data)[0], authors=authors)
    except InvalidEvent as exc:
        yield Rejected(str(path), 0, exc, data)
        return
    for rejection in listing.rejected:
        yield Rejected(str(path), 0, rejection.error, orjson.dumps(rejection.thing))
    for record in sorted(listing.records, key=lambda r: r.created_utc):
        topic = REDDIT_SUBMISSIONS if isinstance(record, RedditSubmission) else REDDIT_COMMENTS
        yield SourceRecord(topic.name, record.id, record, record.created_utc)
