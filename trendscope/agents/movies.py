"""TMDB snapshots -> the catalog (latest per movie) and each movie's snapshot history
(for the windows' as-of join), both by event time."""

from __future__ import annotations

from faust import StreamT

from trendscope.app import app
from trendscope.channels import tmdb_movies
from trendscope.models import MovieSnapshot
from trendscope.scoring import asof
from trendscope.sources.tmdb.poller import supersedes
from trendscope.tables.catalog import catalog
from trendscope.tables.windows import snapshot_history


@app.agent(tmdb_movies)
async def update_catalog(stream: StreamT[MovieSnapshot]) -> None:
    """Keep the newest snapshot of each movie (an older one arriving late changes nothing
    there) and every snapshot, in event-time order, in its bounded history."""
    async for snapshot in stream:
        key = str(snapshot.movie_id)
        if supersedes(snapshot, catalog.get(key)):
            catalog[key] = snapshot
        history = list(snapshot_history.get(key) or [])
        asof.add_snapshot(history, snapshot)
        snapshot_history[key] = history
