"""Predicted vs actual next-window values of the top movies of a backtest, as a PNG.

matplotlib is an optional extra (``pip install 'trendscope[plot]'``): the worker never
needs it, and a readable plot needs axes, labels and a legend, which a hand-made PNG
writer would have to re-implement. Without it :func:`plot` raises :class:`PlotUnavailable`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from trendscope.forecast.models import Outcome


class PlotUnavailable(RuntimeError):
    """matplotlib is not installed."""


def top_movies(outcomes: Iterable[Outcome], n: int) -> list[tuple[object, list[Outcome]]]:
    """The ``n`` movies with the largest total actual value, each with its outcomes in time order."""
    by_movie: dict[object, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_movie[outcome.forecast.key].append(outcome)
    ranked = sorted(by_movie.items(), key=lambda kv: (-sum(o.actual for o in kv[1]), str(kv[0])))
    return [(key, sorted(rows, key=lambda o: o.forecast.target_time)) for key, rows in ranked[:n]]


def plot(outcomes: Iterable[Outcome], path: Path, *, target: str, names: dict[object, str] | None = None,
         top: int = 4, models: tuple[str, ...] = ("linear", "persistence")) -> None:
    """One panel per top movie: the actual value and each of ``models``' forecasts, per scored window."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise PlotUnavailable("--plot needs matplotlib: pip install 'trendscope[plot]'") from None
    movies = top_movies(outcomes, top)
    fig, axes = plt.subplots(max(len(movies), 1), 1, figsize=(10, 2.6 * max(len(movies), 1)), squeeze=False)
    for ax, (key, rows) in zip(axes[:, 0], movies, strict=False):
        xs = range(len(rows))
        ax.plot(xs, [o.actual for o in rows], color="black", linewidth=1.2, label="actual")
        for name in models:
            if name in rows[0].predicted:
                ax.plot(xs, [o.predicted[name] for o in rows], linewidth=0.9, alpha=0.8, label=name)
        ax.set_title(f"{(names or {}).get(key, key)}: next-window {target}", fontsize=10)
        ax.set_ylabel(target)
        ax.legend(loc="upper right", fontsize=8)
    axes[-1, 0].set_xlabel("scored window (event-time order)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
