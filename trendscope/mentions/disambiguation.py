"""Which film a surface form means when it fits several: thread, franchise, kind, date, votes (pure)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

YEAR = 365.25 * 86400
KIND_PRIORITY = {"title": 3, "no_article": 3, "manual": 3, "relative": 3, "numbered": 2, "subtitle": 2,
                 "ordinal": 1, "main": 1, "initialism": 1}


@dataclass(frozen=True, slots=True)
class Film:
    movie_id: int
    title: str
    released: float | None  # epoch seconds
    votes: int
    franchise: str | None

    @classmethod
    def from_movie(cls, movie: dict[str, Any], franchise: str | None) -> Film:
        date = movie.get("release_date")
        released = datetime.fromisoformat(date).replace(tzinfo=UTC).timestamp() if date else None
        return cls(movie["id"], movie["title"], released, int(movie.get("vote_count") or 0), franchise)

    def years_after(self, when: float | None) -> float:
        """Years from release to ``when`` (negative: not yet released); 0 when either is unknown."""
        if when is None or self.released is None:
            return 0.0
        return (when - self.released) / YEAR


def preference(film: Film, kind: str, thread: Film | None, when: float | None) -> float:
    """How likely a span that fits several films means this one (higher is likelier).

    >>> old = Film(1, "Dune", 0.0, 2000, "dune")
    >>> new = Film(2, "Dune", 50 * YEAR, 3600, "dune")
    >>> preference(new, "title", None, 52 * YEAR) > preference(old, "title", None, 52 * YEAR)
    True
    """
    score = 0.5 * KIND_PRIORITY[kind] + 0.5 * math.log10(film.votes + 10)
    if thread is not None:
        if film.movie_id == thread.movie_id:
            score += 3.0
        elif film.franchise is not None and film.franchise == thread.franchise:
            score += 1.5
    if when is not None and film.released is not None:
        age = film.years_after(when)
        score += 1.0 / (1.0 + abs(age))
        if age < -1.0:  # more than a year before release: rarely what a comment means
            score -= 3.0
    return score


def choose(options: list[tuple[Film, str]], thread: Film | None, when: float | None) -> tuple[Film, str]:
    """The (film, alias kind) a span most likely means."""
    return max(options, key=lambda option: (preference(option[0], option[1], thread, when),
                                            -option[0].movie_id))
