"""Synthetic comments and snapshots for the window tests (seeded, bursty, with a gap)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from tests.windows.pipeline import Comment

T0 = 1_700_000_000


@dataclass(frozen=True)
class Snap:
    movie_id: int
    title: str
    fetched_at: float
    source_list: str
    popularity: float | None
    vote_average: float | None
    vote_count: int | None
    retired: bool = False


def comments(seed: int, n: int = 2000, movies: int = 12) -> list[Comment]:
    """Two bursty sessions 1 day apart; sentiments at VADER's 4 decimals, some on the ±0.05 edges."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        session = T0 if i < n * 2 // 3 else T0 + 86_400
        t = session + rng.betavariate(2, 5) * 3 * 3600 + rng.random()
        sentiment = rng.choice([round(rng.uniform(-1, 1), 4), 0.05, -0.05, 0.0])
        named = rng.sample(range(movies), rng.choice([0, 1, 1, 1, 2]))
        out.append(Comment(f"c{i:05d}", t, tuple((m, sentiment) for m in named)))
    return sorted(out, key=lambda c: c.t)


def snapshots(seed: int) -> list[Snap]:
    """Lists every 20 min for movies 0-7 (5 retired half-way), details only for 9; 10, 11 have none."""
    rng = random.Random(seed)
    out = []
    for session in (T0, T0 + 86_400):
        for k in range(-1, 11):
            t = session + k * 1200
            for m in range(8):
                retired = m == 5 and k >= 5
                popularity = None if (m == 7 and k % 2) else round(rng.paretovariate(1.2) * 20, 3)
                source = "popular" if m % 2 else "trending_day"
                out.append(Snap(m, f"Film {m}", t, source, popularity, 5 + m / 2, 500 * m, retired))
        out.append(Snap(9, "Film 9", session + 3000, "details", 12.5, 7.9, 20_000))
    return out


def mention_rows(items: list[Comment]) -> list[tuple[int, str, float, float]]:
    return [(m, c.comment_id, c.t, s) for c in items for m, s in c.mentions]
