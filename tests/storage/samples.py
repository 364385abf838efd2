"""Deterministic sample windows and predictions for the store tests."""

from __future__ import annotations

import random

from trendscope.models import Prediction, WindowResult


def make_windows(seed: int = 1, movies: int = 25, starts: int = 12) -> list[WindowResult]:
    """Final and provisional windows of two kinds, some keys repeated with another score."""
    rng = random.Random(seed)
    out = []
    for kind, size in (("1m", 60), ("5m", 300)):
        for step in range(starts):
            start = 1_700_000_040.0 + step * 60
            for movie in rng.sample(range(1, 400), movies):
                out.append(WindowResult(
                    movie_id=movie, window_kind=kind, window_start=start, window_end=start + size,
                    mentions=rng.randint(0, 50), sentiment_sum=round(rng.uniform(-5, 5), 3),
                    score=round(rng.uniform(0, 10), 2), score_variant="seed", final=rng.random() > 0.1,
                    title=f"Movie {movie}", avg_sentiment=round(rng.uniform(-1, 1), 4),
                    popularity=round(rng.uniform(0, 500), 3), popularity_at=round(start - rng.random(), 3),
                    breakdown={"popularity": 0.4, "mentions": 0.3, "sentiment": 0.3}, label="rising"))
    repeats = [WindowResult(**{**w.asdict(), "score": w.score + 1.5}) for w in rng.sample(out, 20)]
    return out + repeats


def make_predictions(seed: int = 2) -> list[Prediction]:
    rng = random.Random(seed)
    return [Prediction(movie_id=movie, window_kind=kind, target_window_start=1_700_000_040.0 + 60 * step,
                       target="score", predicted=round(rng.uniform(0, 10), 3), model=model, model_version=1,
                       features_hash="f" * 8, actual=None if step > 8 else 1.0, error=None)
            for movie in range(1, 8) for kind in ("1m", "5m") for step in range(0, 200, 7)
            for model in ("river-arf", "baseline")]
