"""Forecast core: no look-ahead, baselines recomputed independently, schema, real data, restart, drift."""

from __future__ import annotations

import doctest
import importlib
import math
import random
from dataclasses import replace

import pytest

from tests.conftest import shared
from trendscope.forecast.backtest import backtest_daily, backtest_windows, daily_points, replay
from trendscope.forecast.features import Point
from trendscope.forecast.models import Forecaster, LogChangeModel, dumps, linear, loads


def _series(seed: int = 1, movies: int = 5, windows: int = 40) -> list[tuple[int, Point]]:
    rng = random.Random(seed)
    return [(m, Point(time=60.0 * t, score=rng.uniform(5, 50), mentions=float(rng.randint(0, 9)),
                      popularity=rng.uniform(10, 100), velocity=rng.uniform(-1, 1)))
            for t in range(windows) for m in range(movies)]


def _forecasts(points: list[tuple[int, Point]], target: str = "score") -> dict[tuple[int, float], dict]:
    fc = Forecaster(target, 60.0, ("linear",))
    out = {}
    for key, point in sorted(points, key=lambda kp: (kp[1].time, kp[0])):
        for forecast in fc.observe(key, point).forecasts:
            out[(key, forecast.target_time)] = forecast.predicted | {"x": forecast.features.x}
    return out


def test_prediction_for_t_plus_1_never_sees_t_plus_1():
    points = _series()
    last = max(p.time for _, p in points)
    wild = [(k, replace(p, score=p.score * 1e6, mentions=1e9, velocity=50.0) if p.time == last else p)
            for k, p in points]
    cut = [(k, p) for k, p in points if p.time < last]
    for target in ("score", "mentions"):
        honest, wilder, without = (_forecasts(s, target) for s in (points, wild, cut))
        for key_time, predicted in without.items():
            assert honest[key_time] == predicted == wilder[key_time]
        assert len(without) == 5 * 39
        assert honest[(0, last + 60)] != wilder[(0, last + 60)]  # t+1's data does reach t+2's forecast


def _pairs(points: list[tuple[int, Point]]) -> list[tuple[float, float, float]]:
    """(actual next, last, mean of last 3) for consecutive windows, in plain Python."""
    by_movie: dict[int, list[Point]] = {}
    for key, p in sorted(points, key=lambda kp: (kp[1].time, kp[0])):
        by_movie.setdefault(key, []).append(p)
    out = []
    for series in by_movie.values():
        for i in range(len(series) - 1):
            if series[i + 1].time - series[i].time == 60.0:
                recent = [p.score for p in series[max(0, i - 2): i + 1]]
                out.append((series[i + 1].score, series[i].score, sum(recent) / len(recent)))
    return out


def test_baseline_maes_equal_an_independent_computation():
    points = [kp for kp in _series(seed=3) if not (kp[0] == 2 and 600 <= kp[1].time < 900)]  # a gap
    report = replay(points, Forecaster("score", 60.0, ("linear",)))
    pairs = _pairs(points)
    persistence = sum(abs(a - last) for a, last, _ in pairs) / len(pairs)
    moving = sum(abs(a - mean) for a, _, mean in pairs) / len(pairs)
    assert report["baselines"]["persistence"]["n"] == len(pairs) == report["models"]["linear"]["n"]
    assert report["baselines"]["persistence"]["mae"] == pytest.approx(persistence, rel=1e-12)
    assert report["baselines"]["moving_average"]["mae"] == pytest.approx(moving, rel=1e-12)
    assert report["expired"] == 1


def _check_schema(report: dict) -> None:
    assert set(report) >= {"models", "baselines", "mae_ratio_vs_persistence"}
    assert report["models"] and all(isinstance(m, str) for m in report["models"])
    assert set(report["baselines"]) == {"persistence", "moving_average"}
    for block in (*report["models"].values(), *report["baselines"].values()):
        assert {"mae", "rmse", "r2", "n"} <= set(block)
        assert all(isinstance(block[k], float) for k in ("mae", "rmse", "r2"))
        assert isinstance(block["n"], int) and block["n"] > 0
    for name, ratio in report["mae_ratio_vs_persistence"].items():
        base = report["baselines"]["persistence"]["mae"]
        assert ratio == pytest.approx(report["models"][name]["mae"] / base)


def test_backtest_windows_json_schema():
    results = [{"movie_id": k, "window_kind": "tumbling", "window_start": p.time, "score": p.score,
                "mentions": int(p.mentions), "popularity": p.popularity, "velocity": p.velocity}
               for k, p in _series()]
    results += [r | {"window_kind": "hopping"} for r in results[:10]]
    report = backtest_windows(results, step=60.0, models=("linear",))
    assert set(report) == {"score", "mentions"}
    for target in report.values():
        _check_schema(target)
        assert target["models"]["linear"]["n"] == 5 * 39


def test_tmdb_daily_model_beats_persistence():
    path = shared("tmdb", "trending_daily_2021", "movies_trends.csv")
    report = backtest_daily(path, models=("linear",))
    _check_schema(report)
    ratio = report["mae_ratio_vs_persistence"]["linear"]
    print(f"TMDB daily next-day popularity: linear MAE {report['models']['linear']['mae']:.1f}, "
          f"persistence {report['baselines']['persistence']['mae']:.1f}, ratio {ratio:.3f}")
    assert report["baselines"]["persistence"]["n"] == 1278
    assert ratio < 1.0


def test_pickled_state_continues_metrics_and_learning():
    path = shared("tmdb", "trending_daily_2021", "movies_trends.csv")
    points = sorted(daily_points(path), key=lambda kp: (kp[1].time, kp[0]))
    half = len(points) // 2
    straight = Forecaster("popularity", 86_400.0)
    for key, point in points:
        straight.observe(key, point)
    first = Forecaster("popularity", 86_400.0)
    for key, point in points[:half]:
        first.observe(key, point)
    n_before = first.scores["linear"].n
    restored = loads(dumps(first))
    assert restored.scores["linear"].n == n_before > 0
    for key, point in points[half:]:
        restored.observe(key, point)
    assert restored.scores["linear"].n > n_before
    assert restored.report() == straight.report()


def test_state_version_is_checked():
    import pickle

    with pytest.raises(ValueError, match="version"):
        loads(pickle.dumps({"version": 0, "forecaster": None}))


@pytest.mark.parametrize("policy", ["reset", "new", "ignore"])
def test_drift_fires_on_a_level_shift(policy):
    rng = random.Random(5)
    model = LogChangeModel(linear(), on_drift=policy)
    fc = Forecaster("score", 60.0, ("linear",))
    fc.models["linear"] = model
    for t in range(600):
        level = 20.0 if t < 300 else 20.0 * (30 if t % 2 else 1 / 30)  # calm, then wild swings
        fc.observe(1, Point(time=60.0 * t, score=level * math.exp(rng.gauss(0, 0.05))))
    assert model.drifts >= 1
    if policy == "reset":
        assert model.version == 1 + model.drifts
    if policy == "ignore":
        assert model.version == 1 and model.challenger is None


@pytest.mark.parametrize("name", ["trendscope.forecast.features", "trendscope.forecast.models"])
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0


def test_sparse_windows_are_filled_with_zero_mentions():
    """A movie with no result in the next window had 0 mentions there; its score is the idle score."""
    rng = random.Random(11)
    minutes = sorted(rng.sample(range(400), 150))  # sparse: most minutes have no result
    counts = {m: rng.randint(1, 6) for m in minutes}
    points = [(9, Point(time=60.0 * m, mentions=float(n), score=3.0 * n + 15, idle_score=15.0))
              for m, n in counts.items()]
    reports = {t: replay(points, Forecaster(t, 60.0, ("linear",), idle_windows=1))
               for t in ("mentions", "score")}
    # plain Python: each mentioned minute m is forecast; its actual is the count at m+1 (0 if absent),
    # scored once a later result exists; the known series also holds that one filled minute.
    known: list[tuple[int, float]] = []
    pairs = []
    for i, m in enumerate(minutes):
        known.append((m, counts[m]))
        if i + 1 == len(minutes):
            break
        nxt = counts.get(m + 1, 0)
        recent = [v for _, v in known[-3:]]
        pairs.append((nxt, counts[m], sum(recent) / len(recent)))
        if m + 1 not in counts:
            known.append((m + 1, 0))
    n = len(pairs)
    assert reports["mentions"]["baselines"]["persistence"]["n"] == n == 149
    assert reports["mentions"]["baselines"]["persistence"]["mae"] == pytest.approx(
        sum(abs(a - last) for a, last, _ in pairs) / n)
    assert reports["mentions"]["baselines"]["moving_average"]["mae"] == pytest.approx(
        sum(abs(a - mean) for a, _, mean in pairs) / n)
    score_mae = sum(abs((3 * a + 15) - (3 * last + 15)) for a, last, _ in pairs) / n
    assert reports["score"]["baselines"]["persistence"]["mae"] == pytest.approx(score_mae)
    assert reports["mentions"]["filled"] == sum(1 for a, _, _ in pairs if a == 0) > 50


def test_predicted_change_is_clipped_to_the_learnt_range():
    """An extrapolating regressor cannot forecast e**20 times the last value (the old blowup)."""
    fc = Forecaster("mentions", 60.0, ("linear",))
    for t in range(200):
        fc.observe(1, Point(time=60.0 * t, mentions=float(2 + t % 2), velocity=0.01 * (t % 3)))
    step = fc.observe(1, Point(time=60.0 * 200, mentions=2.0, velocity=1e9))  # features never seen
    predicted = step.forecasts[0].predicted["linear"]
    learnt = (math.log(3 / 4) - 1e-9, math.log(4 / 3) + 1e-9)  # log1p changes between 2 and 3
    assert learnt[0] <= math.log1p(predicted) - math.log1p(2.0) <= learnt[1]
    unclipped = fc.models["linear"].live.regressor.predict_one(step.forecasts[0].features.x)
    assert unclipped > 10  # the regressor alone is far off
