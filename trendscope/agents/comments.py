"""Comments: validate raw payloads, re-key by subreddit, count per event-time window."""

from __future__ import annotations

from faust import StreamT

from trendscope import distinct
from trendscope.agents.dead_letters import send_to_dlq
from trendscope.app import app
from trendscope.channels import comments_by_subreddit, reddit_comments_raw
from trendscope.models import RedditComment
from trendscope.tables.comment_counts import comments_per_subreddit
from trendscope.validation import InvalidEvent, parse_comment


@app.agent(reddit_comments_raw)
async def validate_comments(stream: StreamT[bytes]) -> None:
    """Decode each comment; forward valid ones keyed by subreddit, the rest to the DLQ."""
    async for event in stream.events():
        try:
            comment = parse_comment(event.value)
        except InvalidEvent as exc:
            await send_to_dlq(event, exc)
            continue
        await comments_by_subreddit.send(key=comment.subreddit, value=comment)


@app.agent(comments_by_subreddit)
async def count_comments(stream: StreamT[RedditComment]) -> None:
    """Count distinct comments per subreddit in the tumbling window of their ``created_utc``."""
    async for comment in stream:
        window = comments_per_subreddit[comment.subreddit]
        counted, is_new = distinct.add(window.value(), comment.id)  # value(): relative_to_field
        if is_new:
            comments_per_subreddit[comment.subreddit] = counted
