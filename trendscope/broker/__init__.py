"""Kafka brokers TrendScope can start itself: the embedded default and a readiness probe."""
