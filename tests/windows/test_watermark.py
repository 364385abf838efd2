"""Watermark: min over source partitions, idle timeout, restore; marker cadence."""

from __future__ import annotations

import json
import math
import random

import pytest

from trendscope.windows.watermark import MarkerEmitter, WatermarkTracker

LATENESS, IDLE = 600, 60


def tracker(sources: int = 4, now: float = 0.0, state=None) -> WatermarkTracker:
    return WatermarkTracker(sources, lateness=LATENESS, idle_timeout=IDLE, now=now, state=state)


def test_min_over_partitions_minus_lateness():
    w = tracker()
    for p, high in enumerate([50_000.0, 20_000.0, 90_000.0, 31_000.0]):
        w.observe_marker(p, high, now=1.0)
    assert w.watermark(now=1.0) == 20_000.0 - LATENESS
    assert w.is_late(20_000.0 - LATENESS - 0.001, now=1.0)
    assert not w.is_late(20_000.0 - LATENESS, now=1.0)


def test_skewed_partitions_mark_nothing_late():
    """4 partitions read at very different event-time positions (full-speed replay)."""
    rng = random.Random(7)
    streams = [sorted(rng.uniform(0, 86_400) for _ in range(5000)) for _ in range(4)]
    emitters = [MarkerEmitter(p, every_events=100, every_seconds=1.0, granularity=60) for p in range(4)]
    w, now, late, positions = tracker(), 0.0, 0, [0, 0, 0, 0]
    speeds = [1, 4, 16, 64]  # partition 3 runs hours ahead of partition 0 in event time
    spread = 0.0
    while any(pos < 5000 for pos in positions):
        for p in range(4):
            for t in streams[p][positions[p] : positions[p] + speeds[p]]:
                now += 0.0001
                late += w.is_late(t, now)
                marker = emitters[p].observe(t, now)
                if marker:
                    w.observe_marker(marker["partition"], marker["event_time"], now)
            positions[p] += speeds[p]
        heads = [streams[p][min(positions[p], 4999)] for p in range(4)]
        spread = max(spread, max(heads) - min(heads))
    assert late == 0
    assert spread > 12 * 3600


def test_an_idle_partition_is_left_out_after_the_timeout():
    w = tracker(sources=2)
    w.observe_marker(0, 10_000.0, now=0.0)
    w.observe_marker(1, 5_000.0, now=0.0)
    w.observe_marker(0, 20_000.0, now=IDLE)
    assert w.watermark(now=IDLE) == 5_000.0 - LATENESS  # silent exactly the timeout: still in
    assert w.watermark(now=IDLE + 0.5) == 20_000.0 - LATENESS  # longer: left out
    w.observe_marker(1, 6_000.0, now=IDLE + 1)  # back: counted again, the watermark holds
    assert w.watermark(now=IDLE + 1) == 20_000.0 - LATENESS
    assert w.is_late(6_000.0, now=IDLE + 1)  # the price of the timeout: its old events are late


def test_a_partition_never_heard_from_holds_until_the_timeout():
    w = tracker(sources=3, now=100.0)
    w.observe_marker(0, 9_000.0, now=101.0)
    w.observe_marker(1, 8_000.0, now=101.0)
    assert w.watermark(now=100.0 + IDLE) == -math.inf
    assert w.watermark(now=100.0 + IDLE + 0.1) == 8_000.0 - LATENESS


def test_all_idle_holds_and_never_goes_back():
    w = tracker(sources=1)
    w.observe_marker(0, 9_000.0, now=0.0)
    assert w.watermark(now=1.0) == 8_400.0
    assert w.watermark(now=10 * IDLE) == 8_400.0
    w.observe_marker(0, 100.0, now=10 * IDLE)  # a restarted source re-sends old progress
    assert w.watermark(now=10 * IDLE) == 8_400.0


def test_state_restores_highs_and_watermark_with_fresh_idle_clocks():
    w = tracker(sources=2)
    w.observe_marker(0, 9_000.0, now=0.0)
    w.observe_marker(1, 7_000.0, now=0.0)
    assert w.watermark(now=0.0) == 6_400.0
    state = json.loads(json.dumps(w.state()))
    assert state == {"highs": {"0": 9_000.0, "1": 7_000.0}, "watermark": 6_400.0}

    back = tracker(sources=2, now=5_000.0, state=state)  # long after: no one is idle yet
    assert back.watermark(now=5_000.0) == 6_400.0
    back.observe_marker(0, 9_500.0, now=5_001.0)
    assert back.watermark(now=5_001.0) == 6_400.0  # partition 1 still holds it
    assert back.watermark(now=5_000.0 + IDLE + 1) == 8_900.0
    assert tracker(sources=2).state() == {"highs": {}, "watermark": None}


def test_emitter_cadence_every_n_events_or_t_seconds():
    e = MarkerEmitter(0, every_events=3, every_seconds=5.0, granularity=60)
    sent = [e.observe(t, now=i * 0.1) for i, t in enumerate([10.0, 70.0, 20.0, 130.0, 200.0])]
    assert [m is not None for m in sent] == [True, False, False, True, False]
    assert sent[3] == {
        "partition": 0,
        "event_time": 130.0,
        "sent_at": 0.30000000000000004,
        "active": [0, 60, 120],
    }
    assert e.tick(now=5.2) is None  # 4.9 s after the last marker
    assert e.tick(now=5.3)["active"] == [180]
    assert e.tick(now=20.0) is None  # nothing pending: a quiet partition sends nothing


@pytest.mark.parametrize("bad", [-1, 4])
def test_unknown_partition_is_an_error(bad):
    with pytest.raises(ValueError, match="source partition"):
        tracker().observe_marker(bad, 1.0, now=0.0)
