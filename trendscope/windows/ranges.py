"""Event-time window ranges (pure): tumbling and hopping windows aligned to the epoch.

A window is the half-open interval ``[start, end)``, ``end = start + size``. Starts are
multiples of the step (tumbling: step = size), so every worker and every replay cuts the
same windows. An event at ``t`` lies in the ``size // step`` windows whose start is in
``(t - size, t]``. Sizes and steps are whole seconds, so a fractional event time falls in
the windows of its floor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from trendscope.settings import WindowSettings

TUMBLING = "tumbling"
HOPPING = "hopping"


@dataclass(frozen=True, slots=True)
class WindowSpec:
    """One kind of window: ``size`` seconds long, a new one every ``step`` seconds."""

    kind: str
    size: int
    step: int

    def __post_init__(self) -> None:
        if self.step <= 0 or self.size <= 0 or self.size % self.step:
            raise ValueError(f"{self.kind}: size {self.size} must be a positive multiple of step {self.step}")

    def starts(self, t: float) -> range:
        """Starts of the windows holding ``t``, oldest first.

        >>> list(WindowSpec("hopping", 300, 60).starts(1_700_000_123.5))
        [1699999860, 1699999920, 1699999980, 1700000040, 1700000100]
        >>> minute = WindowSpec("tumbling", 60, 60)
        >>> list(minute.starts(120)), list(minute.starts(119.9))  # half-open: [60, 120) then [120, 180)
        ([120], [60])
        """
        last = int(t // self.step) * self.step
        return range(last - self.size + self.step, last + self.step, self.step)

    def end(self, start: int) -> int:
        """The (excluded) end of the window starting at ``start``."""
        return start + self.size


def window_specs(settings: WindowSettings) -> tuple[WindowSpec, WindowSpec]:
    """The tumbling and the hopping window of the settings."""
    return (
        WindowSpec(TUMBLING, settings.tumbling_seconds, settings.tumbling_seconds),
        WindowSpec(HOPPING, settings.hopping_size_seconds, settings.hopping_step_seconds),
    )


def granularity(specs: tuple[WindowSpec, ...]) -> int:
    """The largest bucket that every window of ``specs`` is made of (gcd of the steps).

    >>> granularity((WindowSpec(TUMBLING, 60, 60), WindowSpec(HOPPING, 300, 60)))
    60
    """
    return math.gcd(*(spec.step for spec in specs))
