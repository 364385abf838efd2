"""Prometheus metrics (prometheus-client; names follow Prometheus conventions)."""

from __future__ import annotations

from prometheus_client import Counter

COMMENTS = Counter("trendscope_comments_total", "Comments ingested, by outcome",
                   ["outcome"])  # mention | no_mention | invalid
LATE_EVENTS = Counter("trendscope_late_events_total", "Mentions behind the watermark, sent to the DLQ")
WINDOW_RESULTS = Counter("trendscope_window_results_total", "Final window results emitted", ["window"])
