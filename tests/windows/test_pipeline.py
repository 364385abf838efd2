"""Streaming path (pure modules, in memory) against the batch oracle."""

from __future__ import annotations

import random
import zlib

import pytest

from tests.windows.data import comments, mention_rows, snapshots
from tests.windows.pipeline import Comment, Pipeline
from trendscope.settings import ScoreSettings, WindowSettings
from trendscope.windows.oracle import batch_results

WINDOWS = WindowSettings()
LATENESS = WINDOWS.allowed_lateness_seconds
STEP = 0.001  # processing seconds per comment


def source_of(comment: Comment, sources: int) -> int:
    return zlib.crc32(comment.comment_id.encode()) % sources


def replay(pipeline: Pipeline, queues: list[list[Comment]], speeds: list[int], now: float = 0.0) -> float:
    """Read the source partitions round-robin, ``speeds[p]`` comments of partition p per round."""
    positions = [0] * len(queues)
    while any(pos < len(q) for pos, q in zip(positions, queues, strict=True)):
        for p, queue in enumerate(queues):
            for _ in range(speeds[p]):
                if positions[p] < len(queue):
                    now += STEP
                    pipeline.deliver(p, queue[positions[p]], now)
                    positions[p] += 1
        pipeline.tick(now)
    now += pipeline.windows.marker_every_seconds  # the sources' timers flush what is pending
    pipeline.tick(now)
    return now


def shuffled_within(items: list[Comment], bound: float, rng: random.Random) -> list[Comment]:
    """Arrival order displaced by less than ``bound`` seconds of event time."""
    return sorted(items, key=lambda c: c.t + rng.uniform(0, bound))


def split(items: list[Comment], sources: int) -> list[list[Comment]]:
    queues: list[list[Comment]] = [[] for _ in range(sources)]
    for comment in items:
        queues[source_of(comment, sources)].append(comment)
    return queues


def expected(
    items: list[Comment], score: ScoreSettings, windows: WindowSettings = WINDOWS, snaps=None
) -> dict:
    snaps = snapshots(0) if snaps is None else snaps
    return batch_results(mention_rows(items), snaps, windows, score, [c.t for c in items])


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("variant", ["seed", "normalised"])
def test_shuffled_within_lateness_gives_the_batch_results(seed, variant):
    rng = random.Random(seed)
    items = comments(seed)
    score = ScoreSettings(variant=variant)
    pipeline = Pipeline(WINDOWS, score, sources=4, sinks=3, snapshots=snapshots(0))
    arrival = shuffled_within(items, 0.9 * LATENESS, rng)
    now = replay(pipeline, split(arrival, 4), speeds=[rng.randint(1, 5) for _ in range(4)])
    pipeline.end_of_input(now)

    assert pipeline.late == []
    want = expected(items, score)
    got = pipeline.results
    assert got.keys() == want.keys()
    assert got == want
    # the data really exercises the catalog, zero-mention rows and missing popularity
    assert sum(r["mentions"] == 0 for r in got.values()) > 100
    assert any(r["breakdown"]["popularity_missing"] for r in got.values())
    assert {r["label"] for r in got.values()} >= {"Viral", "Stable", "Cold"}


def test_a_data_gap_scores_no_empty_windows():
    items = comments(1)
    pipeline = Pipeline(WINDOWS, ScoreSettings(), snapshots=snapshots(0))
    pipeline.end_of_input(replay(pipeline, split(items, 4), speeds=[1, 1, 1, 1]))
    starts = {start for _, _, start in pipeline.results}
    gap = (max(c.t for c in items[: len(items) * 2 // 3]), min(c.t for c in items[len(items) * 2 // 3 :]))
    assert not [s for s in starts if gap[0] + 600 < s < gap[1] - 600]


def test_events_beyond_the_lateness_are_reported_late_and_not_counted():
    items = comments(2)
    rng = random.Random(2)
    early = [c for c in items[:600] if c.mentions]
    held_back = set(rng.sample([c.comment_id for c in early], 25))
    on_time = [c for c in items if c.comment_id not in held_back]
    pipeline = Pipeline(WINDOWS, ScoreSettings(), snapshots=snapshots(0))
    now = replay(pipeline, split(on_time, 4), speeds=[2, 1, 3, 1])
    # they arrive hours after their event time, once every partition is far ahead
    now = replay(pipeline, split([c for c in items if c.comment_id in held_back], 4), [1, 1, 1, 1], now)
    pipeline.end_of_input(now)

    late_ids = {comment_id for _, comment_id, _ in pipeline.late}
    assert late_ids == held_back
    assert len(pipeline.late) == sum(len(c.mentions) for c in items if c.comment_id in held_back)
    assert pipeline.results == expected(on_time, ScoreSettings())


def test_redelivered_comments_count_once_also_across_a_restart():
    items = comments(3)
    rng = random.Random(3)
    redelivered = items + rng.sample(items, 300)  # duplicates within the lateness: plain redelivery
    arrival = shuffled_within(redelivered, 0.5 * LATENESS, rng)
    half = len(arrival) // 2
    pipeline = Pipeline(WINDOWS, ScoreSettings(), snapshots=snapshots(0))
    now = replay(pipeline, split(arrival[:half], 4), speeds=[1, 2, 1, 2])
    pipeline.restart_sinks(now + 100)  # crash; the last 400 comments come again
    now = replay(pipeline, split(arrival[half - 400 :], 4), speeds=[1, 2, 1, 2], now=now + 100)
    pipeline.end_of_input(now)

    assert pipeline.late == []
    assert pipeline.duplicates > 300
    assert pipeline.results == expected(items, ScoreSettings())


@pytest.mark.parametrize("speeds", [[1, 3, 9, 27], [40, 1, 1, 1]])
def test_skewed_partitions_mark_nothing_late(speeds):
    """A full-speed replay reads partitions hours apart in event time: skew is not lateness."""
    items = comments(4, n=4000)
    queues = split(items, 4)
    pipeline = Pipeline(WINDOWS, ScoreSettings(), snapshots=snapshots(0))
    pipeline.end_of_input(replay(pipeline, queues, speeds))

    assert pipeline.late == []
    assert pipeline.results == expected(items, ScoreSettings())
    assert naive_late_share(queues, speeds) > 0.2


def naive_late_share(queues: list[list[Comment]], speeds: list[int]) -> float:
    """Share of comments a single "highest time seen minus lateness" rule would call late."""
    high, late, seen = float("-inf"), 0, 0
    positions = [0] * len(queues)
    while any(pos < len(q) for pos, q in zip(positions, queues, strict=True)):
        for p, queue in enumerate(queues):
            for comment in queue[positions[p] : positions[p] + speeds[p]]:
                late += comment.t < high - LATENESS
                high = max(high, comment.t)
                seen += 1
            positions[p] += speeds[p]
    return late / seen


def test_results_are_valid_window_result_records():
    from trendscope.models import WindowResult

    items = comments(5, n=300)
    pipeline = Pipeline(WINDOWS, ScoreSettings(), snapshots=snapshots(0))
    pipeline.end_of_input(replay(pipeline, split(items, 4), [1, 1, 1, 1]))
    records = [WindowResult(**r) for r in pipeline.results.values()]
    assert records and all(r.final for r in records)
    assert WindowResult.loads(records[0].dumps()) == records[0]
