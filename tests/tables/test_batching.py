"""Batched table writes: the current event per write, one write per key, reads see pending writes."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from faust.streams import current_event

from trendscope.tables.batching import WriteBack, processing


class Event:
    """Just what a table write reads of a Faust event (weak-referenceable, like Faust's)."""

    def __init__(self, partition: int) -> None:
        self.message = SimpleNamespace(partition=partition)


event = Event


class RecordingTable(dict):
    """A dict that notes the partition of the current event at each write (as Faust's changelog does)."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[tuple[str, object, int]] = []

    def __setitem__(self, key, value) -> None:
        self.writes.append((key, value, current_event().message.partition))
        super().__setitem__(key, value)

    def pop(self, key, default=None):
        self.writes.append((key, None, current_event().message.partition))
        return super().pop(key, default)


def test_processing_sets_and_restores_the_current_event():
    outer, inner = event(1), event(2)
    assert current_event() is None
    with processing(outer):
        with processing(inner):
            assert current_event() is inner
        assert current_event() is outer
    assert current_event() is None


def test_each_key_written_once_under_the_event_that_last_touched_it():
    table = RecordingTable()
    table.update({"gone": 1, "kept": 2})
    view: WriteBack[int] = WriteBack(table)
    first, second, third = event(0), event(3), event(0)
    with processing(first):
        view["a"] = 1
        view["b"] = 10
    with processing(second):
        view["a"] = view["a"] + 1
        del view["gone"]
    with processing(third):
        view["b"] = view.get("b") + 1
    assert view["a"] == 2 and "gone" not in view and view.get("gone") is None and view["kept"] == 2
    assert sorted(view) == ["a", "b", "kept"]
    assert table.writes == []  # nothing written before the flush
    view.flush()
    assert sorted(table.writes, key=str) == [("a", 2, 3), ("b", 11, 0), ("gone", None, 3)]
    assert table == {"a": 2, "b": 11, "kept": 2} and view.pending == 0


def test_a_write_without_a_current_event_is_refused():
    view: WriteBack[int] = WriteBack({})
    with pytest.raises(RuntimeError, match="current event"):
        view["a"] = 1
