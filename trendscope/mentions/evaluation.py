"""Scoring mention extraction over (comment, movie) pairs (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Pair = tuple[int, int]  # (comment row, movie id)


@dataclass(frozen=True)
class Scores:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
                f"(tp {self.tp}, fp {self.fp}, fn {self.fn})")


def micro(predicted: Iterable[Pair], gold: Iterable[Pair]) -> Scores:
    """Micro precision / recall / F1 over pairs.

    >>> s = micro({(1, 10), (1, 11), (2, 10)}, {(1, 10), (2, 12)})
    >>> (s.tp, s.fp, s.fn, round(s.f1, 3))
    (1, 2, 1, 0.4)
    """
    predicted, gold = set(predicted), set(gold)
    return Scores(len(predicted & gold), len(predicted - gold), len(gold - predicted))


def false_positives_by_category(predicted: Iterable[Pair], gold: Iterable[Pair],
                                categories: Mapping[int, Iterable[str]]) -> Counter[str]:
    """False positives counted under each category of their comment ("none" when untagged).

    >>> sorted(false_positives_by_category({(1, 10), (2, 10)}, set(), {1: ["character", "word"]}).items())
    [('character', 1), ('none', 1), ('word', 1)]
    """
    counts: Counter[str] = Counter()
    for row, _ in set(predicted) - set(gold):
        counts.update(categories.get(row) or ["none"])
    return counts


def false_negatives_by(predicted: Iterable[Pair], gold: Iterable[Pair],
                       reason: Mapping[Pair, str]) -> Counter[str]:
    """False negatives counted by a reason per pair (e.g. the alias kind, or "no candidate").

    >>> sorted(false_negatives_by(set(), {(1, 10), (1, 11)}, {(1, 10): "subtitle"}).items())
    [('no candidate', 1), ('subtitle', 1)]
    """
    return Counter(reason.get(pair, "no candidate") for pair in set(gold) - set(predicted))
