"""Helpers for the format tests: the real shared data (skipped when absent), writing and splitting items."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import orjson
import zstandard

from trendscope.sources.records import ParsedItem, Rejected, SourceRecord


def split(items: Iterable[ParsedItem]) -> tuple[list[SourceRecord], list[Rejected]]:
    """Records and rejections, each in the order read."""
    items = list(items)
    return ([i for i in items if isinstance(i, SourceRecord)], [i for i in items if isinstance(i, Rejected)])


def write_lines(path: Path, lines: Iterable[object | bytes]) -> Path:
    """One line per item: bytes as they are, anything else as JSON."""
    path.write_bytes(b"".join((x if isinstance(x, bytes) else orjson.dumps(x)) + b"\n" for x in lines))
    return path


def write_zst(path: Path, frames: Iterable[bytes], window_log: int = 28) -> Path:
    """Zstandard frames written in streaming mode with a window larger than a default decoder accepts."""
    params = zstandard.ZstdCompressionParameters.from_level(3, window_log=window_log)
    out = io.BytesIO()
    for frame in frames:
        with zstandard.ZstdCompressor(compression_params=params).stream_writer(out, closefd=False) as writer:
            writer.write(frame)
    path.write_bytes(out.getvalue())
    return path
