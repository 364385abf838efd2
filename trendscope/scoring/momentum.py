"""Velocity, momentum, trending score and label of a movie's mentions (pure; the KOL seed's).

- velocity = relative change of mentions from the previous window of the same kind
  (``start - step``): ``(current - previous) / max(previous, 1)``; the seed divides by the
  previous count, the ``max(., 1)`` keeps a rise from zero finite (0 -> 3 is +3);
- momentum = mean velocity of the last 3 windows, this one included;
- trending score = ``50 + 50 * tanh(velocity + 0.3 * momentum)``, 0..100;
- labels, the seed's ranges: Viral >= 80, Hot >= 60, Stable >= 40, Cooling >= 20, else Cold.

A movie's history is ``{str(window_start): mentions}`` (JSON-ready, zeros left out): a
window missing from it had no mentions, so a gap in the data and a movie's first
windows read as zeros.
"""

from __future__ import annotations

import math
from typing import NamedTuple

LABELS = ((80.0, "Viral"), (60.0, "Hot"), (40.0, "Stable"), (20.0, "Cooling"))
MOMENTUM_WINDOWS = 3

History = dict[str, int]


class Trend(NamedTuple):
    velocity: float
    momentum: float
    score: float
    label: str


def velocity(current: int, previous: int) -> float:
    """Relative change from ``previous`` to ``current``.

    >>> velocity(30, 10), velocity(5, 10), velocity(3, 0), velocity(0, 0)
    (2.0, -0.5, 3.0, 0.0)
    """
    return (current - previous) / max(previous, 1)


def trending_score(velocity: float, momentum: float) -> float:
    """``50 + 50 * tanh(velocity + 0.3 * momentum)``.

    >>> round(trending_score(0.0, 0.0), 6), round(trending_score(1.0, 1.0), 4), trending_score(-50, 0)
    (50.0, 93.0862, 0.0)
    """
    return 50 + 50 * math.tanh(velocity + 0.3 * momentum)


def label(score: float) -> str:
    """The seed's label for a trending score.

    >>> [label(s) for s in (100, 80, 79.9, 60, 40, 20, 19.9)]
    ['Viral', 'Viral', 'Hot', 'Hot', 'Stable', 'Cooling', 'Cold']
    """
    for threshold, name in LABELS:
        if score >= threshold:
            return name
    return "Cold"


def trend(history: History, start: int, step: int, mentions: int) -> Trend:
    """Trend of the window at ``start`` with ``mentions``, from the previous windows in ``history``.

    >>> t = trend({"0": 2, "60": 4}, 180, 60, 10)  # counts 2, 4, 0, 10: velocities 1, -1, 10
    >>> t.velocity, t.momentum, round(t.score, 4), t.label
    (10.0, 3.3333333333333335, 100.0, 'Viral')
    """
    counts = [mentions] + [history.get(str(start - k * step), 0) for k in range(1, MOMENTUM_WINDOWS + 1)]
    velocities = [velocity(counts[k], counts[k + 1]) for k in range(MOMENTUM_WINDOWS)]
    momentum = sum(velocities) / MOMENTUM_WINDOWS
    score = trending_score(velocities[0], momentum)
    return Trend(velocities[0], momentum, score, label(score))


def baseline(history: History, start: int, step: int, windows: int) -> float:
    """Mean mentions of the ``windows`` windows before ``start``.

    >>> baseline({"0": 2, "60": 4}, 180, 60, 4)
    1.5
    """
    return sum(history.get(str(start - k * step), 0) for k in range(1, windows + 1)) / windows


def remember(history: History, start: int, step: int, mentions: int, keep: int) -> None:
    """Record a final window's mentions (mutates); forget windows more than ``keep`` steps back.

    >>> h = {"0": 2, "60": 4}; remember(h, 120, 60, 5, keep=1); h
    {'60': 4, '120': 5}
    """
    if mentions:
        history[str(start)] = mentions
    horizon = start - keep * step
    for key in [key for key in history if int(key) < horizon]:
        del history[key]
