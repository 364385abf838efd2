"""Interleaving several sources by event time, and keeping an event-time range."""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable, Iterator
from operator import attrgetter

from trendscope.sources.records import ParsedItem, Rejected, SourceRecord


def merge_by_event_time(sources: Iterable[Iterable[ParsedItem]]) -> Iterator[ParsedItem]:
    """One stream of the records of all ``sources`` by event time (``heapq.merge``, lazy).

    Assumes each source is already in event-time order: the merge only compares the heads
    of the sources, it never sorts. A record earlier than its own source's previous one is
    emitted when it reaches the head, i.e. out of order in the output too (late, for the
    stream's watermark); nothing is dropped. Ties keep the order of ``sources``. Rejected
    items are not ordered: each is emitted as soon as its source is read past it.
    """
    rejected: deque[Rejected] = deque()

    def records(items: Iterable[ParsedItem]) -> Iterator[SourceRecord]:
        for item in items:
            if isinstance(item, Rejected):
                rejected.append(item)
            else:
                yield item

    for record in heapq.merge(*(records(s) for s in sources), key=attrgetter("event_time")):
        while rejected:
            yield rejected.popleft()
        yield record
    yield from rejected


def within(items: Iterable[ParsedItem], since: float | None = None,
           until: float | None = None) -> Iterator[ParsedItem]:
    """Records with ``since <= event_time < until`` (epoch seconds; None: unbounded); Rejected pass.

    Reads every item: the sources need not be ordered, so it cannot stop at ``until``.
    """
    for item in items:
        if isinstance(item, Rejected) or (
            (since is None or item.event_time >= since) and (until is None or item.event_time < until)
        ):
            yield item
