"""Mentions -> event-time windows -> final WindowResults on ``trendscope.trends``.

Thin wiring of ``trendscope.windows`` and ``trendscope.scoring`` (their docstrings give the
design): per ``reddit.mentions`` partition a watermark tracker fed by the upstream markers,
a finalizer that names the windows the watermark has passed, and the scoring of those.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from faust import StreamT
from faust.types import EventT

from trendscope.agents.dead_letters import send_to_dlq
from trendscope.app import app, settings
from trendscope.channels import reddit_mentions_raw, trends
from trendscope.metrics import LATE_EVENTS, WINDOW_RESULTS
from trendscope.models import Mention, WatermarkMarker, WindowResult
from trendscope.partitioning import partition_for
from trendscope.scoring import asof
from trendscope.scoring.results import window_results
from trendscope.tables.windows import mention_history, snapshot_history, window_progress, window_state
from trendscope.validation import InvalidEvent, decode_json_object
from trendscope.windows import aggregate
from trendscope.windows.finality import Finalizer, FinalWindow
from trendscope.windows.ranges import parse_window_key, window_key, window_specs
from trendscope.windows.watermark import WatermarkTracker

log = logging.getLogger(__name__)
SPECS = window_specs(settings.windows)
RECORDS = {"trendscope.Mention": Mention, "trendscope.WatermarkMarker": WatermarkMarker}


@dataclass
class PartitionWindows:
    """The watermark and finalizer of one ``reddit.mentions`` partition."""

    partition: int
    tracker: WatermarkTracker
    finalizer: Finalizer


_partitions: dict[int, PartitionWindows] = {}


def _progress_key(partition: int) -> str:
    return f"p{partition}"


def _windows_of(partition: int) -> PartitionWindows:
    """State of ``partition``, restored from the tables the first time it is needed here."""
    found = _partitions.get(partition)
    if found is None:
        saved = window_progress.get(_progress_key(partition)) or {}
        tracker = WatermarkTracker(settings.partitions, lateness=settings.windows.allowed_lateness_seconds,
                                   idle_timeout=settings.windows.idle_timeout_seconds, now=time.time(),
                                   state=saved.get("tracker"))
        finalizer = Finalizer(SPECS, saved.get("finalizer"))
        for key in list(window_state.keys()):  # restored windows expire too (faust #385)
            movie_id, kind, start = parse_window_key(key)
            if partition_for(str(movie_id), settings.partitions) == partition:
                finalizer.open(kind, start, movie_id)
        found = _partitions[partition] = PartitionWindows(partition, tracker, finalizer)
    return found


def decode(payload: bytes | None) -> Mention | WatermarkMarker:
    data = decode_json_object(payload)
    namespace = (data.pop("__faust", None) or {}).get("ns")
    model = RECORDS.get(namespace)
    if model is None:
        raise InvalidEvent("bad_type", f"expected a Mention or WatermarkMarker, got {namespace!r}")
    try:
        return model(**data)
    except TypeError as exc:
        raise InvalidEvent("bad_format", str(exc)) from None


@app.agent(reddit_mentions_raw)
async def window_mentions(stream: StreamT[bytes]) -> None:
    async for event in stream.events():
        try:
            record = decode(event.value)
        except InvalidEvent as exc:
            await send_to_dlq(event, exc)
            continue
        windows = _windows_of(event.message.partition)
        if isinstance(record, Mention):
            await _add_mention(event, windows, record)
        else:
            await _on_marker(windows, record)


async def _add_mention(event: EventT, windows: PartitionWindows, mention: Mention) -> None:
    keys = [window_key(mention.movie_id, spec.kind, start) for spec in SPECS
            for start in spec.starts(mention.created_utc)]
    if windows.tracker.is_late(mention.created_utc, time.time()):
        if not any(mention.comment_id in (window_state.get(k) or {}) for k in keys):  # not a redelivery
            LATE_EVENTS.inc()
            await send_to_dlq(event, InvalidEvent(
                "late", f"event time {mention.created_utc} is behind the watermark "
                        f"{windows.tracker.watermark(time.time())}"))
        return
    for key in keys:
        state = window_state.get(key)
        if state is None:
            state = {}
            _, kind, start = parse_window_key(key)
            windows.finalizer.open(kind, start, mention.movie_id)
        if aggregate.add(state, mention.comment_id, mention.sentiment):
            window_state[key] = state


async def _on_marker(windows: PartitionWindows, marker: WatermarkMarker) -> None:
    now = time.time()
    windows.tracker.observe_marker(marker.partition, marker.event_time, now)
    windows.finalizer.note_active(marker.active)
    watermark = windows.tracker.watermark(now)
    finals = windows.finalizer.advance(watermark)
    if finals:
        snapshots = {int(movie): history for movie, history in snapshot_history.items()}
        def mine(movie_id: int) -> bool:
            return partition_for(str(movie_id), settings.partitions) == windows.partition

        for final in finals:
            await _emit(final, snapshots, mine)
    for movie_id, kind, start in windows.finalizer.expire(watermark, settings.windows.retention_seconds):
        window_state.pop(window_key(movie_id, kind, start), None)
    window_progress[_progress_key(windows.partition)] = {
        "tracker": windows.tracker.state(), "finalizer": windows.finalizer.state()}


async def _emit(final: FinalWindow, snapshots: dict[int, list[asof.Entry]],
                mine: Callable[[int], bool]) -> None:
    spec = next(s for s in SPECS if s.kind == final.kind)
    stats = {movie_id: aggregate.stats(window_state.get(window_key(movie_id, final.kind, final.start)) or {})
             for movie_id in final.movie_ids}
    results, updated = window_results(final.kind, final.start, final.end, spec.step, stats=stats,
                                      snapshots=snapshots, histories=mention_history, settings=settings.score,
                                      final=True, mine=mine)
    for key, history in updated.items():
        mention_history[key] = history
    for fields in results:
        await trends.send(key=str(fields["movie_id"]), value=WindowResult(**fields))
    WINDOW_RESULTS.labels(window=final.kind).inc(len(results))
