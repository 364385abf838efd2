"""Reddit payloads: comments and submissions as read, and the mentions found in them."""

from __future__ import annotations

import faust


class RedditComment(faust.Record, serializer="json", namespace="trendscope.RedditComment"):
    """A comment; ``created_utc`` (epoch seconds, from Reddit) is its event time."""

    id: str
    subreddit: str
    body: str
    created_utc: float
    link_id: str | None = None
    parent_id: str | None = None
    author: str | None = None
    score: int | None = None
    submission_title: str | None = None
    id_derived: bool = False
    schema_version: int = 1


class RedditSubmission(faust.Record, serializer="json", namespace="trendscope.RedditSubmission"):
    """A submission (thread); comments refer to it through ``link_id`` = ``t3_<id>``."""

    id: str
    subreddit: str
    title: str
    created_utc: float
    author: str | None = None
    score: int | None = None
    schema_version: int = 1


class Mention(faust.Record, serializer="json", namespace="trendscope.Mention"):
    """One movie found in one comment, keyed by ``movie_id`` on ``reddit.mentions``."""

    comment_id: str
    movie_id: int
    matched: str
    start: int
    end: int
    confidence: float
    sentiment: float
    created_utc: float
    schema_version: int = 1


class WatermarkMarker(faust.Record, serializer="json", namespace="trendscope.WatermarkMarker"):
    """Event-time progress of one ``reddit.comments`` partition, sent to every partition of
    ``reddit.mentions`` behind the mentions it covers (see ``trendscope.windows.watermark``)."""

    partition: int
    event_time: float
    sent_at: float
    active: list[int]
    schema_version: int = 1
