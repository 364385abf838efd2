"""Which windows are final, each emitted once (pure, event time).

A window is final once the watermark reaches its end (``watermark >= end``); no event
can enter it afterwards, because an event older than the watermark is late as a whole.
Windows close in order of their end, so one number per kind, the last finalized end,
says what has been emitted; it is part of :meth:`Finalizer.state`, persisted with the
watermark. Emit the results first and persist the state after: a crash in between
emits a window again with the same key (sinks upsert), never loses one.

A window is scored if it had data: a mention on this partition (:meth:`Finalizer.open`)
or a comment on any source partition (the markers' ``active`` buckets,
:meth:`Finalizer.note_active`). So every window partition scores the same windows, and
a replay of threads years apart does not score every empty minute in between.

After a restart, call :meth:`Finalizer.open` again for the movies of the restored state
(windows already final are ignored). Expiry of the state is by event time too
(:mod:`trendscope.windows.partition`).

Limit: the persisted ``active`` list holds every bucket ahead of the watermark, so on a
full-speed replay with partitions far apart it grows (one int per active minute).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from typing import Any, NamedTuple

from trendscope.windows.ranges import WindowSpec


class FinalWindow(NamedTuple):
    kind: str
    start: int
    end: int
    movie_ids: frozenset[int]  # movies with a table entry (mentions) here on this partition


class Finalizer:
    """Final windows of one window partition.

    >>> from trendscope.windows.ranges import WindowSpec
    >>> f = Finalizer((WindowSpec("tumbling", 60, 60), WindowSpec("hopping", 120, 60)))
    >>> f.open("tumbling", 60, 550); f.note_active([60, 180])
    >>> [(w.kind, w.start, w.end, sorted(w.movie_ids)) for w in f.advance(185.0)]
    [('tumbling', 60, 120, [550]), ('hopping', 0, 120, []), ('hopping', 60, 180, [])]
    >>> f.advance(185.0), f.state(), f.final_until()
    ([], {'last_end': {'tumbling': 180, 'hopping': 180}, 'active': [180]}, 180)
    """

    def __init__(self, specs: Iterable[WindowSpec], state: dict[str, Any] | None = None) -> None:
        self.specs = {spec.kind: spec for spec in specs}
        self._order = {kind: i for i, kind in enumerate(self.specs)}
        self._last_end: dict[str, int] = dict(state["last_end"]) if state else {}
        # heaps, so an advance touches only what turns final (a fast replay runs far ahead)
        self._active: list[int] = sorted(state["active"]) if state else []
        self._active_set = set(self._active)
        self._pending: dict[tuple[str, int], set[int]] = {}  # (kind, start) -> movie ids
        self._pending_ends: list[tuple[int, str, int]] = []  # (end, kind, start)

    def open(self, kind: str, start: int, movie_id: int) -> None:
        """Note that this movie has state in this window (on first write or restore)."""
        end = self.specs[kind].end(start)
        if end <= self._last_end.get(kind, -math.inf):
            return  # final already
        movies = self._pending.get((kind, start))
        if movies is None:
            movies = self._pending[(kind, start)] = set()
            heapq.heappush(self._pending_ends, (end, kind, start))
        movies.add(movie_id)

    def note_active(self, buckets: Iterable[int]) -> None:
        """Buckets with comments (a marker's ``active``); those already final are ignored."""
        for bucket in buckets:
            if bucket not in self._active_set:
                self._active_set.add(bucket)
                heapq.heappush(self._active, bucket)

    def advance(self, watermark: float) -> list[FinalWindow]:
        """Windows final at ``watermark`` and not returned before, ordered by end."""
        if watermark == -math.inf:
            return []
        candidates = set()
        while self._pending_ends and self._pending_ends[0][0] <= watermark:
            candidates.add(heapq.heappop(self._pending_ends))
        unfinished = set()
        while self._active and self._active[0] < watermark:
            bucket = heapq.heappop(self._active)
            self._active_set.discard(bucket)
            for kind, spec in self.specs.items():
                for start in spec.starts(bucket):
                    end = spec.end(start)
                    if end <= watermark:
                        candidates.add((end, kind, start))
                    else:
                        unfinished.add(bucket)
        self.note_active(unfinished)
        final = []
        for end, kind, start in sorted(candidates, key=lambda c: (c[0], self._order[c[1]], c[2])):
            movies = frozenset(self._pending.pop((kind, start), ()))
            if end > self._last_end.get(kind, -math.inf):  # else emitted before (a restart)
                final.append(FinalWindow(kind, start, end, movies))
        for kind, spec in self.specs.items():
            self._last_end[kind] = int(watermark // spec.step) * spec.step
        return final

    def final_until(self) -> float:
        """Every window of every kind ending at or before this is final (``-inf`` before any)."""
        return min(self._last_end.values()) if len(self._last_end) == len(self.specs) else -math.inf

    def state(self) -> dict[str, Any]:
        """JSON-ready state to persist beside the watermark (the index is rebuilt by ``open``)."""
        return {"last_end": dict(self._last_end), "active": sorted(self._active_set)}
