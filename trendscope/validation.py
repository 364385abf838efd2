"""Decoding and validating raw topic payloads into records, and dead letters for failures."""

from __future__ import annotations

from typing import Any

import orjson

from trendscope.models import DeadLetter, RedditComment


class InvalidEvent(Exception):
    """A payload that cannot become a record; ``reason`` is a short code for metrics and the DLQ."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


_COMMENT_REQUIRED: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "subreddit": (str,),
    "body": (str,),
    "created_utc": (int, float),
}
_COMMENT_OPTIONAL: dict[str, tuple[type, ...]] = {
    "link_id": (str,),
    "parent_id": (str,),
    "author": (str,),
    "score": (int,),
    "submission_title": (str,),
    "id_derived": (bool,),
    "schema_version": (int,),
}
# Reddit started in 2005; anything before is not a real created_utc. Upper bound: year 2100.
_MIN_EVENT_TIME = 1_104_537_600.0
_MAX_EVENT_TIME = 4_102_444_800.0


def decode_json_object(payload: bytes | None) -> dict[str, Any]:
    """Parse a JSON object or raise ``InvalidEvent('decode', ...)``."""
    if payload is None:
        raise InvalidEvent("decode", "empty payload (tombstone)")
    try:
        data = orjson.loads(payload)
    except orjson.JSONDecodeError as exc:
        raise InvalidEvent("decode", f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InvalidEvent("decode", f"expected a JSON object, got {type(data).__name__}")
    return data


def parse_comment(payload: bytes | None) -> RedditComment:
    """Decode and validate a ``reddit.comments`` payload."""
    return comment_from_dict(decode_json_object(payload))


def comment_from_dict(data: dict[str, Any]) -> RedditComment:
    """Validate comment fields (types, required keys, plausible ``created_utc``)."""
    fields = {}
    for name, types in _COMMENT_REQUIRED.items():
        if data.get(name) is None:
            raise InvalidEvent("missing_field", f"{name} is required")
        fields[name] = _typed(data, name, types)
    for name, types in _COMMENT_OPTIONAL.items():
        if data.get(name) is not None:
            fields[name] = _typed(data, name, types)
    created = float(fields["created_utc"])
    if not _MIN_EVENT_TIME <= created <= _MAX_EVENT_TIME:
        raise InvalidEvent("bad_value", f"created_utc {created} is not a plausible epoch time")
    fields["created_utc"] = created
    if not fields["id"]:
        raise InvalidEvent("bad_value", "id is empty")
    return RedditComment(**fields)


def _typed(data: dict[str, Any], name: str, types: tuple[type, ...]) -> Any:
    value = data[name]
    # bool is an int subclass: never accept it where a number is meant
    if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
        allowed = " or ".join(t.__name__ for t in types)
        raise InvalidEvent("bad_type", f"{name} must be {allowed}, got {type(value).__name__}")
    return value


def dead_letter(
    *,
    topic: str,
    partition: int,
    offset: int,
    payload: bytes | None,
    error: InvalidEvent,
    max_bytes: int,
    failed_at: float,
) -> DeadLetter:
    """A DeadLetter for ``payload``, cut to ``max_bytes`` (undecodable bytes escaped)."""
    raw = payload or b""
    cut = raw[:max_bytes]
    return DeadLetter(
        source_topic=topic,
        partition=partition,
        offset=offset,
        reason=error.reason,
        detail=error.detail,
        payload=cut.decode("utf-8", errors="backslashreplace"),
        payload_size=len(raw),
        truncated=len(raw) > max_bytes,
        failed_at=failed_at,
    )
