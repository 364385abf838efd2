"""Derived ids for comments that have none.

Raw Reddit data (API things, Pushshift lines) is parsed by ``trendscope.sources.reddit.parse``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from trendscope.sources.comments_csv import derived_comment_id


class CommentIds:
    """Stable derived ids, as ``comments_csv`` derives them.

    The hash covers thread (``link_id`` without ``t3_``), time, body and the occurrence
    number of that triple in the file, so a file replayed twice yields the same ids.
    """

    def __init__(self) -> None:
        self._seen: Counter[tuple[str, str, str]] = Counter()

    def fill(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """``data`` with a derived ``id`` and ``id_derived`` when its id is missing or empty."""
        if data.get("id"):
            return dict(data)
        thread = str(data.get("link_id") or "").removeprefix("t3_")
        created = _time_text(data.get("created_utc"))
        body = str(data.get("body") or "")
        occurrence = self._seen[thread, created, body]
        self._seen[thread, created, body] += 1
        return {**data, "id": derived_comment_id(thread, created, body, occurrence), "id_derived": True}


def _time_text(value: Any) -> str:
    """``created_utc`` as text, the same for 1690000000, 1690000000.0 and "1690000000"."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return str(int(number)) if number.is_integer() else repr(number)
