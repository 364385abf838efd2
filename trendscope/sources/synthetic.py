"""Synthetic comments for a demo on a clone without ../shared/data (clearly labelled).

The real r/movies comments cannot ship with the project (no licence), so the demo falls
back to these: subreddit ``synthetic``, author ``synthetic-generator``, bodies that say
they are synthetic, Poisson-like arrivals over a few hours. Deterministic for a seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from trendscope.sources.records import SourceRecord
from trendscope.topics import REDDIT_COMMENTS
from trendscope.validation import comment_from_dict

SUBREDDITS = ("synthetic", "synthetic_films")
START = 1_700_000_000.0


def synthetic_comments(count: int, seed: int = 7, mean_gap_seconds: float = 2.0) -> Iterator[SourceRecord]:
    """``count`` synthetic comments in event-time order."""
    rng = random.Random(seed)
    t = START
    for i in range(count):
        t += rng.expovariate(1 / mean_gap_seconds)
        comment = comment_from_dict({
            "id": f"synthetic-{seed}-{i}",
            "subreddit": rng.choice(SUBREDDITS),
            "body": f"[synthetic comment {i}]",
            "created_utc": round(t, 3),
            "author": "synthetic-generator",
        })
        yield SourceRecord(REDDIT_COMMENTS.name, comment.id, comment, comment.created_utc)
