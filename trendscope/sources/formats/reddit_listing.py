"""Raw Reddit API listings (``/comments``, ``/hot``, a submission with its comment tree).

The document may be wrapped as ``{"_source": {...}, "body": ...}`` (body a dict or its JSON
text). Things are walked depth-first through ``replies``; ``t1`` -> RedditComment, ``t3`` ->
RedditSubmission, ``more`` placeholders are skipped, other kinds are Rejected. A comment
without ``link_title`` takes the title of its submission when that is in the same document.

Reddit lists newest first; since the document is loaded whole anyway, records are yielded
sorted by event time (Rejected first). ``Rejected.line`` is the thing's 1-based position
in the walk, 0 for the document itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from operator import attrgetter
from pathlib import Path
from typing import Any

import orjson

from trendscope.sources.formats.files import open_binary, unwrap
from trendscope.sources.formats.reddit import CommentIds, comment_record, submission_record
from trendscope.sources.records import ParsedItem, Rejected, SourceRecord
from trendscope.validation import InvalidEvent

_COMMENT_FIELDS = ("id", "subreddit", "body", "created_utc", "link_id", "parent_id", "author", "score")
_SUBMISSION_FIELDS = ("id", "subreddit", "title", "created_utc", "author", "score")


def read_reddit_listing(path: Path) -> Iterator[ParsedItem]:
    """Rejected things, then the records of the document in event-time order."""
    with open_binary(path) as handle:
        data = handle.read()
    try:
        body, _ = unwrap(data)
    except InvalidEvent as exc:
        yield Rejected(str(path), 0, exc, data)
        return
    things = list(_walk(body))
    titles = {t["data"].get("id"): t["data"].get("title") for t in things if _kind(t) == "t3"}
    ids = CommentIds()
    records = []
    for position, thing in enumerate(things, 1):
        try:
            records.append(_record(thing, titles, ids))
        except InvalidEvent as exc:
            yield Rejected(str(path), position, exc, orjson.dumps(thing))
    yield from sorted(records, key=attrgetter("event_time"))


def _walk(node: Any) -> Iterator[Any]:
    """Things in document order, replies after their parent; ``more`` placeholders dropped."""
    if isinstance(node, list):
        for child in node:
            yield from _walk(child)
    elif _kind(node) == "Listing" and isinstance(node.get("data"), dict):
        yield from _walk(node["data"].get("children") or [])
    elif _kind(node) != "more":
        yield node
        data = node.get("data") if isinstance(node, dict) else None
        if isinstance(data, dict) and isinstance(data.get("replies"), dict):
            yield from _walk(data["replies"])


def _kind(node: Any) -> Any:
    return node.get("kind") if isinstance(node, dict) else None


def _record(thing: Any, titles: dict[Any, Any], ids: CommentIds) -> SourceRecord:
    kind = _kind(thing)
    data = thing.get("data") if isinstance(thing, dict) else None
    if kind not in ("t1", "t3") or not isinstance(data, dict):
        raise InvalidEvent("bad_format", f"not a comment (t1) or submission (t3) thing: kind {kind!r}")
    if kind == "t3":
        return submission_record({name: data.get(name) for name in _SUBMISSION_FIELDS})
    fields = {name: data.get(name) for name in _COMMENT_FIELDS}
    thread = str(data.get("link_id")).removeprefix("t3_")
    fields["submission_title"] = data.get("link_title") or titles.get(thread)
    return comment_record(fields, ids)
