"""Comments: validate, find movie mentions (keyed by movie id), count per subreddit window."""

from __future__ import annotations

import time

from faust import StreamT

from trendscope import distinct
from trendscope.agents.dead_letters import send_to_dlq
from trendscope.app import app, settings
from trendscope.channels import (
    comments_by_subreddit,
    reddit_comments_raw,
    reddit_mentions,
    reddit_mentions_raw,
)
from trendscope.mentions.aliases import aliases_with_shipped
from trendscope.mentions.catalog_file import load_catalog, movie_from_snapshot
from trendscope.mentions.enrich import mention_records
from trendscope.mentions.live import LiveExtractor
from trendscope.metrics import COMMENTS, EVENT_LAG, EVENTS
from trendscope.models import RedditComment, WatermarkMarker
from trendscope.tables.catalog import catalog
from trendscope.tables.comment_counts import comments_per_subreddit
from trendscope.topics import REDDIT_COMMENTS
from trendscope.validation import InvalidEvent, parse_comment
from trendscope.windows.ranges import granularity, window_specs
from trendscope.windows.watermark import Marker, MarkerEmitter

_conf = settings.mentions
extractor = LiveExtractor(
    load_catalog(_conf.catalog_file) if _conf.catalog_file else (),
    aliases_with_shipped(_conf.aliases_file),
    executor_threshold=_conf.executor_threshold,
)


@app.timer(_conf.rebuild_seconds)
async def refresh_extractor() -> None:
    """Pick up catalog changes (TMDB polls) for mention linking."""
    await extractor.refresh(movie_from_snapshot(s) for s in catalog.values())


_windows = settings.windows
_emitters: dict[int, MarkerEmitter] = {}


def _emitter(partition: int) -> MarkerEmitter:
    if partition not in _emitters:
        _emitters[partition] = MarkerEmitter(partition, every_events=_windows.marker_every_events,
                                             every_seconds=_windows.marker_every_seconds,
                                             granularity=granularity(window_specs(_windows)))
    return _emitters[partition]


async def broadcast(marker: Marker) -> None:
    """A source partition's progress, to every ``reddit.mentions`` partition (behind its mentions)."""
    payload = WatermarkMarker(**marker).dumps()
    for partition in range(settings.partitions):
        await reddit_mentions_raw.send(value=payload, partition=partition)


@app.timer(_windows.marker_every_seconds)
async def send_due_markers() -> None:
    """Progress of source partitions that went quiet since their last marker."""
    now = time.time()
    for emitter in list(_emitters.values()):
        marker = emitter.tick(now)
        if marker is not None:
            await broadcast(marker)


@app.agent(reddit_comments_raw)
async def ingest_comments(stream: StreamT[bytes]) -> None:
    """Validate each comment (bad ones to the DLQ), send its mentions to ``reddit.mentions``
    keyed by movie id, then its partition's watermark marker when one is due, and forward it
    keyed by subreddit for the per-subreddit counts."""
    async for events in stream.take_events(_conf.batch_size, within=1.0):
        comments: list[tuple[int, RedditComment]] = []
        for event in events:
            try:
                comments.append((event.message.partition, parse_comment(event.value)))
            except InvalidEvent as exc:
                COMMENTS.labels(outcome="invalid").inc()
                EVENTS.labels(topic=REDDIT_COMMENTS.name, outcome="invalid").inc()
                await send_to_dlq(event, exc)
        enriched = await extractor.enrich_all(
            [(c.body, c.submission_title, c.created_utc) for _, c in comments])
        now = time.time()
        for (partition, comment), result in zip(comments, enriched, strict=True):
            mentions = mention_records(comment, result)
            outcome = "mention" if mentions else "no_mention"
            COMMENTS.labels(outcome=outcome).inc()
            EVENTS.labels(topic=REDDIT_COMMENTS.name, outcome=outcome).inc()
            EVENT_LAG.observe(now - comment.created_utc)
            for mention in mentions:
                await reddit_mentions.send(key=str(mention.movie_id), value=mention)
            marker = _emitter(partition).observe(comment.created_utc, now)
            if marker is not None:
                await broadcast(marker)
            await comments_by_subreddit.send(key=comment.subreddit, value=comment)


@app.agent(comments_by_subreddit)
async def count_comments(stream: StreamT[RedditComment]) -> None:
    """Count distinct comments per subreddit in the tumbling window of their ``created_utc``."""
    async for comment in stream:
        window = comments_per_subreddit[comment.subreddit]
        counted, is_new = distinct.add(window.value(), comment.id)  # value(): relative_to_field
        if is_new:
            comments_per_subreddit[comment.subreddit] = counted
