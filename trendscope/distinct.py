"""Counting distinct events, so that a redelivered event is never counted twice (pure).

Faust delivers at least once: a restart or rebalance can hand a worker events it has
already processed (seen here: after a restore from the changelog, Faust resumes stream
partitions before it seeks them to their committed offsets, and the events fetched in
between are processed again). A window therefore keeps the ids it counted, in the same
table value as the count, so both change in one write.
"""

from __future__ import annotations

from typing import TypedDict


class DistinctCount(TypedDict):
    count: int
    ids: list[str]


def empty() -> DistinctCount:
    return {"count": 0, "ids": []}


def add(state: DistinctCount | None, event_id: str) -> tuple[DistinctCount, bool]:
    """``state`` with ``event_id`` counted once; the flag says whether it was new.

    >>> s, new = add(None, "a"); s, again = add(s, "a"); s, _ = add(s, "b")
    >>> (s["count"], new, again)
    (2, True, False)
    """
    state = state or empty()
    if event_id in state["ids"]:
        return state, False
    return {"count": state["count"] + 1, "ids": [*state["ids"], event_id]}, True
