"""Store rows as the API's JSON: windows with their score terms, predictions, model errors (pure)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from trendscope.forecast.models import is_baseline
from trendscope.models import MovieSnapshot, Prediction, WindowResult
from trendscope.timeparse import iso

TERMS = ("popularity", "mentions", "sentiment")


def score_terms(window: WindowResult) -> dict[str, float]:
    """The terms that add up to ``score`` in the window's own variant (``seed_mentions`` ...)."""
    breakdown = window.breakdown or {}
    out = {}
    for term in TERMS:
        value = breakdown.get(f"{window.score_variant}_{term}", breakdown.get(term))
        if value is not None:
            out[term] = value
    return out


def window_row(window: WindowResult, labels: Mapping[str, str]) -> dict[str, Any]:
    """A stored window, named by its length (``window``), times also in ISO, with its score terms."""
    return {**window.asdict(), "window": labels.get(window.window_kind, window.window_kind),
            "window_start_iso": iso(window.window_start), "window_end_iso": iso(window.window_end),
            "terms": score_terms(window)}


def abs_error(prediction: Prediction) -> float | None:
    """|actual - predicted| once the target window is final, else None."""
    if prediction.error is not None:
        return abs(prediction.error)
    if prediction.actual is not None:
        return abs(prediction.actual - prediction.predicted)
    return None


def prediction_row(prediction: Prediction, labels: Mapping[str, str]) -> dict[str, Any]:
    return {**prediction.asdict(), "window": labels.get(prediction.window_kind, prediction.window_kind),
            "target_window_start_iso": iso(prediction.target_window_start),
            "abs_error": abs_error(prediction), "baseline": is_baseline(prediction.model)}


def model_errors(predictions: Iterable[Prediction], labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """Mean absolute error of each (window, model) over the scored predictions given, models first."""
    errors: dict[tuple[str, str], list[float]] = defaultdict(list)
    for p in predictions:
        err = abs_error(p)
        scored = errors[(p.window_kind, p.model)]  # a model with none scored yet: n 0, mae None
        if err is not None:
            scored.append(err)
    rows = [{"window": labels.get(kind, kind), "model": model, "baseline": is_baseline(model),
             "n": len(errs), "mae": sum(errs) / len(errs) if errs else None}
            for (kind, model), errs in errors.items()]
    return sorted(rows, key=lambda r: (r["window"], r["baseline"], r["model"]))


def next_predictions(predictions: Iterable[Prediction], errors: list[dict[str, Any]],
                     labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """The pending forecast (not scored yet) with the latest target of each (window, model), with
    the model's current MAE and the band ``predicted ± mae``."""
    latest: dict[tuple[str, str], Prediction] = {}
    for p in predictions:
        key = (p.window_kind, p.model)
        current = latest.get(key)
        if abs_error(p) is None and (current is None or p.target_window_start > current.target_window_start):
            latest[key] = p
    mae = {(e["window"], e["model"]): e["mae"] for e in errors}
    out = []
    for p in latest.values():
        row = prediction_row(p, labels)
        row["mae"] = err = mae.get((row["window"], p.model))
        row["band"] = None if err is None else [p.predicted - err, p.predicted + err]
        out.append(row)
    return sorted(out, key=lambda r: (r["window"], r["baseline"], r["model"]))


def snapshot_row(snapshot: MovieSnapshot | None) -> dict[str, Any] | None:
    if snapshot is None:
        return None
    return {**snapshot.asdict(), "fetched_at_iso": iso(snapshot.fetched_at)}
