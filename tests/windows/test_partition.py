"""One window partition over minute buckets: outcomes, merged stats, expiry by event time."""

from __future__ import annotations

import math
import random

from trendscope.settings import ScoreSettings, WindowSettings
from trendscope.windows.partition import WindowPartition, bucket_key

DAY = 86_400
WINDOWS = WindowSettings(allowed_lateness_seconds=600, retention_seconds=DAY)


def partition(buckets: dict, state: dict | None = None) -> WindowPartition:
    return WindowPartition(WINDOWS, ScoreSettings(), sources=1, now=0.0, buckets=buckets, histories={},
                           snapshots=dict, mine=lambda movie: True, state=state)


def test_one_bucket_write_per_mention_and_outcomes():
    buckets: dict = {}
    p = partition(buckets)
    assert p.mention(7, "a", 125.0, 0.5, now=0.0) == "added"
    assert p.mention(7, "a", 125.0, 0.5, now=0.0) == "duplicate"
    assert p.mention(7, "b", 179.0, -0.5, now=0.0) == "added"
    assert buckets == {bucket_key(7, 120): {"a": 0.5, "b": -0.5}}
    p.marker(0, 2_000.0, [], now=0.0)  # watermark 1_400
    assert p.mention(7, "c", 1_399.0, 0.1, now=0.0) == "late"
    assert p.mention(7, "a", 125.0, 0.5, now=0.0) == "duplicate"  # a redelivery is not late
    assert p.mention(7, "d", 1_400.0, 0.1, now=0.0) == "added"


def test_window_stats_equal_a_direct_count_over_the_window():
    rng = random.Random(3)
    mentions = [(rng.choice([1, 2]), f"c{i}", rng.uniform(0, 3_000), rng.uniform(-1, 1)) for i in range(400)]
    mentions += mentions[:50]  # redeliveries
    p = partition({})
    for movie, comment, t, sentiment in sorted(mentions, key=lambda m: m[2]):
        assert p.mention(movie, comment, t, sentiment, now=0.0) != "late"
    results = p.marker(0, 10_000.0, [], now=0.0)
    unique = {(m, c): (t, s) for m, c, t, s in mentions}
    checked = 0
    for r in results:
        inside = [s for (m, _), (t, s) in unique.items()
                  if m == r["movie_id"] and r["window_start"] <= t < r["window_end"]]
        assert r["mentions"] == len(inside)
        assert r["sentiment_sum"] == math.fsum(inside)
        checked += bool(inside)
    assert checked > 50
    assert {r["window_kind"] for r in results} == {"tumbling", "hopping"}


def test_buckets_expire_by_event_time_also_after_a_restore():
    buckets: dict = {}
    p = partition(buckets)
    p.mention(1, "a", 30.0, 0.0, now=0.0)
    p.mention(2, "b", 630.0, 0.0, now=0.0)
    p.marker(0, 5_000.0, [], now=10 * 365 * DAY)  # a decade of wall clock changes nothing
    assert set(buckets) == {bucket_key(1, 0), bucket_key(2, 600)}

    back = partition(buckets, state=p.state())  # a restart: the store came back from the changelog
    back.restore(buckets)
    # bucket 0 is in windows up to [0, 300) + ... ending 300 at the latest: gone once 300 + retention passed
    back.marker(0, 600.0 + 300 + DAY - 1, [], now=0.0)  # watermark 300 + DAY - 1
    assert set(buckets) == {bucket_key(1, 0), bucket_key(2, 600)}
    back.marker(0, 600.0 + 300 + DAY, [], now=0.0)
    assert set(buckets) == {bucket_key(2, 600)}
    back.marker(0, 10 * DAY, [], now=0.0)
    assert buckets == {}
