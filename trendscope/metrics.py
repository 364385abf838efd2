"""Prometheus metrics (prometheus-client; names follow Prometheus conventions)."""

from __future__ import annotations

from prometheus_client import Counter

COMMENTS = Counter("trendscope_comments_total", "Comments ingested, by outcome",
                   ["outcome"])  # mention | no_mention | invalid
