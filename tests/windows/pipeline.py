"""An in-memory stand-in for the streaming path, built only from the pure modules.

Source partitions (``reddit.comments``) each with a MarkerEmitter; mentions re-keyed to
sink partitions (``reddit.mentions``, movie id modulo the count) with the markers
broadcast after them; each sink holds what the window agent will hold: a watermark
tracker, a finalizer, a window table, mention histories and its copy of the snapshots.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from trendscope.scoring.asof import Entry, add_snapshot, prune
from trendscope.settings import ScoreSettings, WindowSettings
from trendscope.windows.aggregate import WindowState
from trendscope.windows.partition import WindowPartition
from trendscope.windows.ranges import granularity, window_specs
from trendscope.windows.watermark import Marker, MarkerEmitter


@dataclass(frozen=True)
class Comment:
    comment_id: str
    t: float
    mentions: tuple[tuple[int, float], ...] = ()  # (movie_id, sentiment)


@dataclass
class Sink:
    """One window partition: :class:`WindowPartition` over plain dicts (the tables)."""

    index: int
    count: int
    windows: WindowSettings
    score: ScoreSettings
    sources: int
    now: float
    snapshots: dict[int, list[Entry]]
    table: dict[str, WindowState] = field(default_factory=dict)
    histories: dict = field(default_factory=dict)
    results: dict = field(default_factory=dict)
    late: list = field(default_factory=list)
    duplicates: int = 0
    state: dict | None = None

    def __post_init__(self) -> None:
        self.partition = WindowPartition(
            self.windows, self.score, sources=self.sources, now=self.now, buckets=self.table,
            histories=self.histories, snapshots=lambda: self.snapshots,
            mine=lambda m: m % self.count == self.index, state=self.state)
        self.partition.restore(self.table)  # restored from the changelog

    def mention(self, movie_id: int, comment_id: str, t: float, sentiment: float, now: float) -> None:
        outcome = self.partition.mention(movie_id, comment_id, t, sentiment, now)
        if outcome == "late":
            self.late.append((movie_id, comment_id, t))
        elif outcome == "duplicate":
            self.duplicates += 1

    def marker(self, marker: Marker, now: float) -> None:
        for result in self.partition.marker(marker["partition"], marker["event_time"], marker["active"], now):
            key = (result["movie_id"], result["window_kind"], int(result["window_start"]))
            assert key not in self.results, f"{key} emitted twice"
            self.results[key] = result
        horizon = self.partition.finalizer.final_until()
        for history in self.snapshots.values():
            prune(history, horizon)

    def restarted(self, now: float) -> Sink:
        """This sink after a crash: state back from its JSON (changelog), fresh clocks."""
        return Sink(
            self.index,
            self.count,
            self.windows,
            self.score,
            self.sources,
            now,
            {int(m): history for m, history in json.loads(json.dumps(self.snapshots)).items()},
            table=json.loads(json.dumps(self.table)),
            histories=json.loads(json.dumps(self.histories)),
            results=self.results,
            late=self.late,
            duplicates=self.duplicates,
            state=json.loads(json.dumps(self.partition.state())),
        )


class Pipeline:
    def __init__(
        self,
        windows: WindowSettings,
        score: ScoreSettings,
        *,
        sources: int = 4,
        sinks: int = 2,
        snapshots=(),
        now: float = 0.0,
    ) -> None:
        self.windows = windows
        specs = window_specs(windows)
        self.margin = windows.allowed_lateness_seconds + max(spec.size for spec in specs)
        self.high = float("-inf")
        self.emitters = [
            MarkerEmitter(
                p,
                every_events=windows.marker_every_events,
                every_seconds=windows.marker_every_seconds,
                granularity=granularity(specs),
            )
            for p in range(sources)
        ]
        self.sinks = []
        for index in range(sinks):
            copy: dict[int, list[Entry]] = {}
            for snapshot in snapshots:
                add_snapshot(copy.setdefault(snapshot.movie_id, []), snapshot)
            self.sinks.append(Sink(index, sinks, windows, score, sources, now, copy))

    def deliver(self, source: int, comment: Comment, now: float) -> None:
        """Source partition ``source`` processes one comment: mentions first, then maybe a marker."""
        self.high = max(self.high, comment.t)
        for movie_id, sentiment in comment.mentions:
            sink = self.sinks[movie_id % len(self.sinks)]
            sink.mention(movie_id, comment.comment_id, comment.t, sentiment, now)
        self._broadcast(self.emitters[source].observe(comment.t, now), now)

    def tick(self, now: float) -> None:
        for emitter in self.emitters:
            self._broadcast(emitter.tick(now), now)

    def end_of_input(self, now: float) -> None:
        for emitter in self.emitters:
            self._broadcast(emitter.end_of_input(now, self.high + self.margin), now)

    def restart_sinks(self, now: float) -> None:
        self.sinks = [sink.restarted(now) for sink in self.sinks]

    @property
    def results(self) -> dict:
        return {key: r for sink in self.sinks for key, r in sink.results.items()}

    @property
    def late(self) -> list:
        return [item for sink in self.sinks for item in sink.late]

    @property
    def duplicates(self) -> int:
        return sum(sink.duplicates for sink in self.sinks)

    def _broadcast(self, marker: Marker | None, now: float) -> None:
        if marker is not None:
            for sink in self.sinks:
                sink.marker(marker, now)
