"""Event-time watermark across re-keyed partitions (pure; the clock is always passed in).

Rule (Flink's): watermark = min over the source partitions (of ``reddit.comments``) of the
highest event time each has delivered, minus the allowed lateness. A per-key or
per-partition "highest time seen" is wrong here: a full-speed replay reads the source
partitions hours apart in event time, and the leaders would make the laggards late.

How progress travels. Mentions are re-keyed by movie id through ``reddit.mentions``, so
a window partition gets data from every source partition, mixed. Each source partition
has a :class:`MarkerEmitter`, fed every comment (with or without mentions) *after* that
comment's mentions are produced; when it says so, its :class:`Marker` is sent to every
partition of ``reddit.mentions``. Kafka keeps one producer's order within a partition, so
a marker arrives after the mentions it covers. Each window partition keeps one
:class:`WatermarkTracker` over the markers it received. A marker also lists the active
buckets (granularity-aligned starts with at least one comment), which is how every
window partition learns which windows had data anywhere (see ``finality``).

Idle partitions. A source partition with no marker for ``idle_timeout`` seconds of
processing time is left out of the minimum (so is one never heard from, counted from
the tracker's creation), so one quiet partition cannot stall finality. The trade-off:
a partition that is only slow (a long rebalance, a stuck consumer) and comes back after
the timeout finds the watermark ahead of it, and its older events are late (DLQ). A
longer timeout trades that risk for later finals whenever a partition is really quiet.
With every partition idle, the watermark holds; it never goes back.

Limits. A source partition that never sends anything holds the watermark at minus
infinity until the timeout. A source with unbounded disorder loses events beyond the
allowed lateness (late, reported). The watermark lags by up to ``every_events`` comments
or ``every_seconds`` per source partition (the marker cadence). A bounded replay ends
with windows that only a later marker can close: every source partition sends
:meth:`MarkerEmitter.end_of_input` (a finite time, so a live run can follow). On restart the tracker resumes
from :meth:`WatermarkTracker.state` (highs and watermark); every partition gets a fresh
idle timeout, because processing times of an earlier life mean nothing. Redelivered
events older than the restored watermark are late unless found in a window (dupes).
"""

from __future__ import annotations

import math
from typing import Any, TypedDict


class Marker(TypedDict):
    partition: int  # source partition id
    event_time: float  # highest event time this partition has delivered
    sent_at: float  # processing time when it was sent
    active: list[int]  # buckets with comments since the previous marker


class MarkerEmitter:
    """Decides when a source partition sends a marker: every N comments or T seconds.

    >>> e = MarkerEmitter(2, every_events=3, every_seconds=10.0, granularity=60)
    >>> e.observe(130.0, now=0.0)  # the first comment announces the partition
    {'partition': 2, 'event_time': 130.0, 'sent_at': 0.0, 'active': [120]}
    >>> e.observe(200.0, now=1.0), e.observe(50.0, now=2.0)
    (None, None)
    >>> e.observe(190.0, now=3.0)
    {'partition': 2, 'event_time': 200.0, 'sent_at': 3.0, 'active': [0, 180]}
    >>> e.tick(now=5.0), e.observe(260.0, now=6.0), e.tick(now=13.5)
    (None, None, {'partition': 2, 'event_time': 260.0, 'sent_at': 13.5, 'active': [240]})
    """

    def __init__(self, partition: int, *, every_events: int, every_seconds: float, granularity: int) -> None:
        self.partition = partition
        self.every_events = every_events
        self.every_seconds = every_seconds
        self.granularity = granularity
        self._high = -math.inf
        self._pending = 0
        self._active: set[int] = set()
        self._sent_at = -math.inf

    def observe(self, event_time: float, now: float) -> Marker | None:
        """Note one comment; a marker to broadcast if one is due."""
        if event_time > self._high:
            self._high = event_time
        self._pending += 1
        self._active.add(int(event_time // self.granularity) * self.granularity)
        if self._pending >= self.every_events or now - self._sent_at >= self.every_seconds:
            return self._emit(now)
        return None

    def tick(self, now: float) -> Marker | None:
        """Call from a timer: flushes pending progress ``every_seconds`` after the last marker."""
        if self._pending and now - self._sent_at >= self.every_seconds:
            return self._emit(now)
        return None

    def end_of_input(self, now: float, event_time: float) -> Marker:
        """Last marker of a bounded input, sent by every source partition.

        ``event_time`` = the last event time of the whole input + allowed lateness + the
        largest window size: the watermark then passes every window's end.
        """
        self._high = max(self._high, event_time)
        return self._emit(now)

    def _emit(self, now: float) -> Marker:
        marker = Marker(
            partition=self.partition, event_time=self._high, sent_at=now, active=sorted(self._active)
        )
        self._pending = 0
        self._active = set()
        self._sent_at = now
        return marker


class WatermarkTracker:
    """The watermark of one window partition, from the markers of ``sources`` partitions.

    >>> w = WatermarkTracker(2, lateness=600, idle_timeout=60, now=0.0)
    >>> w.observe_marker(0, 10_000.0, now=1.0); w.watermark(now=1.0)  # partition 1 unheard
    -inf
    >>> w.observe_marker(1, 4_000.0, now=2.0); w.watermark(now=2.0), w.is_late(3_399.0, now=2.0)
    (3400.0, True)
    >>> w.observe_marker(0, 12_000.0, now=70.0); w.watermark(now=70.0)  # partition 1 idle
    11400.0
    >>> w.observe_marker(1, 5_000.0, now=71.0); w.watermark(now=71.0)  # back, but never backwards
    11400.0
    """

    def __init__(
        self,
        sources: int,
        *,
        lateness: float,
        idle_timeout: float,
        now: float,
        state: dict[str, Any] | None = None,
    ) -> None:
        self.lateness = lateness
        self.idle_timeout = idle_timeout
        self._highs: list[float] = [-math.inf] * sources
        self._seen: list[float] = [now] * sources
        self._watermark = -math.inf
        if state:
            for partition, high in state["highs"].items():
                if int(partition) < sources:
                    self._highs[int(partition)] = high
            if state["watermark"] is not None:
                self._watermark = state["watermark"]
        self._valid_until = -math.inf  # cached watermark holds until then (or the next marker)

    def observe_marker(self, partition: int, event_time: float, now: float) -> None:
        """Note that ``partition`` has delivered event times up to ``event_time``."""
        if not 0 <= partition < len(self._highs):
            raise ValueError(f"marker from source partition {partition}, expected 0..{len(self._highs) - 1}")
        if event_time > self._highs[partition]:
            self._highs[partition] = event_time
        self._seen[partition] = now
        self._valid_until = -math.inf

    def watermark(self, now: float) -> float:
        """Min over the non-idle partitions' highs, minus the lateness; never decreases."""
        if now > self._valid_until:
            self._recompute(now)
        return self._watermark

    def is_late(self, event_time: float, now: float) -> bool:
        """Whether an event is older than the watermark (then no window may count it)."""
        return event_time < self.watermark(now)

    def state(self) -> dict[str, Any]:
        """JSON-ready state to persist; restore with ``WatermarkTracker(..., state=...)``."""
        finite = self._watermark if self._watermark > -math.inf else None
        return {
            "highs": {str(p): high for p, high in enumerate(self._highs) if high > -math.inf},
            "watermark": finite,
        }

    def _recompute(self, now: float) -> None:
        deadline = now - self.idle_timeout
        active = [p for p, seen in enumerate(self._seen) if seen >= deadline]
        if active:
            candidate = min(self._highs[p] for p in active) - self.lateness
            if candidate > self._watermark:
                self._watermark = candidate
            # the cache is good until the first active partition turns idle
            self._valid_until = min(self._seen[p] for p in active) + self.idle_timeout
        else:
            self._valid_until = math.inf  # all idle: hold until a marker comes
