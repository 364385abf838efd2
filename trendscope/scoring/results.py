"""WindowResult fields of one window (pure): every catalog movie, mentioned or not.

The movies scored in a window are those with mentions in it and the catalog at its end
(:func:`~trendscope.scoring.asof.catalog_as_of`): a catalog movie nobody mentioned gets
0 mentions, avg_sentiment 0 and a score; a mentioned movie without any snapshot gets
popularity None (``breakdown["popularity_missing"] = 1``). Percentiles and the catalog
mean vote are over the whole catalog, so every window partition scores alike; ``mine``
picks the movies this partition emits (its share of the movie ids).

``breakdown`` holds both TrendScore variants' terms and totals, and also
``trending_score`` (0..100), ``mentions_baseline``, ``positive`` and ``negative``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from trendscope.scoring.asof import Entry, as_of, catalog_as_of
from trendscope.scoring.momentum import MOMENTUM_WINDOWS, History, baseline, remember, trend
from trendscope.scoring.rating import catalog_mean_vote, weighted_rating
from trendscope.scoring.trendscore import percentile_rank, trend_score
from trendscope.settings import ScoreSettings
from trendscope.windows.aggregate import WindowStats

NO_MENTIONS = WindowStats(0, 0.0, 0.0, 0, 0)


def history_key(movie_id: int, kind: str) -> str:
    """Key of a movie's mention history for one window kind."""
    return f"{movie_id}:{kind}"


def window_results(
    kind: str,
    start: int,
    end: int,
    step: int,
    *,
    stats: Mapping[int, WindowStats],
    snapshots: Mapping[int, list[Entry]],
    histories: Mapping[str, History],
    settings: ScoreSettings,
    final: bool,
    mine: Callable[[int], bool] = lambda movie_id: True,
) -> tuple[list[dict[str, Any]], dict[str, History]]:
    """Result fields per movie (sorted by id) and, if ``final``, the updated histories to store.

    ``stats``: this partition's mentioned movies; ``snapshots``: every movie's snapshot
    history (all partitions); ``histories``: mention histories by :func:`history_key`.
    """
    catalog = catalog_as_of(snapshots, end, settings.catalog_max_age_seconds)
    popularities = sorted(e["popularity"] for e in catalog.values() if e["popularity"] is not None)
    mean_vote = catalog_mean_vote((e["vote_average"], e["vote_count"]) for e in catalog.values())
    keep = max(MOMENTUM_WINDOWS, settings.baseline_windows)
    results, updated = [], {}
    for movie_id in sorted(set(stats) | {m for m in catalog if mine(m)}):
        window = stats.get(movie_id, NO_MENTIONS)
        snapshot = catalog.get(movie_id) or as_of(snapshots.get(movie_id, []), end)
        popularity = snapshot["popularity"] if snapshot else None
        key = history_key(movie_id, kind)
        history = histories.get(key, {})
        mentions_baseline = baseline(history, start, step, settings.baseline_windows)
        score = trend_score(
            popularity,
            window.mentions,
            window.avg_sentiment,
            popularity_pct=percentile_rank(popularity, popularities) if popularity is not None else 0.0,
            baseline=mentions_baseline,
            settings=settings,
        )
        momentum = trend(history, start, step, window.mentions)
        breakdown = {
            **score.breakdown,
            "trending_score": momentum.score,
            "mentions_baseline": mentions_baseline,
            "positive": float(window.positive),
            "negative": float(window.negative),
        }
        results.append(
            {
                "movie_id": movie_id,
                "window_kind": kind,
                "window_start": float(start),
                "window_end": float(end),
                "mentions": window.mentions,
                "sentiment_sum": window.sentiment_sum,
                "score": score.score,
                "score_variant": score.variant,
                "final": final,
                "title": snapshot["title"] if snapshot else None,
                "avg_sentiment": window.avg_sentiment,
                "popularity": popularity,
                "popularity_at": snapshot["t"] if snapshot else None,
                "breakdown": breakdown,
                "velocity": momentum.velocity,
                "momentum": momentum.momentum,
                "label": momentum.label,
                "weighted_rating": weighted_rating(
                    snapshot["vote_average"] if snapshot else None,
                    snapshot["vote_count"] if snapshot else None,
                    mean_vote,
                    settings.rating_min_votes,
                ),
            }
        )
        if final and (window.mentions or history):
            history = dict(history)
            remember(history, start, step, window.mentions, keep)
            updated[key] = history
    return results, updated
