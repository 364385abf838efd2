"""Behaviour of every TrendStore back end, checked against plain-Python answers."""

from __future__ import annotations

import pytest

from tests.storage.samples import make_predictions, make_windows
from trendscope.models import Prediction, WindowResult
from trendscope.storage.base import PREDICTION_COLUMNS, WINDOW_COLUMNS


def expected_rows(windows: list[WindowResult]) -> dict[tuple, WindowResult]:
    rows: dict[tuple, WindowResult] = {}
    for w in windows:
        if w.final:
            rows[(w.movie_id, w.window_kind, w.window_start)] = w
    return rows


def expected_top(windows: list[WindowResult], kind: str, at: float | None, limit: int) -> list[WindowResult]:
    rows = [w for w in expected_rows(windows).values() if w.window_kind == kind]
    starts = [w.window_start for w in rows if at is None or w.window_start <= at]
    if not starts:
        return []
    chosen = [w for w in rows if w.window_start == max(starts)]
    return sorted(chosen, key=lambda w: (-w.score, w.movie_id))[:limit]


async def test_same_windows_twice_leave_one_row_per_key(store, count_rows):
    windows = make_windows()
    unique = len(expected_rows(windows))
    assert unique < len(windows), "the sample repeats keys and has provisional windows"
    assert await store.write_windows(windows) == unique
    first = count_rows()
    assert await store.write_windows(windows) == unique
    assert count_rows() == first
    assert {first[t] for t in first if "window" in t} == {unique}


async def test_top_is_the_latest_window_at_or_before_at(store):
    windows = make_windows()
    await store.write_windows(windows)
    starts = sorted({w.window_start for w in windows})
    for kind in ("1m", "5m"):
        cases = [(None, 10), (None, 1000), (starts[3], 5), (starts[3] + 59, 20), (starts[-1] + 1e6, 3)]
        for at, limit in cases:
            assert await store.top(kind, at, limit) == expected_top(windows, kind, at, limit)
        assert await store.top(kind, starts[0] - 1, 10) == []
    assert await store.top("15m") == []


async def test_history_is_newest_first_within_bounds(store):
    windows = make_windows()
    await store.write_windows(windows)
    rows = expected_rows(windows).values()
    starts = sorted({w.window_start for w in windows})
    movies = sorted({w.movie_id for w in rows})[:6]
    for movie in movies:
        for low, high, limit in [(None, None, 1000), (starts[2], starts[8], 1000), (None, None, 2)]:
            want = sorted((w for w in rows if w.movie_id == movie and w.window_kind == "1m"
                           and (low is None or w.window_start >= low)
                           and (high is None or w.window_start < high)),
                          key=lambda w: -w.window_start)[:limit]
            assert await store.history(movie, "1m", low, high, limit) == want
    assert await store.history(10_000, "1m") == []


async def test_a_new_score_replaces_the_old_one_in_top(store, count_rows):
    base = make_windows()[0]
    await store.write_windows([base])
    other = WindowResult(**{**base.asdict(), "movie_id": base.movie_id + 1, "score": base.score + 1})
    await store.write_windows([other])
    assert [w.movie_id for w in await store.top(base.window_kind)] == [other.movie_id, base.movie_id]
    raised = WindowResult(**{**base.asdict(), "score": base.score + 2})
    await store.write_windows([raised])
    await store.write_windows([raised])
    assert await store.top(base.window_kind) == [raised, other]
    assert {n for t, n in count_rows().items() if "window" in t} == {2}


async def test_provisional_windows_are_not_stored(store):
    provisional = WindowResult(**{**make_windows()[0].asdict(), "final": False})
    assert await store.write_windows([provisional]) == 0
    assert await store.top(provisional.window_kind) == []


async def test_predictions_upsert_and_read_latest_first(store, count_rows):
    predictions = make_predictions()
    assert await store.write_predictions(predictions) == len(predictions)
    await store.write_predictions(predictions)
    changed = [p.__class__(**{**p.asdict(), "actual": 2.0, "error": 0.5}) for p in predictions[:10]]
    await store.write_predictions(changed)
    latest = {(p.movie_id, p.target_window_start, p.window_kind, p.model): p for p in predictions + changed}
    counts = count_rows()
    assert {counts[t] for t in counts if "prediction" in t} == {len(latest)}

    def order(p):
        return (-p.target_window_start, p.movie_id, p.window_kind, p.model)
    everything = sorted(latest.values(), key=order)
    assert await store.predictions(limit=50) == everything[:50]
    assert await store.predictions(limit=1000) == everything[:1000]
    for movie in (1, 4):
        assert await store.predictions(movie, limit=30) == [p for p in everything if p.movie_id == movie][:30]
    assert await store.predictions(999) == []


@pytest.mark.parametrize("limit", [0, 1001])
async def test_limits_are_bounded(store, limit):
    with pytest.raises(ValueError, match="limit"):
        await store.top("1m", limit=limit)
    with pytest.raises(ValueError, match="limit"):
        await store.predictions(limit=limit)


def test_columns_are_the_record_fields():
    """A field added to a record needs a column (and a schema change) in both back ends."""
    assert set(WINDOW_COLUMNS) == set(WindowResult._options.fields)
    assert set(PREDICTION_COLUMNS) == set(Prediction._options.fields)
