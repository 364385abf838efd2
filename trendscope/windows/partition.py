"""One window partition (pure): mentions into minute buckets, markers into final results.

State is kept per **bucket**, not per window: ``bucket_key(movie, start)`` holds the
``{comment_id: sentiment}`` of one movie in one bucket of ``granularity`` seconds (the gcd
of the window steps, 60 s by default). A mention is one write, whatever the number of
windows that hold it; a window's stats are merged from its buckets when it turns final.
A comment has one event time, so it lies in exactly one bucket: merging buckets never
counts a comment twice, and a redelivered comment finds itself in its bucket.

The bucket store is any ``MutableMapping`` (a dict in tests, the Faust table in the
worker, behind a write-back buffer). A bucket is deleted once every window holding it is
final and ended ``retention`` seconds before the watermark; the index of live buckets is
in memory and is rebuilt from the store's keys after a restart (:meth:`restore`), so
restored entries expire too (Faust's own windows may not, issue #385).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from typing import Any, Literal

from trendscope.scoring.asof import Entry
from trendscope.scoring.momentum import History
from trendscope.scoring.results import window_results
from trendscope.settings import ScoreSettings, WindowSettings
from trendscope.windows import aggregate
from trendscope.windows.aggregate import WindowState
from trendscope.windows.finality import Finalizer, FinalWindow
from trendscope.windows.ranges import granularity, window_specs
from trendscope.windows.watermark import WatermarkTracker

Outcome = Literal["added", "duplicate", "late"]


def bucket_key(movie_id: int, start: int) -> str:
    """Store key of one movie's bucket: ``"<movie_id>:<start>"``.

    >>> bucket_key(550, 1699999860), parse_bucket_key("550:1699999860")
    ('550:1699999860', (550, 1699999860))
    """
    return f"{movie_id}:{start}"


def parse_bucket_key(key: str) -> tuple[int, int]:
    movie_id, start = key.split(":")
    return int(movie_id), int(start)


class WindowPartition:
    """Watermark, finality, bucket state and scoring of one ``reddit.mentions`` partition.

    ``buckets``/``histories``: the bucket store and the mention histories (mappings the
    caller persists); ``snapshots``: every movie's snapshot history, asked for only when
    windows turn final; ``mine``: whether this partition emits a movie's results.
    """

    def __init__(self, windows: WindowSettings, score: ScoreSettings, *, sources: int, now: float,
                 buckets: MutableMapping[str, WindowState], histories: MutableMapping[str, History],
                 snapshots: Callable[[], Mapping[int, list[Entry]]], mine: Callable[[int], bool],
                 state: Mapping[str, Any] | None = None) -> None:
        self.specs = window_specs(windows)
        self.steps = {spec.kind: spec.step for spec in self.specs}
        self.granularity = granularity(self.specs)
        self.span = max(spec.size for spec in self.specs)  # a bucket is needed this long after its start
        self.retention = windows.retention_seconds
        self.score = score
        self.buckets, self.histories, self.snapshots, self.mine = buckets, histories, snapshots, mine
        state = state or {}
        self.tracker = WatermarkTracker(sources, lateness=windows.allowed_lateness_seconds,
                                        idle_timeout=windows.idle_timeout_seconds, now=now,
                                        state=state.get("tracker"))
        self.finalizer = Finalizer(self.specs, state.get("finalizer"))
        self._live: list[tuple[int, int]] = []  # heap of (bucket start, movie id)
        self._live_set: set[tuple[int, int]] = set()

    def restore(self, keys: Iterable[str]) -> None:
        """Index the buckets found in the store after a restart (only this partition's)."""
        for key in keys:
            movie_id, start = parse_bucket_key(key)
            if self.mine(movie_id):
                self._opened(movie_id, start)

    def mention(self, movie_id: int, comment_id: str, t: float, sentiment: float, now: float) -> Outcome:
        """Count one mention in its bucket; a mention behind the watermark is ``late``
        unless its bucket already holds it (a redelivery: ``duplicate``)."""
        start = int(t // self.granularity) * self.granularity
        key = bucket_key(movie_id, start)
        state = self.buckets.get(key)
        if state is not None and comment_id in state:
            return "duplicate"
        if self.tracker.is_late(t, now):
            return "late"
        if state is None:
            state = {}
            self._opened(movie_id, start)
        aggregate.add(state, comment_id, sentiment)
        self.buckets[key] = state
        return "added"

    def marker(self, partition: int, event_time: float, active: Iterable[int],
               now: float) -> list[dict[str, Any]]:
        """Take a source partition's progress; return the fields of the windows now final
        (ordered by end), after storing their histories and deleting expired buckets."""
        self.tracker.observe_marker(partition, event_time, now)
        self.finalizer.note_active(active)
        watermark = self.tracker.watermark(now)
        finals = self.finalizer.advance(watermark)
        results: list[dict[str, Any]] = []
        snapshots = self.snapshots() if finals else {}
        for final in finals:
            results.extend(self._score(final, snapshots))
        horizon = watermark - self.retention - self.span
        while self._live and self._live[0][0] <= horizon:
            start, movie_id = heapq.heappop(self._live)
            self._live_set.discard((start, movie_id))
            self.buckets.pop(bucket_key(movie_id, start), None)
        return results

    def watermark(self, now: float) -> float:
        return self.tracker.watermark(now)

    def state(self) -> dict[str, Any]:
        """JSON-ready tracker and finalizer state, to persist after each marker."""
        return {"tracker": self.tracker.state(), "finalizer": self.finalizer.state()}

    def _opened(self, movie_id: int, start: int) -> None:
        if (start, movie_id) in self._live_set:
            return
        self._live_set.add((start, movie_id))
        heapq.heappush(self._live, (start, movie_id))
        for spec in self.specs:
            for window_start in spec.starts(start):
                self.finalizer.open(spec.kind, window_start, movie_id)

    def _score(self, final: FinalWindow, snapshots: Mapping[int, list[Entry]]) -> list[dict[str, Any]]:
        stats = {}
        for movie_id in final.movie_ids:
            merged: WindowState = {}
            for start in range(final.start, final.end, self.granularity):
                aggregate.merge(merged, self.buckets.get(bucket_key(movie_id, start)) or {})
            stats[movie_id] = aggregate.stats(merged)
        results, updated = window_results(final.kind, final.start, final.end, self.steps[final.kind],
                                          stats=stats, snapshots=snapshots, histories=self.histories,
                                          settings=self.score, final=True, mine=self.mine)
        for key, history in updated.items():
            self.histories[key] = history
        return results
