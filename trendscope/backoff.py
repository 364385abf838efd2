"""Capped exponential backoff with jitter, for reconnecting after errors."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Attempt n waits a random time in [d/2, d], d = min(cap, base * 2**n) ("equal jitter").

    The fixed half keeps a minimum pause; the random half spreads reconnecting clients.
    """

    base: float = 1.0
    cap: float = 300.0
    rng: random.Random = field(default_factory=random.Random, repr=False)
    attempt: int = 0

    def next_delay(self) -> float:
        """The pause before the next attempt; each call doubles the ceiling up to ``cap``."""
        ceiling = min(self.cap, self.base * 2 ** min(self.attempt, 62))
        self.attempt += 1
        return ceiling / 2 + self.rng.random() * ceiling / 2

    def reset(self) -> None:
        """Start over after a success."""
        self.attempt = 0
