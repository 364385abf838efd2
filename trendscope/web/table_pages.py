"""Paging through table contents as JSON-ready rows (pure; the views feed it store items)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from trendscope.timeparse import iso

MAX_LIMIT = 1000


class BadQuery(ValueError):
    """A query parameter out of range; the view answers 400 with this message."""


def parse_paging(limit: str | None, offset: str | None, default_limit: int = 100) -> tuple[int, int]:
    """Validate ``limit`` (1..1000) and ``offset`` (>= 0) query parameters."""
    try:
        lim = default_limit if limit is None else int(limit)
        off = 0 if offset is None else int(offset)
    except ValueError:
        raise BadQuery("limit and offset must be integers") from None
    if not 1 <= lim <= MAX_LIMIT:
        raise BadQuery(f"limit must be between 1 and {MAX_LIMIT}")
    if off < 0:
        raise BadQuery("offset must be >= 0")
    return lim, off


def row(key: Any, value: Any) -> dict[str, Any]:
    """One table entry as JSON; windowed keys ``(key, (start, end))`` get their window spelled out."""
    out: dict[str, Any]
    if _is_windowed_key(key):
        inner, (start, end) = key
        out = {"key": _plain(inner), "window": {
            "start": start, "end": end, "start_iso": iso(start), "end_iso": iso(end)}}
    else:
        out = {"key": _plain(key)}
    out["value"] = _plain(value)
    return out


def page(items: Iterable[tuple[Any, Any]], limit: int, offset: int) -> list[dict[str, Any]]:
    """Rows ``offset .. offset+limit`` of ``items``, reading no further than needed."""
    return [row(k, v) for k, v in islice(items, offset, offset + limit)]


def count(keys: Iterator[Any]) -> int:
    return sum(1 for _ in keys)


def _is_windowed_key(key: Any) -> bool:
    return (isinstance(key, (tuple, list)) and len(key) == 2
            and isinstance(key[1], (tuple, list)) and len(key[1]) == 2
            and all(isinstance(x, (int, float)) for x in key[1]))


def _plain(value: Any) -> Any:
    if hasattr(value, "asdict"):
        return value.asdict()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="backslashreplace")
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value
