"""Live sources, run by the group leader only: Reddit streaming and TMDB polling.

A source without credentials stays off (logged once at start); a source that fails for
good (rejected credentials) is logged and not restarted.
"""

from __future__ import annotations

import asyncio
import logging

import orjson

from trendscope.agents.dead_letters import send_dead_letter
from trendscope.app import app, settings
from trendscope.channels import reddit_comments_raw, reddit_submissions, tmdb_movies
from trendscope.leader import LeaderOnly
from trendscope.models import MovieSnapshot, RedditComment
from trendscope.sources.reddit.parse import RedditRecord, Rejection
from trendscope.sources.reddit.streamer import RedditStreamer
from trendscope.sources.tmdb.client import TmdbClient
from trendscope.sources.tmdb.poller import TmdbPoller
from trendscope.sources.tmdb.rate_limit import TokenBucket
from trendscope.sources.tmdb.transport import AiohttpTransport

log = logging.getLogger(__name__)
LEADER_CHECK_SECONDS = 5.0
REDDIT_API = "reddit:api"


async def emit_reddit(record: RedditRecord) -> None:
    """Comments go to ``reddit.comments`` (validated there like replays), submissions aside."""
    if isinstance(record, RedditComment):
        await reddit_comments_raw.send(key=record.id.encode(), value=record.dumps())
    else:
        await reddit_submissions.send(key=record.id, value=record)


async def reject_reddit(rejection: Rejection) -> None:
    await send_dead_letter(REDDIT_API, -1, -1, orjson.dumps(rejection.thing), rejection.error)


def _reddit_source() -> LeaderOnly | None:
    reddit = settings.reddit
    if reddit.client_id is None or reddit.client_secret is None:
        log.info("Reddit streaming off: set TRENDSCOPE_REDDIT__CLIENT_ID and __CLIENT_SECRET")
        return None
    streamer = RedditStreamer.from_settings(reddit, state_dir=settings.state_dir / "reddit",
                                            emit=emit_reddit, on_invalid=reject_reddit)
    return LeaderOnly("reddit streamer", streamer.run)


async def emit_movie(snapshot: MovieSnapshot) -> None:
    await tmdb_movies.send(key=str(snapshot.movie_id), value=snapshot)


async def poll_tmdb(stop: asyncio.Event) -> None:
    """Poll TMDB until ``stop``; a rejected key (401) ends it with an error."""
    tmdb = settings.tmdb
    async with AiohttpTransport.from_settings(tmdb) as transport:
        client = TmdbClient(transport, TokenBucket(tmdb.max_requests_per_second, tmdb.burst))
        polling = asyncio.ensure_future(TmdbPoller(client, tmdb.pages).run(emit_movie,
                                                                          tmdb.poll_interval_seconds))
        stopping = asyncio.ensure_future(stop.wait())
        done, _ = await asyncio.wait({polling, stopping}, return_when=asyncio.FIRST_COMPLETED)
        for task in (polling, stopping):
            task.cancel()
        if polling in done:
            polling.result()


def _tmdb_source() -> LeaderOnly | None:
    if settings.tmdb.bearer_token is None and settings.tmdb.api_key is None:
        log.info("TMDB polling off: set TRENDSCOPE_TMDB__BEARER_TOKEN or TRENDSCOPE_TMDB__API_KEY")
        return None
    return LeaderOnly("TMDB poller", poll_tmdb)


SOURCES = [source for source in (_reddit_source(), _tmdb_source()) if source is not None]


@app.timer(LEADER_CHECK_SECONDS)
async def run_sources_on_leader() -> None:
    """Keep each live source running on the leader, and only there."""
    leader = app.is_leader()
    for source in SOURCES:
        await source.update(leader)


@app.on_before_shutdown.connect
async def stop_sources(app_: object, **kwargs: object) -> None:
    for source in SOURCES:
        await source.stop()
