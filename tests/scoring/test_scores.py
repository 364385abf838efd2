"""TrendScore, momentum and weighted rating against values worked out by hand from the formulas."""

from __future__ import annotations

import math

import pytest

from trendscope.scoring.momentum import baseline, label, remember, trend, velocity
from trendscope.scoring.rating import catalog_mean_vote, weighted_rating
from trendscope.scoring.trendscore import percentile_rank, trend_score
from trendscope.settings import ScoreSettings


def test_seed_formula_and_its_breakdown():
    s = trend_score(1234.5, 7, -0.2, popularity_pct=0.75, baseline=3.0, settings=ScoreSettings())
    assert s.variant == "seed"
    b = s.breakdown
    assert b["seed_popularity"] == pytest.approx(0.4 * 1234.5)  # 493.8
    assert b["seed_mentions"] == pytest.approx(0.3 * 7 * 10)  # 21
    assert b["seed_sentiment"] == pytest.approx(0.3 * 0.8 * 50)  # 12
    assert s.score == b["seed_score"] == pytest.approx(493.8 + 21 + 12)
    assert b["popularity_missing"] == 0.0


def test_normalised_terms_are_on_0_to_1_and_weighted():
    settings = ScoreSettings(w1=0.2, w2=0.5, w3=0.3, variant="normalised")
    s = trend_score(1234.5, 7, -0.2, popularity_pct=0.75, baseline=3.0, settings=settings)
    b = s.breakdown
    assert b["normalised_popularity"] == pytest.approx(0.2 * 0.75)
    assert b["normalised_mentions"] == pytest.approx(0.5 * 7 / 11)  # 7 / (7 + 3 + 1)
    assert b["normalised_sentiment"] == pytest.approx(0.3 * 0.4)  # (-0.2 + 1) / 2
    assert s.score == b["normalised_score"] == pytest.approx(0.15 + 3.5 / 11 + 0.12)
    assert b["seed_score"] == pytest.approx(0.2 * 1234.5 + 0.5 * 70 + 0.3 * 40)  # always computed


def test_no_mentions_and_missing_popularity():
    s = trend_score(None, 0, 0.0, popularity_pct=0.9, baseline=0.0, settings=ScoreSettings())
    assert s.breakdown["popularity_missing"] == 1.0
    assert s.breakdown["seed_popularity"] == 0.0 and s.breakdown["normalised_popularity"] == 0.0
    assert s.score == pytest.approx(0.3 * 1 * 50)  # only the sentiment term, at avg 0
    assert s.breakdown["normalised_mentions"] == 0.0


def test_percentile_rank_counts_ties_half():
    catalog = sorted([5.0, 10.0, 10.0, 40.0, 800.0])
    assert percentile_rank(10.0, catalog) == pytest.approx((1 + 2 / 2) / 5)
    assert percentile_rank(800.0, catalog) == pytest.approx(4.5 / 5)
    assert percentile_rank(1.0, catalog) == 0.0 and percentile_rank(9999.0, catalog) == 1.0


def test_velocity_momentum_score_and_label():
    # mentions in four consecutive windows, oldest first: 4, 8, 6, 12
    history = {"0": 4, "60": 8, "120": 6}
    t = trend(history, 180, 60, 12)
    v = [(12 - 6) / 6, (6 - 8) / 8, (8 - 4) / 4]  # 1.0, -0.25, 1.0
    assert t.velocity == pytest.approx(v[0])
    assert t.momentum == pytest.approx(sum(v) / 3)
    assert t.score == pytest.approx(50 + 50 * math.tanh(1.0 + 0.3 * 1.75 / 3))  # 93.5...
    assert t.label == "Viral"
    falling = trend({"0": 10, "60": 10, "120": 10}, 180, 60, 7)  # -30%: tanh(-0.3 - 0.03)
    assert falling.score == pytest.approx(50 - 50 * math.tanh(0.33))
    assert falling.label == "Cooling"
    assert trend({}, 180, 60, 0) == (0.0, 0.0, 50.0, "Stable")


def test_velocity_from_zero_and_label_edges():
    assert velocity(3, 0) == 3.0 and velocity(0, 5) == -1.0
    assert [label(x) for x in (80.0, 79.99, 60.0, 59.99, 40.0, 39.99, 20.0, 19.99)] == [
        "Viral",
        "Hot",
        "Hot",
        "Stable",
        "Stable",
        "Cooling",
        "Cooling",
        "Cold",
    ]


def test_baseline_and_bounded_history():
    history: dict[str, int] = {}
    for start, n in [(0, 3), (60, 0), (120, 5), (180, 1)]:
        remember(history, start, 60, n, keep=2)
    assert history == {"120": 5, "180": 1}  # zeros left out, older than 2 steps dropped
    assert baseline(history, 240, 60, 4) == pytest.approx((1 + 5 + 0 + 0) / 4)


def test_weighted_rating_by_hand():
    c = catalog_mean_vote([(7.0, 10), (8.0, 200), (None, 3), (9.0, 0)])
    assert c == pytest.approx(7.5)
    assert weighted_rating(9.0, 1000, c, 3000) == pytest.approx(1000 / 4000 * 9.0 + 3000 / 4000 * 7.5)
    assert weighted_rating(9.0, 0, c, 3000) == pytest.approx(7.5)
    assert weighted_rating(9.0, 10**9, c, 3000) == pytest.approx(9.0, abs=1e-5)
    assert weighted_rating(9.0, 10, None, 3000) is None
