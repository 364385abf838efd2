"""Dead letters: events that could not be decoded, validated or processed in time."""

from __future__ import annotations

import faust


class DeadLetter(faust.Record, serializer="json", namespace="trendscope.DeadLetter"):
    """Where a bad event came from, why it was rejected, and its raw payload (cut to a bound)."""

    source_topic: str
    partition: int
    offset: int
    reason: str
    detail: str
    payload: str
    payload_size: int
    truncated: bool
    failed_at: float
    schema_version: int = 1
