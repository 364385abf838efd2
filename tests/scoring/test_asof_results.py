"""As-of join, catalog, and the WindowResult fields of one window."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from trendscope.scoring.asof import add_snapshot, as_of, catalog_as_of, entry, prune
from trendscope.scoring.results import history_key, window_results
from trendscope.settings import ScoreSettings
from trendscope.windows.aggregate import WindowStats

DAY = 86_400


@dataclass(frozen=True)
class Snap:
    movie_id: int
    title: str
    fetched_at: float
    source_list: str = "trending_day"
    popularity: float | None = 10.0
    vote_average: float | None = 7.0
    vote_count: int | None = 100
    retired: bool = False


def histories(*snaps: Snap) -> dict[int, list]:
    out: dict[int, list] = {}
    for snap in snaps:
        add_snapshot(out.setdefault(snap.movie_id, []), snap)
    return out


def test_as_of_takes_the_latest_at_or_before_the_end_not_the_newest():
    h = histories(
        Snap(1, "A", 300.0, popularity=3.0), Snap(1, "A", 100.0, popularity=1.0), Snap(1, "A", 200.0)
    )[1]
    assert [e["t"] for e in h] == [100.0, 200.0, 300.0]
    assert as_of(h, 250.0)["t"] == 200.0
    assert as_of(h, 300.0)["popularity"] == 3.0
    assert as_of(h, 99.0) is None


def test_redelivered_snapshot_is_stored_once_and_history_is_capped():
    h: list = []
    for _ in range(3):
        add_snapshot(h, Snap(1, "A", 100.0))
    assert len(h) == 1
    for t in range(10):
        add_snapshot(h, Snap(1, "A", 200.0 + t), keep=4)
    assert [e["t"] for e in h] == [206.0, 207.0, 208.0, 209.0]


def test_catalog_needs_a_recent_list_snapshot_and_no_retirement():
    snaps = histories(
        Snap(1, "Listed", 0.0),
        Snap(1, "Listed", 500.0, source_list="details", popularity=99.0),
        Snap(2, "Details only", 100.0, source_list="details"),
        Snap(3, "Retired", 0.0),
        Snap(3, "Retired", 50.0, source_list="details", retired=True),
        Snap(4, "Stale", -10 * DAY),
        Snap(5, "Future", 2_000.0),
    )
    catalog = catalog_as_of(snaps, 1_000.0, max_age=DAY)
    assert list(catalog) == [1]
    assert catalog[1]["popularity"] == 99.0  # the latest snapshot of any kind gives the values


def test_prune_keeps_what_later_windows_need():
    h = histories(
        Snap(1, "A", 0.0),
        Snap(1, "A", 100.0, source_list="details"),
        Snap(1, "A", 200.0, source_list="details"),
        Snap(1, "A", 300.0),
    )[1]
    before = {t: (as_of(h, t), catalog_as_of({1: h}, t, DAY)) for t in (250.0, 299.0, 300.0, 900.0)}
    prune(h, 250.0)
    assert [e["t"] for e in h] == [0.0, 200.0, 300.0]  # the list snapshot at 0 still makes the catalog
    assert {t: (as_of(h, t), catalog_as_of({1: h}, t, DAY)) for t in before} == before


def test_the_movie_snapshot_record_fits():
    from trendscope.models import MovieSnapshot

    snap = MovieSnapshot(
        movie_id=550, title="Fight Club", fetched_at=5.0, source_list="popular", popularity=61.4
    )
    assert entry(snap)["listed"] and entry(snap)["popularity"] == 61.4


def test_window_results_score_every_catalog_movie_and_the_mentioned_ones():
    settings = ScoreSettings(rating_min_votes=1000)
    snaps = histories(
        Snap(1, "Mentioned", 0.0, popularity=100.0, vote_average=8.0, vote_count=3000),
        Snap(2, "Quiet", 0.0, popularity=400.0, vote_average=6.0, vote_count=50),
        Snap(3, "Other partition", 0.0, popularity=25.0, vote_average=7.0, vote_count=0),
        Snap(4, "Unlisted", 0.0, source_list="details", popularity=5.0),
    )
    stats = {1: WindowStats(4, 2.0, 0.5, 3, 0), 9: WindowStats(1, -0.5, -0.5, 0, 1)}
    past = {history_key(1, "tumbling"): {"0": 2}}
    results, updated = window_results(
        "tumbling",
        60,
        120,
        60,
        stats=stats,
        snapshots=snaps,
        histories=past,
        settings=settings,
        final=True,
        mine=lambda m: m != 3,
    )
    by_id = {r["movie_id"]: r for r in results}
    assert list(by_id) == [1, 2, 9]

    one, quiet, unknown = by_id[1], by_id[2], by_id[9]
    mean_vote = (8.0 + 6.0) / 2  # movie 3 has no votes; movie 4 is not in the catalog
    assert one["weighted_rating"] == pytest.approx(3000 / 4000 * 8.0 + 1000 / 4000 * mean_vote)
    assert one["score"] == pytest.approx(0.4 * 100.0 + 0.3 * 4 * 10 + 0.3 * 1.5 * 50)
    assert one["breakdown"]["normalised_popularity"] == pytest.approx(0.4 * (1 + 0.5) / 3)  # 25 < 100 < 400
    assert one["breakdown"]["mentions_baseline"] == pytest.approx(2 / 10)
    assert one["breakdown"]["normalised_mentions"] == pytest.approx(0.3 * 4 / (4 + 0.2 + 1))
    assert one["velocity"] == pytest.approx((4 - 2) / 2) and one["breakdown"]["positive"] == 3.0
    assert (one["title"], one["popularity_at"], one["final"]) == ("Mentioned", 0.0, True)

    assert (quiet["mentions"], quiet["avg_sentiment"], quiet["sentiment_sum"]) == (0, 0.0, 0.0)
    assert quiet["score"] == pytest.approx(0.4 * 400.0 + 0.3 * 50)
    assert quiet["weighted_rating"] == pytest.approx(50 / 1050 * 6.0 + 1000 / 1050 * mean_vote)

    assert unknown["popularity"] is None and unknown["title"] is None
    assert unknown["breakdown"]["popularity_missing"] == 1.0
    assert unknown["weighted_rating"] == pytest.approx(mean_vote)

    assert updated == {history_key(1, "tumbling"): {"0": 2, "60": 4}, history_key(9, "tumbling"): {"60": 1}}
    _, provisional = window_results(
        "tumbling", 60, 120, 60, stats=stats, snapshots=snaps, histories=past, settings=settings, final=False
    )
    assert provisional == {}
