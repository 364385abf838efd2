"""``trendscope top`` and ``trendscope history``: read final windows from the store."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import orjson
import typer
from rich.table import Table

from trendscope.cli.common import fail, out, settings_or_exit
from trendscope.models import WindowResult
from trendscope.storage import TrendStore, open_store
from trendscope.timeparse import iso, parse_time

KINDS = {"1m": "tumbling", "5m": "hopping", "tumbling": "tumbling", "hopping": "hopping"}


def db_init() -> None:
    """Create the store's keyspace and tables (CQL: replication, TWCS and TTL from settings)."""
    settings = settings_or_exit()

    async def run() -> None:
        store = open_store(settings)
        await store.init()
        await store.close()

    asyncio.run(run())
    target = ", ".join(settings.store.cql_hosts) or str(settings.state_dir / "trendscope.db")
    out.print(f"store ready: {target}")


def top(
    window: str = typer.Option("5m", help="1m (tumbling) or 5m (hopping)"),
    at: str = typer.Option("latest", help="latest, or a time (ISO or epoch s)"),
    limit: int = typer.Option(20, min=1, max=1000),
    as_json: bool = typer.Option(False, "--json", help="JSON lines instead of a table"),
) -> None:
    """Top movies by TrendScore in one final window."""
    kind = _kind(window)
    when = None if at == "latest" else _time(at)
    rows = asyncio.run(_read(lambda store: store.top(kind, when, limit)))
    _show(rows, as_json, f"top {limit} · {window} window")


def history(
    movie_id: int = typer.Argument(...),
    window: str = typer.Option("5m", help="1m (tumbling) or 5m (hopping)"),
    limit: int = typer.Option(100, min=1, max=1000),
    as_json: bool = typer.Option(False, "--json", help="JSON lines instead of a table"),
) -> None:
    """A movie's final windows, newest first."""
    kind = _kind(window)
    rows = asyncio.run(_read(lambda store: store.history(movie_id, kind, limit=limit)))
    _show(rows, as_json, f"movie {movie_id} · {window} windows")


async def _read(query: Callable[[TrendStore], Awaitable[list[WindowResult]]]) -> list[WindowResult]:
    store = open_store(settings_or_exit())
    await store.init()
    try:
        return await query(store)
    finally:
        await store.close()


def _show(rows: list[WindowResult], as_json: bool, title: str) -> None:
    if as_json:
        for row in rows:
            out.out(orjson.dumps(row.asdict()).decode(), highlight=False)
        return
    table = Table(title=title)
    for column in ("window start (UTC)", "movie", "title", "mentions", "avg sentiment", "popularity",
                   "score", "label"):
        table.add_column(column)
    for r in rows:
        table.add_row(iso(r.window_start), str(r.movie_id), r.title or "", str(r.mentions),
                      f"{r.avg_sentiment or 0:+.3f}", "" if r.popularity is None else f"{r.popularity:.1f}",
                      f"{r.score:.2f}", r.label or "")
    out.print(table)


def _kind(window: str) -> str:
    if window not in KINDS:
        raise fail(f"--window must be one of {', '.join(KINDS)}")
    return KINDS[window]


def _time(value: str) -> float:
    try:
        return parse_time(value)
    except ValueError as exc:
        raise fail(f"--at: {exc}") from None
