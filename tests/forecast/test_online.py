"""The forecast agent's pure state: records, no look-ahead, restart from its pickled blob, bounds."""

from __future__ import annotations

import random

import pytest

from trendscope.forecast.online import PartitionForecasts, combined_maes
from trendscope.models import ForecastDrift, Prediction, WindowResult
from trendscope.settings import ForecastSettings, ScoreSettings, WindowSettings

WINDOWS, SCORE = WindowSettings(), ScoreSettings()


def _result(movie: int, minute: int, mentions: int, final: bool = True,
            kind: str = "tumbling") -> WindowResult:
    score = 0.3 * 10 * mentions + 0.3 * 50  # seed variant, no popularity, sentiment 0
    return WindowResult(movie_id=movie, window_kind=kind, window_start=60.0 * minute,
                        window_end=60.0 * minute + 60, mentions=mentions, sentiment_sum=0.0, score=score,
                        score_variant="seed", final=final, avg_sentiment=0.0,
                        breakdown={"seed_popularity": 0.0, "seed_sentiment": 15.0})


def _stream(seed: int = 2, minutes: int = 120) -> list[WindowResult]:
    rng = random.Random(seed)
    return [_result(movie, minute, rng.randint(1, 8)) for minute in range(minutes)
            for movie in (101, 202, 303) if rng.random() < 0.6]


def _state(**overrides) -> PartitionForecasts:
    return PartitionForecasts(ForecastSettings(**overrides), WINDOWS, SCORE)


def test_forecasts_are_sent_before_their_window_is_seen_and_never_change_with_it():
    stream = _stream()
    last = max(r.window_start for r in stream)
    wild = [_result(r.movie_id, int(r.window_start // 60), 10_000) if r.window_start == last else r
            for r in stream]
    sent = {}
    for name, results in (("honest", stream), ("wild", wild)):
        state, made = _state(), {}
        for r in results:
            for rec in state.observe(r):
                if isinstance(rec, Prediction) and rec.actual is None:
                    assert rec.target_window_start == r.window_start + 60  # made at the end of t, for t+1
                    key = (rec.movie_id, rec.target_window_start, rec.model)
                    made[key] = (rec.predicted, rec.features_hash)
        sent[name] = made
    before = {k: v for k, v in sent["honest"].items() if k[1] <= last}
    assert before and before == {k: v for k, v in sent["wild"].items() if k[1] <= last}
    after = [k for k in sent["honest"] if k[1] == last + 60 and k[2] == "mentions.linear"]
    assert after and all(sent["honest"][k] != sent["wild"][k] for k in after)


def test_each_forecast_is_sent_again_with_its_actual_value_and_error():
    state = _state()
    records = [rec for r in _stream() for rec in state.observe(r) if isinstance(rec, Prediction)]
    actual = {(r.movie_id, r.target_window_start, r.model): r for r in records if r.actual is not None}
    first = {(r.movie_id, r.target_window_start, r.model): r for r in records if r.actual is None}
    assert actual and set(actual) <= set(first)
    models = {r.model for r in records}
    assert models == {f"{t}.{n}" for t in ("score", "mentions") for n in ("linear", "persistence",
                                                                          "moving_average")}
    for key, rec in actual.items():
        assert rec.predicted == first[key].predicted
        assert rec.error == pytest.approx(rec.predicted - rec.actual)
    filled = [r for r in actual.values() if r.target == "mentions" and r.actual == 0]
    assert filled  # absent movies are scored as 0 mentions


def test_non_final_and_unconfigured_kinds_are_ignored():
    state = _state()
    assert state.observe(_result(1, 0, 3, final=False)) == []
    assert state.observe(_result(1, 0, 3, kind="hopping")) == []
    assert state.observe(_result(1, 0, 3))


def test_restored_state_continues_exactly():
    stream = _stream(seed=4, minutes=200)
    straight, first = _state(), _state()
    expected = [rec for r in stream for rec in straight.observe(r)]
    half = len(stream) // 2
    got = [rec for r in stream[:half] for rec in first.observe(r)]
    restored = PartitionForecasts.loads(first.dumps(10**7), ForecastSettings(), WINDOWS, SCORE)
    assert restored.maes() == first.maes() and restored.maes()
    got += [rec for r in stream[half:] for rec in restored.observe(r)]
    assert [rec.asdict() for rec in got] == [rec.asdict() for rec in expected]
    assert combined_maes([restored]) == pytest.approx({k: v for k, (v, _) in straight.maes().items()})


def test_state_under_other_settings_or_version_is_refused():
    data = _state().dumps(10**7)
    with pytest.raises(ValueError, match="settings"):
        PartitionForecasts.loads(data, ForecastSettings(models=["linear", "bagged_trees"]), WINDOWS, SCORE)
    with pytest.raises(ValueError, match="unreadable"):
        PartitionForecasts.loads(b"junk", ForecastSettings(), WINDOWS, SCORE)


def test_state_is_bounded_by_bytes():
    state = _state()
    for minute in range(3):
        for movie in range(3000):
            state.observe(_result(movie + 1, minute, 1 + movie % 5))
    unbounded = len(state.dumps(10**9))
    data = state.dumps(unbounded // 3)
    assert len(data) <= unbounded // 3 and state.evicted > 0
    assert PartitionForecasts.loads(data, ForecastSettings(), WINDOWS, SCORE).maes() == state.maes()


def test_combined_mae_is_weighted_by_predictions():
    a, b = _state(), _state()
    for r in _stream(seed=5):
        a.observe(r)
    for r in _stream(seed=6, minutes=40):
        b.observe(r)
    (mae_a, n_a), (mae_b, n_b) = a.maes()["tumbling.score.linear"], b.maes()["tumbling.score.linear"]
    expected = (mae_a * n_a + mae_b * n_b) / (n_a + n_b)
    assert combined_maes([a, b])["tumbling.score.linear"] == pytest.approx(expected)


def test_drift_records_name_target_and_signal():
    state = _state(on_drift="reset")
    records = []
    for minute in range(600):
        n = 2 if minute < 300 else (1 if minute % 2 else 60)  # calm, then wild swings
        records += state.observe(_result(7, minute, n))
    drifts = [r for r in records if isinstance(r, ForecastDrift)]
    assert {(d.model, d.signal) for d in drifts} >= {("mentions.linear", "abs_error")}
    assert all(d.window_kind == "tumbling" and d.event_time >= 300 * 60 for d in drifts)
