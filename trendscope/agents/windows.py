"""Mentions -> event-time windows -> final WindowResults on ``trendscope.trends``.

Thin wiring of ``trendscope.windows.partition.WindowPartition`` (its docstring gives the
design): one per ``reddit.mentions`` partition, fed by the mentions and the upstream
watermark markers of that partition. Events are taken in batches; the minute buckets a
batch touches are written once per key at the end of the batch (``WriteBack``), before
the batch is acknowledged. Watermark progress is written after each marker.
"""

from __future__ import annotations

import time

from faust import StreamT
from faust.types import TP, EventT

from trendscope.agents.dead_letters import send_to_dlq
from trendscope.app import app, settings
from trendscope.channels import reddit_mentions_raw, trends
from trendscope.metrics import EVENTS, LATE_EVENTS, WATERMARK, WINDOW_RESULTS
from trendscope.models import Mention, WatermarkMarker, WindowResult
from trendscope.partitioning import partition_for
from trendscope.tables.batching import WriteBack, processing
from trendscope.tables.windows import mention_history, snapshot_history, window_progress, window_state
from trendscope.topics import REDDIT_MENTIONS
from trendscope.validation import InvalidEvent, decode_json_object
from trendscope.windows.partition import WindowPartition

RECORDS = {"trendscope.Mention": Mention, "trendscope.WatermarkMarker": WatermarkMarker}

buckets: WriteBack[dict[str, float]] = WriteBack(window_state)
_partitions: dict[int, WindowPartition] = {}


def _partition(partition: int) -> WindowPartition:
    """The state of ``partition``, restored from the tables the first time it is needed."""
    found = _partitions.get(partition)
    if found is None:
        def mine(movie_id: int) -> bool:
            return partition_for(str(movie_id), settings.partitions) == partition

        found = WindowPartition(
            settings.windows, settings.score, sources=settings.partitions, now=time.time(),
            buckets=buckets, histories=mention_history, snapshots=_snapshots, mine=mine,
            state=window_progress.get(f"p{partition}"))
        found.restore(window_state.keys())
        _partitions[partition] = found
    return found


def _snapshots() -> dict[int, list]:
    return {int(movie): history for movie, history in snapshot_history.items()}


@app.on_partitions_revoked.connect
async def forget_revoked(sender: object, revoked: set[TP], **_: object) -> None:
    """A revoked partition's state is rebuilt from its tables if it comes back."""
    for tp in revoked:
        if tp.topic == REDDIT_MENTIONS.name:
            _partitions.pop(tp.partition, None)


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
    async for events in stream.take_events(settings.windows.batch_size, within=0.2):
        for event in events:
            with processing(event):
                await _process(event)
        buckets.flush()  # stored before the batch is acknowledged


async def _process(event: EventT) -> None:
    try:
        record = decode(event.value)
    except InvalidEvent as exc:
        EVENTS.labels(topic=REDDIT_MENTIONS.name, outcome="invalid").inc()
        await send_to_dlq(event, exc)
        return
    partition = event.message.partition
    windows = _partition(partition)
    now = time.time()
    if isinstance(record, Mention):
        outcome = windows.mention(record.movie_id, record.comment_id, record.created_utc,
                                  record.sentiment, now)
        EVENTS.labels(topic=REDDIT_MENTIONS.name, outcome=outcome).inc()
        if outcome == "late":
            LATE_EVENTS.inc()
            await send_to_dlq(event, InvalidEvent(
                "late", f"event time {record.created_utc} is behind the watermark {windows.watermark(now)}"))
        return
    results = windows.marker(record.partition, record.event_time, record.active, now)
    for fields in results:
        await trends.send(key=str(fields["movie_id"]), value=WindowResult(**fields))
        WINDOW_RESULTS.labels(window=fields["window_kind"]).inc()
    window_progress[f"p{partition}"] = windows.state()
    WATERMARK.labels(partition=str(partition)).set(max(windows.watermark(now), 0.0))
