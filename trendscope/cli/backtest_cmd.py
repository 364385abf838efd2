"""``trendscope backtest``: comments (+ TMDB) -> mentions -> windows -> scores -> forecasts, offline."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import orjson
import typer
from rich.markup import escape

from trendscope.cli.common import err, fail, out, settings_or_exit
from trendscope.forecast.backtest import backtest_windows, schema_report
from trendscope.forecast.models import BUILDERS, Outcome
from trendscope.forecast.plot import plot
from trendscope.mentions.aliases import aliases_with_shipped
from trendscope.mentions.catalog_file import load_catalog
from trendscope.mentions.enrich import enrich, mention_records
from trendscope.mentions.extractor import MentionExtractor
from trendscope.mentions.sentiment import Sentiment
from trendscope.models import MovieSnapshot, RedditComment
from trendscope.sources.formats import FormatError, merge_by_event_time, read
from trendscope.sources.records import SourceRecord
from trendscope.windows.oracle import batch_results


def backtest(
    inputs: list[Path] = typer.Argument(..., help="comment files (any replay format)"),
    catalog: Path = typer.Option(..., "--catalog", help="JSONL, one TMDB movie per line"),
    tmdb: list[Path] = typer.Option([], "--tmdb", help="TMDB sources (tmdb-pages, tmdb-daily, jsonl)"),
    json_out: Path | None = typer.Option(None, "--json", help="write the report here"),
    plot_out: Path | None = typer.Option(None, "--plot", help="PNG of predicted vs actual, top movies"),
    window: str = typer.Option("tumbling", help="tumbling or hopping windows to forecast"),
    idle_windows: int | None = typer.Option(None, "--idle-windows", min=0,
                                            help="default: forecast.idle_windows"),
    models: list[str] = typer.Option([], "--model", help="default: forecast.models"),
) -> None:
    """Forecast each movie's next window in event-time order (no broker, no look-ahead) and
    compare the models with persistence and a moving average (the worker's settings)."""
    settings = settings_or_exit()
    config = settings.forecast
    chosen = tuple(models or config.models)
    if window not in ("tumbling", "hopping") or set(chosen) - set(BUILDERS):
        raise fail(f"--window is tumbling or hopping; --model one of {', '.join(BUILDERS)}")
    if plot_out is not None and importlib.util.find_spec("matplotlib") is None:
        raise fail(escape("--plot needs matplotlib: pip install 'trendscope[plot]'"))
    try:
        movies = load_catalog(catalog)
        extractor = MentionExtractor(movies, aliases_with_shipped())
        items = list(merge_by_event_time([read(p) for p in [*inputs, *tmdb]]))
    except (FormatError, OSError, ValueError) as exc:
        raise fail(str(exc)) from None
    records = [i.value for i in items if isinstance(i, SourceRecord)]
    comments = [r for r in records if isinstance(r, RedditComment)]
    snapshots = [r for r in records if isinstance(r, MovieSnapshot)]
    sentiment = Sentiment()
    mentions = [(m.movie_id, m.comment_id, m.created_utc, m.sentiment) for c in comments
                for m in mention_records(c, enrich(c.body, c.submission_title, c.created_utc,
                                                   extractor, sentiment))]
    err.print(f"{len(comments):,} comments, {len(mentions):,} mentions, {len(snapshots):,} snapshots")
    results = batch_results(mentions, snapshots, settings.windows, settings.score,
                            comment_times=[c.created_utc for c in comments])
    windows = settings.windows
    step = windows.tumbling_seconds if window == "tumbling" else windows.hopping_step_seconds
    traces: dict[str, list[Outcome]] = {}
    reports = backtest_windows(
        results.values(), step, window, models=chosen, score=settings.score, traces=traces,
        k=config.history_windows, on_drift=config.on_drift, delta=config.drift_delta,
        idle_windows=config.idle_windows if idle_windows is None else idle_windows)
    text = orjson.dumps(schema_report(reports), option=orjson.OPT_INDENT_2).decode()
    if json_out:
        json_out.write_text(text)
    if plot_out:
        titles = {m["id"]: m["title"] for m in movies}
        plot(traces["score"], plot_out, target="TrendScore", names=titles, models=(chosen[0], "persistence"))
        err.print(f"plot: {plot_out}")
    out.print_json(text)
