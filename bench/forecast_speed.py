"""Forecast throughput: movie-windows/s through ``Forecaster.observe`` on one core (goal >= 10k/s).

Each observation is a full step: score+learn the pending forecast, push the window,
compute features, predict with the model and both baselines. Synthetic bursty mention
series for 1,000 movies, 60 s tumbling windows. ``--agent`` also times the agent's pure
path (``PartitionForecasts``: both targets, Prediction records, one state pickle per 500).

    .venv/bin/python bench/forecast_speed.py [--windows N] [--models linear bagged_trees] [--agent]
"""

from __future__ import annotations

import argparse
import random
import time

from trendscope.forecast.features import Point
from trendscope.forecast.models import BUILDERS, Forecaster


def stream(n: int, movies: int = 1000, seed: int = 7) -> list[tuple[int, Point]]:
    """``n`` final windows, all movies per window time, bursty counts and drifting popularity."""
    rng = random.Random(seed)
    level = [rng.lognormvariate(1, 1) for _ in range(movies)]
    out = []
    for i in range(n):
        m, t = i % movies, 60.0 * (i // movies)
        level[m] *= rng.lognormvariate(0, 0.2)
        out.append((m, Point(time=t, score=level[m] * 3 + 10, mentions=float(round(level[m])),
                             popularity=level[m] * 20,
                             velocity=rng.uniform(-1, 1), momentum=rng.uniform(-1, 1),
                             sentiment=rng.uniform(-1, 1), rating=6.5)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--windows", type=int, default=50_000)
    parser.add_argument("--models", nargs="+", choices=list(BUILDERS), default=["linear"])
    parser.add_argument("--agent", action="store_true")
    args = parser.parse_args()
    points = stream(args.windows)
    for name in args.models:
        fc = Forecaster("score", 60.0, (name,))
        start = time.perf_counter()
        for key, point in points:
            fc.observe(key, point)
        elapsed = time.perf_counter() - start
        n = fc.scores[name].n
        print(f"{name:>13}: {len(points) / elapsed:9,.0f} movie-windows/s "
              f"({len(points):,} windows, {n:,} learnt, {elapsed:.2f} s)")
    if args.agent:
        agent(points)


def agent(points: list[tuple[int, Point]]) -> None:
    """WindowResults through the agent's pure state (score and mentions targets, records, pickles)."""
    from trendscope.forecast.online import PartitionForecasts
    from trendscope.models import WindowResult
    from trendscope.settings import ForecastSettings, ScoreSettings, WindowSettings

    results = [WindowResult(movie_id=m, window_kind="tumbling", window_start=p.time, window_end=p.time + 60,
                            mentions=int(p.mentions), sentiment_sum=0.0, score=p.score, score_variant="seed",
                            final=True, avg_sentiment=p.sentiment, popularity=p.popularity,
                            velocity=p.velocity, momentum=p.momentum, weighted_rating=p.rating,
                            breakdown={"seed_popularity": 0.4 * p.popularity, "seed_sentiment": 15.0})
               for m, p in points]
    state = PartitionForecasts(ForecastSettings(max_movies=1000), WindowSettings(), ScoreSettings())
    start = time.perf_counter()
    records = 0
    for i, result in enumerate(results, 1):
        records += len(state.observe(result))
        if i % 500 == 0:
            state.dumps(900_000)
    elapsed = time.perf_counter() - start
    print(f"        agent: {len(results) / elapsed:9,.0f} results/s (2 targets, {records:,} records, "
          f"state pickled every 500, {elapsed:.2f} s)")


if __name__ == "__main__":
    main()
