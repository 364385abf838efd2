"""Offline replays through the forecaster, in event-time order, with no look-ahead.

Every point of time t is observed (forecast made) before any point of t+1 is seen, and a
forecast is learnt from only when its target window arrives (see ``models``).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trendscope.forecast.features import Point
from trendscope.forecast.models import Forecaster, Outcome
from trendscope.settings import ScoreSettings
from trendscope.sources.formats.registry import read
from trendscope.sources.records import SourceRecord

DAY = 86_400.0


def replay(points: Iterable[tuple[Hashable, Point]], forecaster: Forecaster,
           trace: list[Outcome] | None = None) -> dict[str, Any]:
    """Observe ``(key, point)`` pairs sorted by (time, key); the forecaster's report.
    Every scored forecast is appended to ``trace``, if given."""
    for key, point in sorted(points, key=lambda kp: (kp[1].time, str(kp[0]))):
        step = forecaster.observe(key, point)
        if trace is not None:
            trace.extend(step.outcomes)
    return forecaster.report()


def daily_points(path: Path) -> list[tuple[int, Point]]:
    """The TMDB daily series (``movies_trends.csv``) as one point per movie per day."""
    out = []
    for item in read(path, "tmdb-daily"):
        if not isinstance(item, SourceRecord):
            continue
        s = item.value
        release = _date(s.release_date)
        out.append((s.movie_id, Point(time=s.fetched_at, popularity=s.popularity, rating=s.vote_average,
                                      release=release)))
    return out


def backtest_daily(path: Path, models: tuple[str, ...] = ("linear", "bagged_trees"),
                   **options: Any) -> dict[str, Any]:
    """Next-day popularity on the TMDB daily series: models vs persistence and moving average."""
    return replay(daily_points(path), Forecaster("popularity", DAY, models, **options))


def window_points(results: Iterable[Any], window_kind: str, score: ScoreSettings | None = None,
                  releases: dict[int, float] | None = None) -> list[tuple[int, Point]]:
    """``(movie_id, point)`` of the final results of one ``window_kind`` (records or dicts)."""
    releases = releases or {}
    return [(r_id, Point.from_result(r, releases.get(r_id), score))
            for r in results if _get(r, "window_kind") == window_kind
            for r_id in (_get(r, "movie_id"),)]


def backtest_windows(results: Iterable[Any], step: float, window_kind: str = "tumbling",
                     models: tuple[str, ...] = ("linear",), releases: dict[int, float] | None = None,
                     score: ScoreSettings | None = None, traces: dict[str, list[Outcome]] | None = None,
                     **options: Any) -> dict[str, Any]:
    """Next-window TrendScore and mentions from final window results of one ``window_kind``.

    ``results`` are WindowResults or dicts (e.g. ``oracle.batch_results(...).values()``);
    ``step`` is that kind's window step in seconds; ``releases`` maps movie id to epoch s;
    ``score`` (the scoring settings) lets windows without a result be filled (``idle_windows``);
    ``traces[target]``, if given, receives that target's scored forecasts.
    """
    points = window_points(results, window_kind, score, releases)
    return {target: replay(points, Forecaster(target, step, models, **options),
                           None if traces is None else traces.setdefault(target, []))
            for target in ("score", "mentions")}


def schema_report(reports: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The CLI's JSON: the TrendScore forecast in the issue's schema at the top level
    (``models``, ``baselines``, ``mae_ratio_vs_persistence``: one ratio per model), the
    mention forecast in the same schema under ``mentions``, counts under ``details``."""
    def block(report: dict[str, Any]) -> dict[str, Any]:
        return {key: report[key] for key in ("models", "baselines", "mae_ratio_vs_persistence")}
    details = {target: {k: v for k, v in r.items() if k not in ("models", "baselines",
                                                                 "mae_ratio_vs_persistence")}
               for target, r in reports.items()}
    return {**block(reports["score"]), "mentions": block(reports["mentions"]), "details": details}


def _get(record: Any, name: str) -> Any:
    return record[name] if isinstance(record, dict) else getattr(record, name)


def _date(text: str | None) -> float | None:
    """Epoch seconds of a ``YYYY-MM-DD`` date, None if absent or malformed."""
    try:
        return datetime.strptime(text or "", "%Y-%m-%d").replace(tzinfo=UTC).timestamp()
    except ValueError:
        return None
