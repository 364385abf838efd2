"""The TMDB catalog: the latest MovieSnapshot per movie id (keyed like ``tmdb.movies``).

A global table: every worker holds all of it, since any worker may find any movie in the
comments of its partitions.
"""

from __future__ import annotations

from trendscope.app import app, settings
from trendscope.models import MovieSnapshot

catalog = app.GlobalTable(
    "tmdb_catalog",
    key_type=str,  # the movie id as decimal text, as keyed on tmdb.movies
    value_type=MovieSnapshot,
    partitions=settings.partitions,
    help="Latest TMDB snapshot per movie id (by fetched_at, the event time)",
)
