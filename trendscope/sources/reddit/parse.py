"""Reddit API JSON -> RedditComment / RedditSubmission (pure). ``created_utc`` is the event time.

A *thing* is ``{"kind": "t1" | "t3" | "more", "data": {...}}``; a listing body is a
``Listing`` or a list of them (a submission page: the submission, then its comment tree).
Authors are kept, hashed or dropped by an :class:`AuthorPolicy`; deleted authors are None.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any, Literal

import orjson

from trendscope.models import RedditComment, RedditSubmission
from trendscope.settings import RedditSettings
from trendscope.validation import _MAX_EVENT_TIME, _MIN_EVENT_TIME, InvalidEvent, comment_from_dict

RedditRecord = RedditComment | RedditSubmission
AuthorMode = Literal["keep", "hash", "drop"]
_DELETED_AUTHORS = frozenset({"[deleted]", "[removed]"})


@dataclass(frozen=True)
class AuthorPolicy:
    """``keep`` the name, ``hash`` it (HMAC-SHA256 keyed by ``salt``, hex) or ``drop`` it."""

    mode: AuthorMode = "drop"
    salt: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if self.mode not in ("keep", "hash", "drop"):
            raise ValueError(f"author mode must be keep, hash or drop, got {self.mode!r}")
        if self.mode == "hash" and not self.salt:
            raise ValueError("hashing authors needs a non-empty salt")

    def apply(self, author: Any) -> str | None:
        """The author as stored; None when dropped, absent or deleted."""
        if author is not None and not isinstance(author, str):
            raise InvalidEvent("bad_type", f"author must be str, got {type(author).__name__}")
        if not author or author in _DELETED_AUTHORS or self.mode == "drop":
            return None
        if self.mode == "keep":
            return author
        return hmac.new(self.salt.encode(), author.encode(), hashlib.sha256).hexdigest()


DROP_AUTHORS = AuthorPolicy()


def author_policy(settings: RedditSettings) -> AuthorPolicy:
    """The author policy configured in ``settings`` (mode and salt)."""
    salt = settings.author_salt.get_secret_value() if settings.author_salt else ""
    return AuthorPolicy(settings.author_mode, salt)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Rejection:
    """A thing that is not a valid record: its fullname when it has one, and why."""

    name: str | None
    error: InvalidEvent
    thing: Any


@dataclass(frozen=True)
class ParsedListing:
    """Records in API order (replies after their parent), rejections, hidden ``more`` count."""

    records: list[RedditRecord]
    rejected: list[Rejection]
    more: int
    after: str | None


def fullname(record: RedditRecord) -> str:
    """``t1_<id>`` for a comment, ``t3_<id>`` for a submission."""
    return ("t1_" if isinstance(record, RedditComment) else "t3_") + record.id


def comment_from_data(
    data: Any, *, authors: AuthorPolicy = DROP_AUTHORS, submission_title: str | None = None
) -> RedditComment:
    """A ``t1`` data dict as a comment; ``link_title`` (listings carry it) wins over ``submission_title``."""
    if not isinstance(data, dict):
        raise InvalidEvent("bad_type", f"comment data must be an object, got {type(data).__name__}")
    link_id = data.get("link_id")
    if link_id is not None and not (isinstance(link_id, str) and link_id.startswith("t3_")):
        raise InvalidEvent("bad_value", f"link_id must be a t3_ fullname, got {link_id!r}")
    return comment_from_dict({
        "id": data.get("id"),
        "subreddit": data.get("subreddit"),
        "body": data.get("body"),
        "created_utc": data.get("created_utc"),
        "link_id": link_id,
        "parent_id": data.get("parent_id"),
        "author": authors.apply(data.get("author")),
        "score": data.get("score"),
        "submission_title": data.get("link_title") or submission_title,
    })


def submission_from_data(data: Any, *, authors: AuthorPolicy = DROP_AUTHORS) -> RedditSubmission:
    """A ``t3`` data dict as a submission."""
    if not isinstance(data, dict):
        raise InvalidEvent("bad_type", f"submission data must be an object, got {type(data).__name__}")
    for name in ("id", "subreddit", "title"):
        if not isinstance(data.get(name), str) or not data[name]:
            raise InvalidEvent("missing_field", f"submission {name} must be a non-empty string")
    created = data.get("created_utc")
    if isinstance(created, bool) or not isinstance(created, int | float):
        raise InvalidEvent("bad_type", f"created_utc must be a number, got {type(created).__name__}")
    if not _MIN_EVENT_TIME <= created <= _MAX_EVENT_TIME:
        raise InvalidEvent("bad_value", f"created_utc {created} is not a plausible epoch time")
    score = data.get("score")
    if score is not None and (isinstance(score, bool) or not isinstance(score, int)):
        raise InvalidEvent("bad_type", f"score must be int, got {type(score).__name__}")
    return RedditSubmission(
        id=data["id"],
        subreddit=data["subreddit"],
        title=data["title"],
        created_utc=float(created),
        author=authors.apply(data.get("author")),
        score=score,
    )


def parse_thing(
    thing: Any, *, authors: AuthorPolicy = DROP_AUTHORS, submission_title: str | None = None
) -> RedditRecord:
    """A ``t1`` or ``t3`` thing as a record; anything else raises :class:`InvalidEvent`."""
    kind = thing.get("kind") if isinstance(thing, dict) else None
    if kind == "t1":
        return comment_from_data(thing.get("data"), authors=authors, submission_title=submission_title)
    if kind == "t3":
        return submission_from_data(thing.get("data"), authors=authors)
    raise InvalidEvent("unsupported_kind", f"thing kind {kind!r} is neither t1 nor t3")


def parse_listing(body: Any, *, authors: AuthorPolicy = DROP_AUTHORS) -> ParsedListing:
    """Every thing of a listing body, nested replies included; ``more`` stubs are only counted.

    A comment without ``link_title`` takes the title of its submission when the body holds it.
    A body that is not a listing raises :class:`InvalidEvent` (``bad_format``).
    """
    things: list[Any] = []
    for listing in body if isinstance(body, list) else [body]:
        _walk(listing, things)
    titles = {
        f"t3_{d.get('id')}": d.get("title") for d in (_data(t) for t in things if _kind(t) == "t3")
    }
    records: list[RedditRecord] = []
    rejected: list[Rejection] = []
    more = 0
    for thing in things:
        if _kind(thing) == "more":
            count = _data(thing).get("count")
            more += count if isinstance(count, int) and not isinstance(count, bool) else 0
            continue
        link_id = _data(thing).get("link_id")
        title = titles.get(link_id) if isinstance(link_id, str) else None
        try:
            records.append(parse_thing(thing, authors=authors, submission_title=title))
        except InvalidEvent as exc:
            rejected.append(Rejection(_name(thing), exc, thing))
    after = body["data"].get("after") if isinstance(body, dict) else None
    return ParsedListing(records, rejected, more, after if isinstance(after, str) else None)


def unwrap_recorded(data: bytes) -> tuple[Any, dict[str, Any]]:
    """A recorded response ``{"_source": {...}, "body": ...}`` as (body, source); bare JSON as (it, {}).

    ``body`` may be the JSON itself or its text.
    """
    try:
        document = orjson.loads(data)
        if isinstance(document, dict) and "_source" in document and "body" in document:
            source = document["_source"]
            if not isinstance(source, dict):
                raise InvalidEvent("bad_format", "_source must be an object")
            body = document["body"]
            return (orjson.loads(body) if isinstance(body, str) else body), source
    except orjson.JSONDecodeError as exc:
        raise InvalidEvent("decode", f"not JSON: {exc}") from None
    return document, {}


def _walk(listing: Any, out: list[Any]) -> None:
    if not (isinstance(listing, dict) and listing.get("kind") == "Listing"):
        raise InvalidEvent("bad_format", "expected a Listing")
    children = _data(listing).get("children")
    if not isinstance(children, list):
        raise InvalidEvent("bad_format", "Listing has no children list")
    for thing in children:
        out.append(thing)
        replies = _data(thing).get("replies")
        if isinstance(replies, dict):  # "" when a comment has no replies
            _walk(replies, out)


def _kind(thing: Any) -> Any:
    return thing.get("kind") if isinstance(thing, dict) else None


def _data(thing: Any) -> dict[str, Any]:
    data = thing.get("data") if isinstance(thing, dict) else None
    return data if isinstance(data, dict) else {}


def _name(thing: Any) -> str | None:
    data, kind = _data(thing), _kind(thing)
    if isinstance(data.get("name"), str) and data["name"]:
        return data["name"]
    if isinstance(kind, str) and isinstance(data.get("id"), str) and data["id"]:
        return f"{kind}_{data['id']}"
    return None
