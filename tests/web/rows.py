"""Known store rows for the web tests: final windows of two kinds, scored and pending forecasts."""

from __future__ import annotations

import random

from trendscope.models import MovieSnapshot, Prediction, WindowResult

T0 = 1_700_000_040.0  # a window start (multiple of 60)
STEPS = 12
MOVIES = list(range(101, 109))
KINDS = {"tumbling": 60, "hopping": 300}
LABELS = {"tumbling": "1m", "hopping": "5m"}
FORECAST_MOVIES = (101, 102, 103)
MODELS = ("score.linear", "score.persistence")  # as the forecast agent names them
CATALOG = MovieSnapshot(movie_id=101, title="Oppenheimer", fetched_at=T0 + 30, source_list="popular",
                        popularity=321.5, vote_average=8.1, vote_count=9000)


def windows(seed: int = 7) -> list[WindowResult]:
    rng = random.Random(seed)
    out = []
    for kind, size in KINDS.items():
        for step in range(STEPS):
            start = T0 + 60 * step
            for movie in MOVIES:
                mentions = rng.randint(0, 40)
                sentiment = round(rng.uniform(-1, 1), 4)
                terms = {"popularity": round(rng.uniform(0, 50), 3), "mentions": mentions * 10.0,
                         "sentiment": round((sentiment + 1) * 50, 3)}
                out.append(WindowResult(
                    movie_id=movie, window_kind=kind, window_start=start, window_end=start + size,
                    mentions=mentions, sentiment_sum=round(sentiment * mentions, 4),
                    score=round(sum(terms.values()), 3), score_variant="seed", final=True,
                    title=f"Film {movie}", avg_sentiment=sentiment, popularity=terms["popularity"] * 10,
                    breakdown={f"seed_{k}": v for k, v in terms.items()} | {"normalised_mentions": 0.5},
                    label=rng.choice(["Viral", "Hot", "Stable", "Cooling", "Cold"])))
    return out


def predictions(seed: int = 8) -> list[Prediction]:
    """Scored forecasts for every past window, and one pending for the window after the last."""
    rng = random.Random(seed)
    out = []
    for movie in FORECAST_MOVIES:
        for model in MODELS:
            for step in range(1, STEPS + 1):
                actual = None if step == STEPS else round(rng.uniform(50, 400), 3)
                out.append(Prediction(
                    movie_id=movie, window_kind="hopping", target_window_start=T0 + 60 * step,
                    target="score", predicted=round(rng.uniform(50, 400), 3), model=model,
                    model_version=1, features_hash="abc", actual=actual))
    return out
