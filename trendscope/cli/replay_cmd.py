"""``trendscope replay``: produce recorded data to Kafka with its own event time."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator
from pathlib import Path

import typer
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from trendscope.cli.common import broker, err, fail, out, settings_or_exit
from trendscope.kafka_admin import ensure_topics
from trendscope.replay import Pacing, ReplayStats
from trendscope.replay import replay as produce
from trendscope.settings import Settings
from trendscope.sources.formats import FORMATS, FormatError, merge_by_event_time, read, within
from trendscope.sources.kafka_topic import read_topic
from trendscope.sources.records import ParsedItem, Rejected
from trendscope.sources.reddit.parse import AuthorPolicy, author_policy
from trendscope.timeparse import parse_time


def replay(
    sources: list[Path] = typer.Argument(None, help="files to replay (merged by event time)"),
    fmt: str = typer.Option("auto", "--format", help="|".join(FORMATS)),
    topic: str | None = typer.Option(None, help="topic to produce to (default: each record's own)"),
    from_topic: str | None = typer.Option(None, "--from-topic", help="replay this topic instead of files"),
    speed: float | None = typer.Option(None, min=0.000001, help="X times faster than the original timing"),
    rate: float | None = typer.Option(None, min=0.000001, help="records per second"),
    as_fast_as_possible: bool = typer.Option(False, "--as-fast-as-possible", help="no pacing (default)"),
    limit: int | None = typer.Option(None, min=1, help="stop after N records"),
    since: str | None = typer.Option(None, help="only events at or after (ISO time or epoch s)"),
    until: str | None = typer.Option(None, help="only events before (ISO time or epoch s)"),
    fetched_at: str | None = typer.Option(None, "--fetched-at", help="event time of tmdb-pages files"),
    dry_run: bool = typer.Option(False, "--dry-run", help="parse and count only, no broker"),
) -> None:
    """Replay recorded files (or a topic) with each record's own event time."""
    if sum(x is not None for x in (speed, rate, as_fast_as_possible or None)) > 1:
        raise fail("choose one of --speed, --rate, --as-fast-as-possible")
    if bool(sources) == bool(from_topic):
        raise fail("give files to replay, or --from-topic TOPIC (not both)")
    if from_topic and not topic:
        raise fail("--from-topic needs --topic (where to replay it to)")
    bounds = (_time(since, "--since"), _time(until, "--until"))
    settings = settings_or_exit()
    if from_topic:
        if dry_run:
            raise fail("--dry-run reads files only")
        items_for = _topic_items(from_topic, bounds)
    else:
        authors = author_policy(settings.reddit)
        files = within(merge_by_event_time([
            _file_items(s, fmt, _time(fetched_at, "--fetched-at"), authors) for s in _checked(sources, fmt)
        ]), *bounds)
        if dry_run:
            _dry_run(files, limit)
            return
        items_for = lambda _bootstrap: files  # noqa: E731
    stats = run_replay(settings, items_for, topic=topic, pacing=Pacing(speed=speed, rate=rate),
                       limit=limit)
    out.print(f"produced {stats.produced} records; rejected {sum(stats.rejected.values())}"
              + (f" {dict(stats.rejected)}" if stats.rejected else ""))


Items = Iterable[ParsedItem] | AsyncIterable[ParsedItem]


def run_replay(settings: Settings, items_for: Callable[[str], Items], *,
               topic: str | None = None, pacing: Pacing | None = None,
               limit: int | None = None) -> ReplayStats:
    """Create the topics and produce ``items_for(bootstrap)`` with a progress bar."""
    with broker(settings) as bootstrap, _progress() as progress:
        task = progress.add_task("replay", total=limit)
        asyncio.run(ensure_topics(bootstrap, settings.partitions, settings.replication_factor,
                                  extra=(topic,) if topic else ()))
        return asyncio.run(produce(
            items_for(bootstrap), bootstrap, topic=topic, pacing=pacing, limit=limit,
            on_progress=lambda n: progress.advance(task, n),
            dlq_max_bytes=settings.dlq_payload_max_bytes,
        ))


def _checked(sources: list[Path], fmt: str) -> list[Path]:
    for source in sources:
        try:
            read(source, fmt)  # checks the file and the format now, reads nothing yet
        except FormatError as exc:
            raise fail(exc.detail) from None
    return sources


def _file_items(source: Path, fmt: str, fetched_at: float | None,
                authors: AuthorPolicy) -> Iterator[ParsedItem]:
    try:
        yield from read(source, fmt, fetched_at=fetched_at, authors=authors)
    except FormatError as exc:
        raise fail(exc.detail) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"cannot read {source}: {exc}") from None


def _topic_items(name: str, bounds: tuple[float | None, float | None]) -> Callable[[str], Items]:
    async def items(bootstrap: str) -> AsyncIterator[ParsedItem]:
        async for item in read_topic(bootstrap, name):
            if isinstance(item, Rejected) or (
                (bounds[0] is None or item.event_time >= bounds[0])
                and (bounds[1] is None or item.event_time < bounds[1])):
                yield item
    return items


def _time(value: str | None, option: str) -> float | None:
    if value is None:
        return None
    try:
        return parse_time(value)
    except ValueError as exc:
        raise fail(f"{option}: {exc}") from None


def _dry_run(items: Iterable[ParsedItem], limit: int | None) -> None:
    kinds: Counter[str] = Counter()
    rejected: Counter[str] = Counter()
    for item in items:
        if isinstance(item, Rejected):
            rejected[item.error.reason] += 1
            err.print(f"{item.source}:{item.line}: {item.error}", highlight=False)
            continue
        if limit is not None and sum(kinds.values()) >= limit:
            break
        kinds[type(item.value).__name__] += 1
    out.print({"records": dict(kinds), "rejected": dict(rejected)})


class RateColumn(ProgressColumn):
    """Records per second."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed or 0:,.0f}/s")


def _progress() -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), TaskProgressColumn(),
                    TextColumn("{task.completed:,} records"), RateColumn(),
                    TimeRemainingColumn(), console=err)
