"""Prometheus metrics (prometheus-client; names follow Prometheus conventions).

The one place every metric is defined; modules import the objects they update.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

EVENTS = Counter("trendscope_events_total", "Events consumed, by topic and outcome",
                 ["topic", "outcome"])  # outcome: mention | no_mention | invalid | late | ok
COMMENTS = Counter("trendscope_comments_total", "Comments ingested, by outcome",
                   ["outcome"])  # mention | no_mention | invalid
DLQ = Counter("trendscope_dlq_total", "Events sent to the dead-letter topic, by reason", ["reason"])
LATE_EVENTS = Counter("trendscope_late_events_total", "Mentions behind the watermark, sent to the DLQ")
WINDOW_RESULTS = Counter("trendscope_window_results_total", "Final window results emitted", ["window"])
EVENT_LAG = Histogram("trendscope_event_lag_seconds",
                      "Processing time minus event time of ingested comments",
                      buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 6 * 3600, 86400, 7 * 86400,
                               30 * 86400, 365 * 86400))
WATERMARK = Gauge("trendscope_watermark_seconds",
                  "Event-time watermark of a reddit.mentions partition (Unix seconds)", ["partition"])
MODEL_MAE = Gauge("trendscope_model_mae", "Progressive MAE of a forecast model or baseline",
                  ["model"])
DRIFT = Counter("trendscope_drift_total", "Drifts detected by ADWIN", ["model", "signal"])
HTTP_CLIENT_REQUESTS = Counter("trendscope_http_client_requests_total",
                               "Requests to external APIs, by API and HTTP status", ["api", "status"])
STORE_WRITES = Counter("trendscope_store_writes_total", "Batch writes to the store", ["backend", "outcome"])
STORE_WRITE_SECONDS = Histogram("trendscope_store_write_seconds", "Duration of successful store writes")
