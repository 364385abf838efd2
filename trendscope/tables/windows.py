"""Window state: per-movie event-time windows, progress per partition, mention histories,
and every movie's TMDB snapshot history.

Window state is kept in minute buckets: ``{comment_id: sentiment}`` under
``bucket_key(movie, bucket_start)`` (``trendscope.windows.partition``); plain tables, so
that finality and expiry follow our event-time watermark, not Faust's wall-clock expiry.
"""

from __future__ import annotations

from trendscope.app import app, settings

window_state = app.Table("window_state", key_type=str, partitions=settings.partitions,
                         help="Mentions per movie and event-time bucket: {comment_id: sentiment}")
window_progress = app.Table("window_progress", key_type=str,
                            partitions=settings.partitions,
                            help="Watermark and finalized windows of each reddit.mentions partition")
mention_history = app.Table("mention_history", key_type=str,
                            partitions=settings.partitions,
                            help="Recent mentions per movie and window kind (velocity, baseline)")
snapshot_history = app.GlobalTable("snapshot_history", key_type=str,
                                   help="Recent TMDB snapshots of every movie (as-of join by event time)")
