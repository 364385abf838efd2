"""Readers for ``trendscope replay``: file formats -> SourceRecord / Rejected (pure, file I/O only)."""

from trendscope.sources.formats.merge import merge_by_event_time, within
from trendscope.sources.formats.registry import FORMATS, READERS, FormatError, detect_format, read

__all__ = ["FORMATS", "READERS", "FormatError", "detect_format", "merge_by_event_time", "read", "within"]
