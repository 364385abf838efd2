"""Faust topic objects, created from the names and partition counts in ``trendscope.topics``."""

from __future__ import annotations

from trendscope import topics
from trendscope.app import app, settings
from trendscope.models import (
    DeadLetter,
    Mention,
    MovieSnapshot,
    RedditComment,
    RedditSubmission,
    WindowResult,
)


def _topic(spec: topics.TopicSpec, **kwargs):
    # internal=True: Faust creates the topic with our partition count if it is missing.
    return app.topic(spec.name, partitions=settings.partitions, internal=True, **kwargs)


# Consumed as raw bytes so that undecodable payloads reach the DLQ instead of crashing.
reddit_comments_raw = _topic(topics.REDDIT_COMMENTS, key_type=bytes, value_serializer="raw")
comments_by_subreddit = _topic(
    topics.COMMENTS_BY_SUBREDDIT, key_type=str, value_type=RedditComment
)
reddit_submissions = _topic(topics.REDDIT_SUBMISSIONS, key_type=str, value_type=RedditSubmission)
# Movie ids travel as their decimal text (b"550"): the bytes replay and every producer use.
tmdb_movies = _topic(topics.TMDB_MOVIES, key_type=str, value_type=MovieSnapshot)
reddit_mentions = _topic(topics.REDDIT_MENTIONS, key_type=str, value_type=Mention)
# Mentions and watermark markers share the topic: consumed raw, decoded by record namespace.
reddit_mentions_raw = _topic(topics.REDDIT_MENTIONS, key_type=bytes, value_serializer="raw")
trends = _topic(topics.TRENDS, key_type=str, value_type=WindowResult)
dead_letters = _topic(topics.DLQ, key_type=str, value_type=DeadLetter)
# Prediction and ForecastDrift records: no value_type, Faust rebuilds each by its namespace.
predictions = _topic(topics.PREDICTIONS, key_type=str, value_serializer="json")
