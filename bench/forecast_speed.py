"""Forecast throughput: movie-windows/s through ``Forecaster.observe`` on one core (goal >= 10k/s).

Each observation is a full step: score+learn the pending forecast, push the window,
compute features, predict with the model and both baselines. Synthetic bursty mention
series for 1,000 movies, 60 s tumbling windows.

    .venv/bin/python bench/forecast_speed.py [--windows N] [--models linear bagged_trees]
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


if __name__ == "__main__":
    main()
