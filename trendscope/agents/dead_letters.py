"""Sending rejected events to the dead-letter topic."""

from __future__ import annotations

import logging
import time

from faust.types import EventT

from trendscope.app import settings
from trendscope.channels import dead_letters
from trendscope.validation import InvalidEvent, dead_letter

log = logging.getLogger(__name__)


async def send_to_dlq(event: EventT, error: InvalidEvent) -> None:
    """Publish ``event``'s raw payload with the reason it was rejected; never raises on it."""
    message = event.message
    letter = dead_letter(
        topic=message.topic,
        partition=message.partition,
        offset=message.offset,
        payload=message.value,
        error=error,
        max_bytes=settings.dlq_payload_max_bytes,
        failed_at=time.time(),
    )
    log.warning("dead letter %s[%d]@%d: %s", message.topic, message.partition,
                message.offset, error)
    await dead_letters.send(key=message.topic, value=letter)
