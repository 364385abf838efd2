"""Table writes for batches of events: the one place that touches Faust's event context.

Faust sends a table write to the changelog partition of the *current event* and refuses
writes without one ("Cannot modify table key from outside of stream iteration"). An agent
that takes events in batches (``stream.take_events``) has no current event of its own, so
:func:`processing` makes one event current, as Faust's own iteration does, through Faust's
context variable (``faust.streams._current_event``: private, hence only here, and tested).
:class:`WriteBack` buffers a batch's writes and writes each key once, under the event that
last touched it, so a key's changelog record goes to its own partition.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

from faust.streams import _current_event, current_event
from faust.types import EventT

V = TypeVar("V")
_DELETED: Any = object()


@contextmanager
def processing(event: EventT) -> Iterator[None]:
    """Within the block, ``event`` is Faust's current event (table writes go to its partition)."""
    token = _current_event.set(weakref.ref(event))
    try:
        yield
    finally:
        _current_event.reset(token)


class WriteBack(MutableMapping[str, V], Generic[V]):
    """A read-through, write-back view of a table: reads see pending writes; :meth:`flush`
    writes each changed key once. Set and delete only while an event is current."""

    def __init__(self, table: MutableMapping[str, V]) -> None:
        self.table = table
        self._dirty: dict[str, tuple[V, EventT]] = {}

    def __getitem__(self, key: str) -> V:
        pending = self._dirty.get(key)
        if pending is None:
            return self.table[key]
        if pending[0] is _DELETED:
            raise KeyError(key)
        return pending[0]

    def get(self, key: str, default: Any = None) -> Any:  # Faust tables' get skips __getitem__
        pending = self._dirty.get(key)
        if pending is None:
            value = self.table.get(key)
            return default if value is None else value
        return default if pending[0] is _DELETED else pending[0]

    def __setitem__(self, key: str, value: V) -> None:
        self._dirty[key] = (value, self._event())

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        self._dirty[key] = (_DELETED, self._event())

    def __iter__(self) -> Iterator[str]:
        deleted = {k for k, (v, _) in self._dirty.items() if v is _DELETED}
        yield from (k for k in self._dirty if k not in deleted)
        yield from (k for k in self.table if k not in self._dirty)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None  # type: ignore[arg-type]

    @property
    def pending(self) -> int:
        return len(self._dirty)

    def flush(self) -> None:
        """Write every changed key once (a delete pops it), each under its last event."""
        for key, (value, event) in self._dirty.items():
            with processing(event):
                if value is _DELETED:
                    self.table.pop(key, None)
                else:
                    self.table[key] = value
        self._dirty.clear()

    @staticmethod
    def _event() -> EventT:
        event = current_event()
        if event is None:
            raise RuntimeError("WriteBack: a write needs a current event (use processing(event))")
        return event
