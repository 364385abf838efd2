"""Producing parsed source records to Kafka, paced by their event time or as fast as possible."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from aiokafka import AIOKafkaProducer

from trendscope.sources.records import ParsedItem, Rejected, SourceRecord
from trendscope.topics import DLQ
from trendscope.validation import dead_letter


@dataclass
class Pacing:
    """``speed``: X times the original pace; ``rate``: records/s; neither: as fast as possible."""

    speed: float | None = None
    rate: float | None = None

    def delay(self, first_event_time: float, event_time: float, index: int, elapsed: float) -> float:
        """Seconds to wait before sending record ``index`` (0-based) given ``elapsed`` so far."""
        if self.speed:
            due = (event_time - first_event_time) / self.speed
        elif self.rate:
            due = index / self.rate
        else:
            return 0.0
        return max(0.0, due - elapsed)


@dataclass
class ReplayStats:
    produced: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    first_event_time: float | None = None
    last_event_time: float | None = None

    def reject(self, reason: str) -> None:
        self.rejected[reason] = self.rejected.get(reason, 0) + 1


async def replay(
    items: Iterable[ParsedItem],
    bootstrap: str,
    *,
    topic: str | None = None,
    pacing: Pacing | None = None,
    limit: int | None = None,
    on_progress: Callable[[int], None] | None = None,
    dlq_max_bytes: int = 4096,
) -> ReplayStats:
    """Send ``items`` (records to their topic or ``topic``; rejects to the DLQ) and flush."""
    pacing = pacing or Pacing()
    stats = ReplayStats()
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, client_id="trendscope-replay", acks="all",
        linger_ms=20, max_batch_size=512 * 1024, max_request_size=4 * 1024 * 1024,
    )
    await producer.start()
    started = time.monotonic()
    pending: list[asyncio.Future] = []
    try:
        for item in items:
            if limit is not None and stats.produced >= limit:
                break
            if isinstance(item, Rejected):
                stats.reject(item.error.reason)
                letter = dead_letter(topic=f"file:{item.source}", partition=-1, offset=item.line,
                                     payload=item.raw, error=item.error,
                                     max_bytes=dlq_max_bytes, failed_at=time.time())
                pending.append(await producer.send(DLQ.name, letter.dumps(), key=item.source.encode()))
                continue
            await _pace(pacing, stats, item, started)
            pending.append(await producer.send(
                topic or item.topic, item.value.dumps(), key=item.key.encode()))
            stats.produced += 1
            if on_progress:
                on_progress(1)
            if len(pending) >= 5000:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
        await producer.flush()
    finally:
        await producer.stop()
    return stats


async def _pace(pacing: Pacing, stats: ReplayStats, item: SourceRecord, started: float) -> None:
    if stats.first_event_time is None:
        stats.first_event_time = item.event_time
    stats.last_event_time = item.event_time
    wait = pacing.delay(stats.first_event_time, item.event_time, stats.produced,
                        time.monotonic() - started)
    if wait > 0:
        await asyncio.sleep(wait)
