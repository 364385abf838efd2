"""Readers for ``trendscope replay``: file formats -> SourceRecord / Rejected (pure, file I/O only)."""

from trendscope.sources.formats.merge import merge_by_event_time, within
from trendscope.sources.formats.registry import FORMATS, FormatError, detect_format, read
from trendscope.sources.reddit.parse import DROP_AUTHORS

__all__ = ["DROP_AUTHORS", "FORMATS", "FormatError", "detect_format", "merge_by_event_time", "read", "within"]
