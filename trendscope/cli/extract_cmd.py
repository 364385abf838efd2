"""``trendscope extract``: movie mentions and sentiment of JSON lines, without a broker."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson
import typer

from trendscope.cli.common import err, fail
from trendscope.mentions.aliases import aliases_with_shipped
from trendscope.mentions.catalog_file import load_catalog
from trendscope.mentions.enrich import enrich
from trendscope.mentions.extractor import MentionExtractor
from trendscope.mentions.sentiment import Sentiment


def extract(
    source: str = typer.Argument("-", metavar="[INPUT.jsonl|-]", help="JSON lines with body (default stdin)"),
    catalog: Path = typer.Option(..., "--catalog", help="JSONL, one TMDB movie per line"),
    aliases: Path | None = typer.Option(None, "--aliases", help="extra aliases (JSON or TSV)"),
    output: Path | None = typer.Option(None, "-o", "--output", help="output JSONL (default stdout)"),
) -> None:
    """Add ``mentions`` and ``sentiment`` to each line (``body``; optional ``id``, ``created_utc``,
    ``thread_title``). Bad lines are reported and skipped; exit 1 if no line was good."""
    try:
        extractor = MentionExtractor(load_catalog(catalog), aliases_with_shipped(aliases))
    except (OSError, ValueError) as exc:
        raise fail(f"cannot load the catalog or aliases: {exc}") from None
    sentiment = Sentiment()
    good = 0
    with _open_in(source) as lines, _open_out(output) as out:
        for number, data in _objects(lines):
            if isinstance(data, str):
                err.print(f"{source}:{number}: {data}", highlight=False)
                continue
            enriched = enrich(data["body"], data.get("thread_title"), data.get("created_utc"),
                              extractor, sentiment)
            data["mentions"] = [{"movie_id": m.movie_id, "title": m.title, "matched": m.matched,
                                 "start": m.start, "end": m.end, "confidence": m.confidence}
                                for m in enriched.found]
            data["sentiment"] = enriched.sentiment
            out.write(orjson.dumps(data) + b"\n")
            good += 1
    if good == 0:
        raise typer.Exit(1)


def _objects(lines: IO[bytes]) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line number, object) per line, or (line number, reason) for a bad one."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield number, f"not JSON: {exc}"
            continue
        if not isinstance(data, dict) or not isinstance(data.get("body"), str):
            yield number, "expected an object with a string 'body'"
        elif data.get("created_utc") is not None and not isinstance(data["created_utc"], (int, float)):
            yield number, "created_utc must be epoch seconds"
        else:
            yield number, data


def _open_in(source: str) -> IO[bytes]:
    if source == "-":
        return _Unclosed(sys.stdin.buffer)
    path = Path(source)
    if not path.is_file():
        raise fail(f"no such file: {path}")
    return open(path, "rb")


def _open_out(output: Path | None) -> IO[bytes]:
    return open(output, "wb") if output else _Unclosed(sys.stdout.buffer)


class _Unclosed:
    """A standard stream used as a context manager without closing it."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def __enter__(self) -> IO[bytes]:
        return self.stream

    def __exit__(self, *exc: object) -> None:
        self.stream.flush()
