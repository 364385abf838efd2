"""Bayesian weighted rating (pure; the IMDb seed's): few votes lean towards the catalog mean.

``WR = v/(v+m) * R + m/(v+m) * C``: R the movie's TMDB vote average, v its vote count,
C the mean vote average of the catalog (movies with votes), m from the settings
(``score.rating_min_votes``; the seed used m = 3000 and a fixed C = 6.5: C is computed here).
"""

from __future__ import annotations

import math
from collections.abc import Iterable


def catalog_mean_vote(votes: Iterable[tuple[float | None, int | None]]) -> float | None:
    """Mean vote average over ``(vote_average, vote_count)`` pairs with votes (any order); None if none.

    >>> catalog_mean_vote([(8.0, 100), (6.0, 2), (9.9, 0), (None, None)])
    7.0
    """
    rated = [average for average, count in votes if average is not None and count]
    return math.fsum(rated) / len(rated) if rated else None


def weighted_rating(
    vote_average: float | None, vote_count: int | None, mean_vote: float | None, min_votes: int
) -> float | None:
    """The weighted rating; None without a catalog mean; the mean itself without votes.

    >>> weighted_rating(8.0, 1000, 6.5, 3000), weighted_rating(8.0, 9000, 6.5, 3000)
    (6.875, 7.625)
    >>> weighted_rating(None, None, 6.5, 3000), weighted_rating(8.0, 10, None, 3000)
    (6.5, None)
    """
    if mean_vote is None:
        return None
    votes = vote_count or 0
    rating = vote_average if vote_average is not None else mean_vote
    return votes / (votes + min_votes) * rating + min_votes / (votes + min_votes) * mean_vote
