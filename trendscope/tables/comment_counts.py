"""Comments per subreddit in event-time tumbling windows (the walking skeleton's table).

Each value is a :class:`~trendscope.distinct.DistinctCount`, so a redelivered comment is
not counted twice.

Windows follow the comment's own ``created_utc``. Faust's ``expires`` is not set: Faust
expires windows by the worker's wall clock, which would delete every window of a replay
of history at the first cleanup; event-time retention belongs to the windows module.
"""

from __future__ import annotations

from trendscope.app import app, settings
from trendscope.distinct import empty
from trendscope.models import RedditComment

comments_per_subreddit = (
    app.Table(
        "comments_per_subreddit",
        default=empty,
        partitions=settings.partitions,
        help="Distinct comments per subreddit per tumbling event-time window",
    )
    .tumbling(settings.windows.tumbling_seconds, expires=None)
    .relative_to_field(RedditComment.created_utc)
)
