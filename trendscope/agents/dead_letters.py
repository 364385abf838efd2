"""Sending rejected events to the dead-letter topic."""

from __future__ import annotations

import logging
import time

from faust.types import EventT

from trendscope.app import settings
from trendscope.channels import dead_letters
from trendscope.metrics import DLQ
from trendscope.validation import InvalidEvent, dead_letter

log = logging.getLogger(__name__)


async def send_dead_letter(topic: str, partition: int, offset: int, payload: bytes | None,
                           error: InvalidEvent) -> None:
    """Publish a payload with the reason it was rejected (partition/offset -1 off Kafka);
    counted in ``trendscope_dlq_total{reason}``."""
    letter = dead_letter(topic=topic, partition=partition, offset=offset, payload=payload,
                         error=error, max_bytes=settings.dlq_payload_max_bytes, failed_at=time.time())
    log.warning("dead letter %s[%d]@%d: %s", topic, partition, offset, error)
    await dead_letters.send(key=topic, value=letter)
    DLQ.labels(reason=error.reason).inc()


async def send_to_dlq(event: EventT, error: InvalidEvent) -> None:
    """Dead-letter the event being processed (its raw payload, topic, partition, offset)."""
    message = event.message
    await send_dead_letter(message.topic, message.partition, message.offset, message.value, error)
