"""Topic names and partition counts: the one place they are defined."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TopicSpec:
    name: str
    doc: str
    compacted: bool = False


REDDIT_COMMENTS = TopicSpec("reddit.comments", "RedditComment, keyed by comment id")
REDDIT_SUBMISSIONS = TopicSpec("reddit.submissions", "RedditSubmission, keyed by submission id")
TMDB_MOVIES = TopicSpec("tmdb.movies", "MovieSnapshot, keyed by movie id")
REDDIT_MENTIONS = TopicSpec("reddit.mentions", "Mention, keyed by movie id")
TRENDS = TopicSpec("trendscope.trends", "WindowResult, keyed by movie id")
PREDICTIONS = TopicSpec("trendscope.predictions", "Prediction, keyed by movie id")
DLQ = TopicSpec("trendscope.dlq", "DeadLetter, keyed by source topic")
COMMENTS_BY_SUBREDDIT = TopicSpec(
    "trendscope.comments-by-subreddit", "valid RedditComment, re-keyed by subreddit"
)

ALL_TOPICS: tuple[TopicSpec, ...] = (
    REDDIT_COMMENTS,
    REDDIT_SUBMISSIONS,
    TMDB_MOVIES,
    REDDIT_MENTIONS,
    TRENDS,
    PREDICTIONS,
    DLQ,
    COMMENTS_BY_SUBREDDIT,
)
BY_NAME = {spec.name: spec for spec in ALL_TOPICS}
