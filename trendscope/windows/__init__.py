"""Event-time windows (pure: no Faust, no I/O); the window agent calls them.

Per window partition, for each mention ``m`` (keyed by movie id on ``reddit.mentions``):

1. ``tracker.is_late(m.created_utc, now)``: if late and no window state already holds
   ``m.comment_id`` (a redelivery), send it to the DLQ with reason ``late``; stop.
2. For each spec of ``window_specs(settings.windows)`` and each ``start`` in
   ``spec.starts(m.created_utc)``: ``aggregate.add(state, m.comment_id, m.sentiment)`` on
   the table value at ``window_key(m.movie_id, spec.kind, start)`` (a new value also
   calls ``finalizer.open(spec.kind, start, m.movie_id)``).

For each marker: ``tracker.observe_marker(...)``, ``finalizer.note_active(marker["active"])``;
then each window of ``finalizer.advance(tracker.watermark(now))`` is scored by
``trendscope.scoring.results.window_results`` (store its updated histories before the
next window), ``finalizer.expire(...)`` names the keys to delete, snapshots are pruned to
``finalizer.final_until()``, and the tracker's and finalizer's ``state()`` are persisted.
Upstream, one ``MarkerEmitter`` per source partition sees every comment.
"""
