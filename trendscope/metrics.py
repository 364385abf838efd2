"""Prometheus metrics (prometheus-client; names follow Prometheus conventions)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

COMMENTS = Counter("trendscope_comments_total", "Comments ingested, by outcome",
                   ["outcome"])  # mention | no_mention | invalid
LATE_EVENTS = Counter("trendscope_late_events_total", "Mentions behind the watermark, sent to the DLQ")
WINDOW_RESULTS = Counter("trendscope_window_results_total", "Final window results emitted", ["window"])
STORE_WRITES = Counter("trendscope_store_writes_total", "Batch writes to the store", ["backend", "outcome"])
STORE_WRITE_SECONDS = Histogram("trendscope_store_write_seconds", "Duration of successful store writes")
