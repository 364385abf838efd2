"""Readers of recorded and live sources, producing TrendScope records."""
