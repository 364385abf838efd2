"""TMDB snapshots -> the catalog table (latest per movie by event time)."""

from __future__ import annotations

from faust import StreamT

from trendscope.app import app
from trendscope.channels import tmdb_movies
from trendscope.models import MovieSnapshot
from trendscope.sources.tmdb.poller import supersedes
from trendscope.tables.catalog import catalog


@app.agent(tmdb_movies)
async def update_catalog(stream: StreamT[MovieSnapshot]) -> None:
    """Keep the newest snapshot of each movie; an older one arriving late changes nothing."""
    async for snapshot in stream:
        key = str(snapshot.movie_id)
        if supersedes(snapshot, catalog.get(key)):
            catalog[key] = snapshot
