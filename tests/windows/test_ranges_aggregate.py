"""Window assignment and the mention aggregate (order-free, redelivery-proof)."""

from __future__ import annotations

import json
import random

import pytest

from trendscope.settings import WindowSettings
from trendscope.windows.aggregate import add, merge, stats
from trendscope.windows.ranges import WindowSpec, window_specs


@pytest.mark.parametrize(("size", "step"), [(60, 60), (300, 60), (3600, 300), (10, 5)])
def test_every_event_lies_in_size_over_step_windows_that_hold_it(size, step):
    spec = WindowSpec("w", size, step)
    rng = random.Random(size)
    for t in [rng.uniform(-1e6, 2e9) for _ in range(2000)] + [0, size, step * 7, -step]:
        starts = list(spec.starts(t))
        assert len(starts) == size // step
        assert all(s % step == 0 and s <= t < spec.end(s) for s in starts)
        assert spec.end(starts[0]) - step <= t  # no further window holds it


def test_boundaries_are_half_open():
    spec = WindowSpec("tumbling", 60, 60)
    assert list(spec.starts(59.999999)) == [0]
    assert list(spec.starts(60)) == [60]
    assert list(spec.starts(-0.5)) == [-60]


def test_specs_from_settings_and_keys():
    tumbling, hopping = window_specs(WindowSettings(hopping_size_seconds=600, hopping_step_seconds=120))
    assert (tumbling.size, tumbling.step, hopping.size, hopping.step) == (60, 60, 600, 120)
    with pytest.raises(ValueError, match="multiple"):
        WindowSpec("bad", 300, 70)


def test_any_order_and_any_redelivery_give_identical_stats():
    rng = random.Random(1)
    events = [
        (f"k{i}", rng.choice([round(rng.uniform(-1, 1), 4), 0.05, -0.05, 0.1, 0.7])) for i in range(500)
    ]
    reference = {}
    for comment_id, sentiment in events:
        add(reference, comment_id, sentiment)
    expected = stats(reference)
    assert expected.mentions == 500
    assert expected.positive == sum(s >= 0.05 for _, s in events)
    assert expected.negative == sum(s <= -0.05 for _, s in events)
    for _ in range(20):
        stream = events + rng.sample(events, 200)
        rng.shuffle(stream)
        state = {}
        new = [add(state, c, s) for c, s in stream]
        assert sum(new) == 500
        assert stats(state) == expected  # bit for bit: the sum does not depend on order


def test_merge_ignores_ids_both_sides_hold_and_survives_json():
    a, b = {}, {}
    for i in range(10):
        add(a, f"k{i}", i / 10)
    for i in range(5, 15):
        add(b, f"k{i}", i / 10)
    assert merge(a, b) == 5
    a = json.loads(json.dumps(a))
    assert stats(a).mentions == 15 and stats(a).sentiment_sum == pytest.approx(10.5)
    assert stats({}).avg_sentiment == 0.0
