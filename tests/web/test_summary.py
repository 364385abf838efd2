"""The API's JSON shaping of store rows (pure)."""

from __future__ import annotations

import pytest

from tests.web import rows
from trendscope.models import Prediction
from trendscope.web.summary import model_errors, next_predictions, score_terms, window_row

LABELS = rows.LABELS


def test_terms_of_the_windows_own_variant_add_up_to_its_score():
    for w in rows.windows()[:20]:
        terms = score_terms(w)
        assert set(terms) == {"popularity", "mentions", "sentiment"}
        assert sum(terms.values()) == pytest.approx(w.score)
    row = window_row(rows.windows()[0], LABELS)
    assert row["window"] == "1m" and row["window_start_iso"] == "2023-11-14T22:14:00Z"


def _p(target: float, model: str, predicted: float, actual: float | None = None,
       error: float | None = None) -> Prediction:
    return Prediction(movie_id=1, window_kind="hopping", target_window_start=target, target="score",
                      predicted=predicted, model=model, model_version=1, features_hash="h", actual=actual,
                      error=error)


def test_model_errors_and_the_pending_forecast_band():
    preds = [_p(60, "linear", 10, actual=14), _p(120, "linear", 10, actual=8), _p(180, "linear", 30),
             _p(240, "linear", 31), _p(60, "persistence", 5, error=-3), _p(120, "new", 1)]
    errors = model_errors(preds, LABELS)
    assert [(e["model"], e["n"], e["mae"], e["baseline"]) for e in errors] == [
        ("linear", 2, 3.0, False), ("new", 0, None, False), ("persistence", 1, 3.0, True)]
    nxt = {p["model"]: p for p in next_predictions(preds, errors, LABELS)}
    assert set(nxt) == {"linear", "new"}  # persistence has nothing pending
    assert nxt["linear"]["target_window_start"] == 240 and nxt["linear"]["band"] == [28.0, 34.0]
    assert nxt["new"]["band"] is None and nxt["new"]["mae"] is None
