"""Features of a movie at the end of a final window, from values known then (no look-ahead).

A :class:`History` holds a movie's last ``k`` final observations (:class:`Point`), oldest
first; it is updated only when a window becomes final, so :func:`features` of a history
cannot see any later event. Heavy-tailed series (score, mentions, popularity) enter in
``log1p`` space: their last level, the last ``k - 1`` log changes and the log gap from the
mean of the last three (the notes: raw values lose to persistence, log changes beat it).

>>> h = History(k=3)
>>> for day, pop in enumerate([100.0, 120.0, 90.0]):
...     h.push(Point(time=86_400.0 * day, popularity=pop))
>>> f = features(h, "popularity")
>>> f.last, round(f.mean3, 2)
(90.0, 103.33)
>>> round(f.x["popularity_d1"], 4), round(f.x["dow_sin"], 4)  # day 2 = Saturday 1970-01-03
(-0.2849, -0.9749)
>>> History.from_json(h.to_json()).points == h.points
True
"""

from __future__ import annotations

import hashlib
import math
from collections import deque
from dataclasses import asdict, dataclass, fields
from typing import Any, NamedTuple

from trendscope.scoring.trendscore import trend_score
from trendscope.settings import ScoreSettings

SERIES = ("score", "mentions", "popularity")
DAY = 86_400.0
WEEK = 7 * DAY
TAU = 2 * math.pi


@dataclass(frozen=True, slots=True)
class Point:
    """One movie's final window (or day): start time (event time, epoch s, UTC) and values."""

    time: float
    score: float | None = None
    mentions: float | None = None
    popularity: float | None = None
    velocity: float | None = None
    momentum: float | None = None
    sentiment: float | None = None
    rating: float | None = None
    release: float | None = None
    idle_score: float | None = None
    filled: int = 0  # 0: a real result; n: the n-th window in a row filled after one (see idle)

    @classmethod
    def from_result(cls, result: Any, release: float | None = None,
                    score: ScoreSettings | None = None) -> Point:
        """From a final WindowResult (record or dict, e.g. ``oracle.batch_results`` rows);
        with ``score`` (the scoring settings) it also knows its :func:`idle_score`."""
        get = result.get if isinstance(result, dict) else lambda name: getattr(result, name, None)
        return cls(
            time=float(get("window_start")),
            score=get("score"),
            mentions=get("mentions"),
            popularity=get("popularity"),
            velocity=get("velocity"),
            momentum=get("momentum"),
            sentiment=get("avg_sentiment"),
            rating=get("weighted_rating"),
            release=release,
            idle_score=None if score is None else idle_score(get("breakdown"), get("score_variant"), score),
        )

    def idle(self, time: float) -> Point:
        """The movie's window at ``time`` when no result came for it: no mentions (the windows
        agent emits a movie only where it is mentioned or in the catalog), popularity and
        rating carried over, the score that of a window without mentions; ``filled`` counts up."""
        return Point(time=time, score=self.idle_score, mentions=0.0, popularity=self.popularity,
                     sentiment=0.0, rating=self.rating, release=self.release,
                     idle_score=self.idle_score, filled=self.filled + 1)


def idle_score(breakdown: dict[str, float] | None, variant: str | None, score: ScoreSettings) -> float | None:
    """TrendScore of a movie in a window without mentions: its popularity term (from ``breakdown``)
    plus the sentiment term at sentiment 0; None without a breakdown.

    >>> idle_score({"seed_popularity": 40.0}, "seed", ScoreSettings())  # 40 + 0.3 * (0 + 1) * 50
    55.0
    """
    if not breakdown or variant is None or f"{variant}_popularity" not in breakdown:
        return None
    quiet = trend_score(None, 0, 0.0, popularity_pct=0.0, baseline=0.0, settings=score)
    return breakdown[f"{variant}_popularity"] + quiet.breakdown[f"{variant}_sentiment"]


class Features(NamedTuple):
    """``x`` for the models; ``last``/``mean3`` of the target (raw) for the anchor and baselines."""

    x: dict[str, float]
    last: float
    mean3: float


class History:
    """A movie's last ``k`` final points, oldest first (bounded, JSON-able)."""

    __slots__ = ("points",)

    def __init__(self, k: int = 5, points: list[Point] | None = None) -> None:
        self.points: deque[Point] = deque(points or (), maxlen=max(k, 3))

    def push(self, point: Point) -> None:
        """Add a window once it is final (never earlier)."""
        self.points.append(point)

    def to_json(self) -> dict[str, Any]:
        return {"k": self.points.maxlen, "points": [asdict(p) for p in self.points]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> History:
        names = {f.name for f in fields(Point)}
        return cls(data["k"], [Point(**{n: v for n, v in p.items() if n in names}) for p in data["points"]])


def _log(v: float) -> float:
    return math.log1p(max(v, 0.0))


def features(history: History, target: str) -> Features:
    """Features at the end of the newest point of ``history``; its ``target`` must be known."""
    pts = history.points
    now = pts[-1]
    last = getattr(now, target)
    recent = [v for p in list(pts)[-3:] if (v := getattr(p, target)) is not None]
    x: dict[str, float] = {"n_obs": float(len(pts))}
    for name in SERIES:
        values = [getattr(p, name) for p in pts]
        if values[-1] is None:
            continue
        logs = [None if v is None else _log(v) for v in values]
        x[name] = logs[-1]
        for i in range(1, len(logs)):
            a, b = logs[-i], logs[-i - 1]
            if a is not None and b is not None:
                x[f"{name}_d{i}"] = a - b
        known = [v for v in values[-3:] if v is not None]
        x[f"{name}_vs_mean3"] = logs[-1] - _log(sum(known) / len(known))
    if len(pts) > 1:
        x["gap_days"] = (now.time - pts[-2].time) / DAY
    for name in ("velocity", "momentum", "sentiment", "rating"):
        if (v := getattr(now, name)) is not None:
            x[name] = float(v)
    hour, dow = now.time % DAY / DAY, (now.time + 3 * DAY) % WEEK / WEEK  # epoch day 0 was a Thursday
    x.update(hour_sin=math.sin(TAU * hour), hour_cos=math.cos(TAU * hour))
    x.update(dow_sin=math.sin(TAU * dow), dow_cos=math.cos(TAU * dow))
    if now.release is not None:
        age = (now.time - now.release) / DAY
        x["days_since_release"] = math.copysign(_log(abs(age)), age)
    return Features(x, float(last), sum(recent) / len(recent))


def features_hash(x: dict[str, float]) -> str:
    """A short stable hash of a feature dict (for Prediction records).

    >>> features_hash({"b": 1.0, "a": 0.5})
    '108fea1305eab631'
    """
    text = ",".join(f"{k}={x[k]!r}" for k in sorted(x))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
