"""What a reader yields: a record with its event time, or a rejection with where it came from."""

from __future__ import annotations

from dataclasses import dataclass

import faust

from trendscope.validation import InvalidEvent


@dataclass(frozen=True)
class SourceRecord:
    """A parsed record bound for ``topic`` under ``key``, at event time ``event_time``."""

    topic: str
    key: str
    value: faust.Record
    event_time: float


@dataclass(frozen=True)
class Rejected:
    """An input line that could not be parsed: where, and why."""

    source: str
    line: int
    error: InvalidEvent
    raw: bytes


ParsedItem = SourceRecord | Rejected
