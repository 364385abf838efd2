"""As-of join of TMDB snapshots (pure, event time): what TMDB said at a window's end.

Per movie, a short history of snapshots sorted by ``fetched_at`` (their event time),
JSON-ready. A window ending at ``end`` takes each movie's latest snapshot at or before
``end`` (:func:`as_of`), not the latest the worker holds. The window's catalog
(:func:`catalog_as_of`) is the movies a TMDB list (trending, popular, ...) showed within
``max_age`` before ``end``, unless their latest snapshot says retired; a ``details``
snapshot (fetched because a comment named the movie) gives popularity and votes but
does not put a movie in the catalog.

Bound: :func:`prune` drops what no window still to close can need (older than the
latest snapshot, and the latest list snapshot, at or before the horizon), and
:func:`add_snapshot` keeps at most ``keep`` entries per movie, a guard for a stalled
watermark (256 is almost a day of 5-minute polls) that drops the oldest first.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from typing import Any, Protocol

DETAILS = "details"  # source_list of /movie/{id} snapshots (trendscope.sources.tmdb.poller)

Entry = dict[str, Any]  # t, title, popularity, vote_average, vote_count, listed, retired


class SnapshotLike(Protocol):
    movie_id: int
    title: str
    fetched_at: float
    source_list: str
    popularity: float | None
    vote_average: float | None
    vote_count: int | None
    retired: bool


def entry(snapshot: SnapshotLike) -> Entry:
    """The fields of a MovieSnapshot the scores use."""
    return {
        "t": snapshot.fetched_at,
        "title": snapshot.title,
        "popularity": snapshot.popularity,
        "vote_average": snapshot.vote_average,
        "vote_count": snapshot.vote_count,
        "listed": snapshot.source_list != DETAILS,
        "retired": snapshot.retired,
    }


def add_snapshot(history: list[Entry], snapshot: SnapshotLike, keep: int = 256) -> None:
    """Insert in ``fetched_at`` order (mutates); an identical redelivered snapshot is ignored."""
    new = entry(snapshot)
    at = bisect_right(history, new["t"], key=_time)
    same_time = at
    while same_time and history[same_time - 1]["t"] == new["t"]:
        same_time -= 1
    if new in history[same_time:at]:
        return
    history.insert(at, new)
    if len(history) > keep:
        del history[: len(history) - keep]


def as_of(history: list[Entry], t: float) -> Entry | None:
    """The latest entry at or before ``t`` (ties: the last added).

    >>> h = [{"t": 10.0, "listed": True}, {"t": 20.0, "listed": False}]
    >>> as_of(h, 9.0), as_of(h, 10.0)["t"], as_of(h, 25.0)["t"]
    (None, 10.0, 20.0)
    """
    at = bisect_right(history, t, key=_time)
    return history[at - 1] if at else None


def catalog_as_of(histories: Mapping[int, list[Entry]], t: float, max_age: float) -> dict[int, Entry]:
    """Movies in the catalog at ``t``, each with its :func:`as_of` entry.

    >>> def e(t, listed, retired=False): return {"t": t, "listed": listed, "retired": retired}
    >>> h = {1: [e(0.0, True), e(50.0, False)], 2: [e(0.0, True), e(5.0, False, True)], 3: [e(40.0, False)]}
    >>> {m: e["t"] for m, e in catalog_as_of(h, 60.0, max_age=100).items()}, catalog_as_of(h, 60.0, 59)
    ({1: 50.0}, {})
    """
    catalog = {}
    for movie_id, history in histories.items():
        at = bisect_right(history, t, key=_time)
        if not at or history[at - 1]["retired"]:
            continue
        listed = next((e["t"] for e in reversed(history[:at]) if e["listed"]), None)
        if listed is not None and t - listed <= max_age:
            catalog[movie_id] = history[at - 1]
    return catalog


def prune(history: list[Entry], horizon: float) -> None:
    """Drop entries no window ending after ``horizon`` can need (mutates).

    >>> h = [{"t": 0.0, "listed": True}, {"t": 5.0, "listed": False}, {"t": 10.0, "listed": False},
    ...      {"t": 20.0, "listed": True}]
    >>> prune(h, 15.0); [e["t"] for e in h]
    [0.0, 10.0, 20.0]
    >>> prune(h, 25.0); [e["t"] for e in h]
    [20.0]
    """
    at = bisect_right(history, horizon, key=_time)
    if not at:
        return
    latest = listed = at - 1
    while listed >= 0 and not history[listed]["listed"]:
        listed -= 1
    history[:] = ([history[listed]] if 0 <= listed < latest else []) + history[latest:]


def _time(e: Entry) -> float:
    return e["t"]
