"""Reading source files: plain, gzip or zstandard (by magic bytes, streamed), line by line or whole."""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import zstandard

from trendscope.sources.records import ParsedItem, Rejected, SourceRecord
from trendscope.validation import InvalidEvent, decode_json_object

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
GZIP_MAGIC = b"\x1f\x8b"
# Pushshift dumps are compressed with --long=31: the decoder needs a 2 GiB window.
ZSTD_MAX_WINDOW = 2**31


@contextmanager
def open_binary(path: Path) -> Iterator[IO[bytes]]:
    """``path`` as a binary stream, decompressed on the fly if it is zstandard or gzip."""
    with open(path, "rb") as raw:
        magic = raw.read(4)
        raw.seek(0)
        if magic == ZSTD_MAGIC:
            decompressor = zstandard.ZstdDecompressor(max_window_size=ZSTD_MAX_WINDOW)
            reader = decompressor.stream_reader(raw, read_across_frames=True, closefd=False)
            yield io.BufferedReader(reader, buffer_size=1 << 20)
        elif magic[:2] == GZIP_MAGIC:
            with gzip.open(raw) as unzipped:
                yield unzipped
        else:
            yield raw


def read_head(path: Path, size: int = 64 * 1024) -> bytes:
    """The first ``size`` decompressed bytes of ``path``."""
    with open_binary(path) as handle:
        return handle.read(size)


def read_lines(path: Path, parse: Callable[[dict[str, Any]], SourceRecord]) -> Iterator[ParsedItem]:
    """``parse`` applied to each JSON-object line; blank lines skipped, bad ones Rejected (1-based)."""
    with open_binary(path) as handle:
        for number, line in enumerate(handle, 1):
            raw = line.rstrip(b"\r\n")
            if not raw.strip():
                continue
            try:
                yield parse(decode_json_object(raw))
            except InvalidEvent as exc:
                yield Rejected(str(path), number, exc, raw)

