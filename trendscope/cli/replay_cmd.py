"""``trendscope replay``: produce recorded data to Kafka with its own event time."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterable, Iterator
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
from trendscope.sources.comments_csv import read_comments_csv
from trendscope.sources.records import ParsedItem, Rejected
from trendscope.validation import InvalidEvent


def replay(
    sources: list[Path] = typer.Argument(..., help="files to replay"),
    topic: str | None = typer.Option(None, help="topic to produce to (default: the record's own)"),
    speed: float | None = typer.Option(None, min=0.000001, help="X times faster than the original timing"),
    rate: float | None = typer.Option(None, min=0.000001, help="records per second"),
    as_fast_as_possible: bool = typer.Option(False, "--as-fast-as-possible", help="no pacing (default)"),
    limit: int | None = typer.Option(None, min=1, help="stop after N records"),
    dry_run: bool = typer.Option(False, "--dry-run", help="parse and count only, no broker"),
) -> None:
    """Replay recorded comments (CSV/CSV.gz) to ``reddit.comments``."""
    if sum(x is not None and x is not False for x in (speed, rate, as_fast_as_possible or None)) > 1:
        raise fail("choose one of --speed, --rate, --as-fast-as-possible")
    for source in sources:
        if not source.is_file():
            raise fail(f"no such file: {source}")
    settings = settings_or_exit()
    if dry_run:
        _dry_run(sources, limit)
        return
    stats = run_replay(settings, read_items(sources), topic=topic,
                       pacing=Pacing(speed=speed, rate=rate), limit=limit)
    out.print(f"produced {stats.produced} records; rejected {sum(stats.rejected.values())}"
              + (f" {dict(stats.rejected)}" if stats.rejected else ""))


def run_replay(settings: Settings, items: Iterable[ParsedItem], *, topic: str | None = None,
               pacing: Pacing | None = None, limit: int | None = None) -> ReplayStats:
    """Create the topics and produce ``items`` with a progress bar (``replay`` and ``demo``)."""
    with broker(settings) as bootstrap, _progress() as progress:
        task = progress.add_task("replay", total=limit)
        asyncio.run(ensure_topics(bootstrap, settings.partitions, settings.replication_factor,
                                  extra=(topic,) if topic else ()))
        return asyncio.run(produce(
            items, bootstrap, topic=topic, pacing=pacing, limit=limit,
            on_progress=lambda n: progress.advance(task, n),
            dlq_max_bytes=settings.dlq_payload_max_bytes,
        ))


def read_items(sources: list[Path]) -> Iterator[ParsedItem]:
    """Records of every source in turn; unreadable files stop the command with exit 2."""
    for source in sources:
        try:
            yield from read_comments_csv(source)
        except InvalidEvent as exc:
            raise fail(str(exc)) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise fail(f"cannot read {source}: {exc}") from None


def _dry_run(sources: list[Path], limit: int | None) -> None:
    kinds: Counter[str] = Counter()
    rejected: Counter[str] = Counter()
    item: ParsedItem
    for item in read_items(sources):
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
