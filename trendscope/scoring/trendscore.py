"""TrendScore of one movie in one window (pure), both variants, with a breakdown.

``seed``: the seed's formula, ``w1*popularity + w2*mentions*10 + w3*(avg_sentiment+1)*50``.
Its terms are on different scales: TMDB popularity is unbounded (100s to 1000s), so it
swamps the Reddit terms. With no mentions, avg_sentiment is 0 (the sentiment term is
``w3*50``); a missing popularity counts as 0 and is flagged.

``normalised``: the same weights over terms on 0..1:

- popularity: percentile rank in the catalog of that window, ``(below + equal/2) / n``
  (robust to the heavy tail; a missing popularity is 0, flagged);
- mentions: against the movie's own baseline (mean mentions of its past windows),
  ``m / (m + baseline + 1)``: 0 without mentions, about 0.5 at the usual level, towards 1
  in a burst; the +1 keeps one stray mention of an unmentioned film from scoring 1;
- sentiment: ``(avg_sentiment + 1) / 2``.

Both are always computed; ``settings.variant`` picks the one in ``score``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from trendscope.settings import ScoreSettings


class TrendScore(NamedTuple):
    score: float
    variant: str
    breakdown: dict[str, float]  # seed_* and normalised_* terms and totals, popularity_missing 0/1


def percentile_rank(value: float, catalog: Sequence[float]) -> float:
    """Share of ``catalog`` (sorted) below ``value``, ties counted half; 0.5 for an empty catalog.

    >>> percentile_rank(30.0, [10.0, 20.0, 30.0, 40.0]), percentile_rank(99.0, [10.0])
    (0.625, 1.0)
    """
    if not catalog:
        return 0.5
    below = bisect_left(catalog, value)
    equal = bisect_right(catalog, value) - below
    return (below + equal / 2) / len(catalog)


def trend_score(
    popularity: float | None,
    mentions: int,
    avg_sentiment: float,
    *,
    popularity_pct: float,
    baseline: float,
    settings: ScoreSettings,
) -> TrendScore:
    """Both variants; ``popularity_pct`` from :func:`percentile_rank`, ``baseline`` mean past mentions.

    The seed's worked example (popularity 156.78, 50 mentions, sentiment 0.65):

    >>> s = trend_score(156.78, 50, 0.65, popularity_pct=0.9, baseline=24.0, settings=ScoreSettings())
    >>> round(s.score, 3), s.variant
    (237.462, 'seed')
    >>> {k: round(v, 4) for k, v in s.breakdown.items()}  # doctest: +NORMALIZE_WHITESPACE
    {'seed_popularity': 62.712, 'seed_mentions': 150.0, 'seed_sentiment': 24.75, 'seed_score': 237.462,
     'normalised_popularity': 0.36, 'normalised_mentions': 0.2, 'normalised_sentiment': 0.2475,
     'normalised_score': 0.8075, 'popularity_missing': 0.0}
    """
    w1, w2, w3 = settings.w1, settings.w2, settings.w3
    seed = (
        w1 * (popularity or 0.0),
        w2 * mentions * 10,
        w3 * (avg_sentiment + 1) * 50,
    )
    normalised = (
        w1 * (popularity_pct if popularity is not None else 0.0),
        w2 * mentions / (mentions + baseline + 1),
        w3 * (avg_sentiment + 1) / 2,
    )
    breakdown: dict[str, float] = {}
    for variant, terms in (("seed", seed), ("normalised", normalised)):
        breakdown[f"{variant}_popularity"], breakdown[f"{variant}_mentions"] = terms[0], terms[1]
        breakdown[f"{variant}_sentiment"] = terms[2]
        breakdown[f"{variant}_score"] = terms[0] + terms[1] + terms[2]
    breakdown["popularity_missing"] = 1.0 if popularity is None else 0.0
    return TrendScore(breakdown[f"{settings.variant}_score"], settings.variant, breakdown)
