"""Reading a topic from its beginning to its end at start, for topic-to-topic replays."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import orjson
from aiokafka import AIOKafkaConsumer, ConsumerRecord

from trendscope.kafka_admin import topic_partitions
from trendscope.sources.records import ParsedItem, Rejected, SourceRecord
from trendscope.validation import InvalidEvent

EVENT_TIME_FIELDS = ("created_utc", "fetched_at", "window_end", "failed_at")


@dataclass(frozen=True)
class RawPayload:
    """A payload passed through unchanged (replay calls ``dumps()`` on values)."""

    payload: bytes

    def dumps(self) -> bytes:
        return self.payload


def event_time_of(payload: bytes) -> float:
    """The event time carried by a TrendScope JSON payload (its first known time field)."""
    try:
        data = orjson.loads(payload)
    except orjson.JSONDecodeError as exc:
        raise InvalidEvent("decode", f"not JSON: {exc}") from None
    if isinstance(data, dict):
        for name in EVENT_TIME_FIELDS:
            value = data.get(name)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return float(value)
    raise InvalidEvent("missing_field", f"no event time field ({', '.join(EVENT_TIME_FIELDS)})")


async def read_topic(bootstrap: str, topic: str) -> AsyncIterator[ParsedItem]:
    """Every record of ``topic`` up to the end offsets seen at start, payloads unchanged."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                                client_id="trendscope-replay-reader")
    await consumer.start()
    try:
        tps = await topic_partitions(consumer, topic)
        if not tps:
            raise InvalidEvent("no_such_topic", f"no topic named {topic!r}")
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        remaining = {tp for tp in tps if ends[tp] > 0}
        while remaining:
            batch = await consumer.getmany(*remaining, timeout_ms=1000)
            for tp, records in batch.items():
                for record in records:
                    if record.offset >= ends[tp]:
                        remaining.discard(tp)
                        break
                    yield _item(topic, record)
                    if record.offset + 1 >= ends[tp]:
                        remaining.discard(tp)
    finally:
        await consumer.stop()


def _item(topic: str, record: ConsumerRecord) -> ParsedItem:
    payload = record.value or b""
    key = record.key.decode("utf-8", errors="backslashreplace") if record.key else ""
    try:
        return SourceRecord(topic, key, RawPayload(payload), event_time_of(payload))  # type: ignore[arg-type]
    except InvalidEvent as exc:
        return Rejected(f"{topic}[{record.partition}]", record.offset, exc, payload)
