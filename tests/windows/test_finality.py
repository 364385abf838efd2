"""Finality (each window once, in order) and activity, by event time."""

from __future__ import annotations

import json

from trendscope.windows.finality import Finalizer
from trendscope.windows.ranges import HOPPING, TUMBLING, WindowSpec

SPECS = (WindowSpec(TUMBLING, 60, 60), WindowSpec(HOPPING, 300, 60))
DAY = 86_400


def windows(finals) -> list[tuple[str, int, int, list[int]]]:
    return [(w.kind, w.start, w.end, sorted(w.movie_ids)) for w in finals]


def test_final_once_the_watermark_reaches_the_end_each_exactly_once():
    f = Finalizer(SPECS)
    for start in SPECS[1].starts(130):
        f.open(HOPPING, start, 7)
    f.open(TUMBLING, 120, 7)
    assert f.advance(float("-inf")) == []
    assert windows(f.advance(179.9)) == []
    assert windows(f.advance(180.0)) == [(TUMBLING, 120, 180, [7]), (HOPPING, -120, 180, [7])]  # end == wm
    assert f.advance(180.0) == [] and f.advance(200.0) == []
    got = windows(f.advance(1_000.0))
    assert got == [(HOPPING, s, s + 300, [7]) for s in (-60, 0, 60, 120)]


def test_windows_come_from_activity_too_and_a_gap_has_none():
    f = Finalizer(SPECS)
    f.note_active([0, 3 * DAY])  # comments (no mention here) on two days
    final = f.advance(3 * DAY + 10_000)
    assert {w.start for w in final if w.kind == TUMBLING} == {0, 3 * DAY}
    assert {w.start for w in final if w.kind == HOPPING} == {-240, -180, -120, -60, 0} | {
        3 * DAY + k * 60 for k in range(-4, 1)
    }
    assert all(w.movie_ids == frozenset() for w in final)
    assert f.state()["active"] == []  # every window of those buckets is done


def test_activity_behind_the_watermark_is_ignored():
    f = Finalizer(SPECS)
    f.advance(10_000.0)
    f.note_active([600])  # a late comment's bucket: its windows are already final
    assert f.advance(10_000.0) == [] and f.advance(20_000.0) == []


def test_restart_resumes_without_emitting_again():
    f = Finalizer(SPECS)
    keys = [(TUMBLING, 0, 1), (TUMBLING, 600, 2), (HOPPING, 600, 2)]
    for kind, start, movie in keys:
        f.open(kind, start, movie)
    before = windows(f.advance(700.0))
    assert (TUMBLING, 0, 60, [1]) in before and (TUMBLING, 600, 660, [2]) in before

    back = Finalizer(SPECS, json.loads(json.dumps(f.state())))
    for kind, start, movie in keys:  # table keys restored from the changelog
        back.open(kind, start, movie)
    assert windows(back.advance(700.0)) == []
    assert windows(back.advance(900.0)) == [(HOPPING, 600, 900, [2])]
