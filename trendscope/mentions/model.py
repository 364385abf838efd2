"""The accept/reject model: logistic regression over ``features.NAMES`` (pure)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import mul
from typing import Any

from trendscope.mentions.features import NAMES


@dataclass(frozen=True)
class LogisticModel:
    weights: tuple[float, ...]
    threshold: float = 0.5

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LogisticModel:
        """From {"names": [...], "weights": [...], "threshold": t}; the names must match ``NAMES``."""
        if tuple(data["names"]) != NAMES:
            raise ValueError("model weights were trained on other features: retrain them")
        return cls(tuple(float(w) for w in data["weights"]), float(data.get("threshold", 0.5)))

    def to_dict(self) -> dict[str, Any]:
        return {"names": list(NAMES), "weights": [round(w, 4) for w in self.weights],
                "threshold": round(self.threshold, 4)}

    def probability(self, features: Sequence[float]) -> float:
        """P(the span names the film).

        >>> model = LogisticModel((0.0,) * (len(NAMES) - 1) + (2.0,))
        >>> round(model.probability([0.0] * (len(NAMES) - 1) + [1.0]), 3)
        0.881
        """
        if len(features) != len(self.weights):
            raise ValueError(f"{len(features)} features for {len(self.weights)} weights")
        z = sum(map(mul, self.weights, features))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
