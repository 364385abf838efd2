"""Batch recomputation of every final window result, for tests (plain Python, no streaming).

Written apart from the streaming code on purpose: windows are enumerated from the data
and filled by range queries over sorted times (not assigned per event), sums are exact
fractions, the as-of join and the catalog are scans, and the scores are spelled out
from their formulas. Only the settings and the documented rules are shared.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from trendscope.scoring.asof import DETAILS, SnapshotLike
from trendscope.settings import ScoreSettings, WindowSettings

MentionRow = tuple[int, str, float, float]  # movie_id, comment_id, created_utc, sentiment
ResultKey = tuple[int, str, int]  # movie_id, window_kind, window_start


def batch_results(
    mentions: Iterable[MentionRow],
    snapshots: Iterable[SnapshotLike],
    windows: WindowSettings,
    score: ScoreSettings,
    comment_times: Iterable[float] = (),
) -> dict[ResultKey, dict[str, Any]]:
    """Final results of every window holding a comment (mentions' or ``comment_times``)."""
    first: dict[tuple[int, str], tuple[float, float]] = {}
    for movie_id, comment_id, t, sentiment in mentions:
        first.setdefault((movie_id, comment_id), (t, sentiment))
    by_movie: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for (movie_id, _), row in first.items():
        by_movie[movie_id].append(row)
    for rows in by_movie.values():
        rows.sort()
    times = {movie_id: [t for t, _ in rows] for movie_id, rows in by_movie.items()}
    seconds = {math.floor(t) for rows in by_movie.values() for t, _ in rows}
    seconds |= {math.floor(t) for t in comment_times}
    shots: dict[int, list[SnapshotLike]] = defaultdict(list)
    for snapshot in sorted(snapshots, key=lambda s: s.fetched_at):
        shots[snapshot.movie_id].append(snapshot)

    out: dict[ResultKey, dict[str, Any]] = {}
    kinds = (
        ("tumbling", windows.tumbling_seconds, windows.tumbling_seconds),
        ("hopping", windows.hopping_size_seconds, windows.hopping_step_seconds),
    )
    for kind, size, step in kinds:
        starts = sorted({s - s % step - j * step for s in seconds for j in range(size // step)})
        for start in starts:
            end = start + size
            catalog = _catalog(shots, end, score.catalog_max_age_seconds)
            pops = [s.popularity for s in catalog.values() if s.popularity is not None]
            rated = [s.vote_average for s in catalog.values() if s.vote_count and s.vote_average is not None]
            mean_vote = float(sum(map(Fraction, rated), Fraction(0))) / len(rated) if rated else None
            inside = {m: (bisect_left(ts, start), bisect_left(ts, end)) for m, ts in times.items()}
            for movie_id in set(catalog) | {m for m, (lo, hi) in inside.items() if hi > lo}:
                lo, hi = inside.get(movie_id, (0, 0))
                rows = by_movie[movie_id][lo:hi] if hi > lo else []
                snap = catalog.get(movie_id) or _latest(shots.get(movie_id, []), end)
                out[(movie_id, kind, start)] = _result(
                    (movie_id, kind, start), end, rows, snap, pops, mean_vote, score
                )
        _add_trends(out, kind, step, score)
    return out


def _latest(history: list[SnapshotLike], end: float) -> SnapshotLike | None:
    before = [s for s in history if s.fetched_at <= end]
    return before[-1] if before else None


def _catalog(shots: dict[int, list[SnapshotLike]], end: float, max_age: float) -> dict[int, SnapshotLike]:
    catalog = {}
    for movie_id, history in shots.items():
        latest = _latest(history, end)
        listed = any(end - max_age <= s.fetched_at <= end and s.source_list != DETAILS for s in history)
        if latest is not None and listed and not latest.retired:
            catalog[movie_id] = latest
    return catalog


def _result(
    key: ResultKey,
    end: int,
    rows: list[tuple[float, float]],
    snap: SnapshotLike | None,
    pops: list[float],
    mean_vote: float | None,
    score: ScoreSettings,
) -> dict[str, Any]:
    movie_id, kind, start = key
    n = len(rows)
    total = float(sum((Fraction(s) for _, s in rows), Fraction(0)))
    avg = total / n if n else 0.0
    pop = snap.popularity if snap else None
    if pop is None:
        pct = 0.0
    elif pops:
        pct = (sum(p < pop for p in pops) + sum(p == pop for p in pops) / 2) / len(pops)
    else:
        pct = 0.5
    if mean_vote is None:
        rating = None
    else:
        v = (snap.vote_count if snap else None) or 0
        r = snap.vote_average if snap and snap.vote_average is not None else mean_vote
        m = score.rating_min_votes
        rating = v / (v + m) * r + m / (v + m) * mean_vote
    return {
        "movie_id": movie_id,
        "window_kind": kind,
        "window_start": float(start),
        "window_end": float(end),
        "mentions": n,
        "sentiment_sum": total,
        "avg_sentiment": avg,
        "final": True,
        "title": snap.title if snap else None,
        "popularity": pop,
        "popularity_at": snap.fetched_at if snap else None,
        "weighted_rating": rating,
        "_pct": pct,
        "_pos": sum(s >= 0.05 for _, s in rows),
        "_neg": sum(s <= -0.05 for _, s in rows),
    }


def _add_trends(out: dict[ResultKey, dict[str, Any]], kind: str, step: int, score: ScoreSettings) -> None:
    """Velocity, momentum, label, baseline and both scores, from the counts of all windows."""
    counts = {(m, s): r["mentions"] for (m, k, s), r in out.items() if k == kind}
    w1, w2, w3 = score.w1, score.w2, score.w3
    for (movie_id, start), n in counts.items():
        r = out[(movie_id, kind, start)]
        c = [counts.get((movie_id, start - k * step), 0) for k in range(4)]
        vel = [(c[k] - c[k + 1]) / max(c[k + 1], 1) for k in range(3)]
        mom = sum(vel) / 3
        trending = 50 + 50 * math.tanh(vel[0] + 0.3 * mom)
        label = next(
            (
                name
                for lo, name in ((80, "Viral"), (60, "Hot"), (40, "Stable"), (20, "Cooling"))
                if trending >= lo
            ),
            "Cold",
        )
        base = sum(counts.get((movie_id, start - k * step), 0) for k in range(1, score.baseline_windows + 1))
        base /= score.baseline_windows
        pop = r["popularity"]
        seed = (w1 * (pop or 0.0), w2 * n * 10, w3 * (r["avg_sentiment"] + 1) * 50)
        norm = (w1 * r.pop("_pct"), w2 * n / (n + base + 1), w3 * (r["avg_sentiment"] + 1) / 2)
        breakdown = {
            "popularity_missing": float(pop is None),
            "trending_score": trending,
            "mentions_baseline": base,
            "positive": float(r.pop("_pos")),
            "negative": float(r.pop("_neg")),
        }
        for name, terms in (("seed", seed), ("normalised", norm)):
            for term, value in zip(("popularity", "mentions", "sentiment"), terms, strict=True):
                breakdown[f"{name}_{term}"] = value
            breakdown[f"{name}_score"] = terms[0] + terms[1] + terms[2]
        r.update(
            score=breakdown[f"{score.variant}_score"],
            score_variant=score.variant,
            breakdown=breakdown,
            velocity=vel[0],
            momentum=mom,
            label=label,
        )
