"""Format names, ``detect_format`` and ``read`` (what ``trendscope replay`` calls)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from trendscope.sources.comments_csv import read_comments_csv
from trendscope.sources.formats.detect import format_from_content, format_from_name
from trendscope.sources.formats.jsonl import read_jsonl
from trendscope.sources.formats.pushshift import read_pushshift
from trendscope.sources.formats.reddit_listing import read_reddit_listing
from trendscope.sources.formats.tmdb_daily import read_tmdb_daily
from trendscope.sources.formats.tmdb_pages import read_tmdb_pages
from trendscope.sources.records import ParsedItem
from trendscope.sources.reddit.parse import DROP_AUTHORS, AuthorPolicy
from trendscope.validation import InvalidEvent

FORMATS = ("auto", "csv", "jsonl", "reddit-listing", "pushshift", "tmdb-pages", "tmdb-daily")


class FormatError(InvalidEvent):
    """A file that cannot be read at all: missing, unknown or undetectable format (CLI: exit 2)."""


def detect_format(path: Path) -> str:
    """The format of ``path`` by name, else by content (rules in ``detect``)."""
    _require_file(path)
    fmt = format_from_name(path) or format_from_content(path)
    if fmt is None:
        raise FormatError("unknown_format", f"{path}: cannot detect the format; pass one of {_choices()}")
    return fmt


def read(path: Path, fmt: str = "auto", *, fetched_at: float | None = None,
         authors: AuthorPolicy = DROP_AUTHORS) -> Iterator[ParsedItem]:
    """The items of ``path`` read as ``fmt``; format and file are checked now, before iteration.

    ``fetched_at`` applies to ``tmdb-pages`` (see its module for the precedence); ``authors``
    to the raw Reddit formats, ``reddit-listing`` and ``pushshift``.
    """
    if fmt not in FORMATS:
        raise FormatError("unknown_format", f"unknown format {fmt!r}; choose one of {_choices()}")
    _require_file(path)
    readers: dict[str, Callable[[Path], Iterator[ParsedItem]]] = {
        "csv": read_comments_csv,
        "jsonl": read_jsonl,
        "reddit-listing": partial(read_reddit_listing, authors=authors),
        "pushshift": partial(read_pushshift, authors=authors),
        "tmdb-pages": partial(read_tmdb_pages, fetched_at=fetched_at),
        "tmdb-daily": read_tmdb_daily,
    }
    return readers[detect_format(path) if fmt == "auto" else fmt](path)


def _require_file(path: Path) -> None:
    if not path.is_file():
        raise FormatError("no_such_file", f"no such file: {path}")


def _choices() -> str:
    return ", ".join(FORMATS)
