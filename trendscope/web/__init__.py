"""Faust web views (read-only)."""

from trendscope.web import views

__all__ = ["views"]
