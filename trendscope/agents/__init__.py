"""Faust agents: thin wiring of topics, tables and the pure logic."""

from trendscope.agents import comments

__all__ = ["comments"]
