"""Fitting and cross-validating the accept/reject model on labelled comments (pure; numpy)."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from trendscope.mentions.extractor import MentionExtractor
from trendscope.mentions.model import LogisticModel

Pair = tuple[int, int]  # (comment row, movie id)


@dataclass(frozen=True, slots=True)
class Example:
    row: int
    movie_id: int
    features: tuple[float, ...]
    label: bool


def examples(extractor: MentionExtractor, comments: Iterable[Mapping[str, Any]],
             gold: Mapping[int, set[int]]) -> list[Example]:
    """One example per candidate span; labelled true when the comment's gold films include its film.

    A comment is ``{"row", "body", "thread_title"?, "when"?}``.
    """
    found = []
    for comment in comments:
        row = comment["row"]
        for candidate in extractor.candidates(comment["body"], comment.get("thread_title"), comment.get("when")):
            movie_id = candidate.span.film.movie_id
            found.append(Example(row, movie_id, tuple(candidate.features), movie_id in gold.get(row, set())))
    return found


def fit(train: Sequence[Example], l2: float = 1.0, threshold: float = 0.5) -> LogisticModel:
    """L2-regularised logistic regression by Newton's method (the bias is not penalised)."""
    x = np.array([e.features for e in train], dtype=float)
    y = np.array([e.label for e in train], dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-6)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return LogisticModel(tuple(float(v) for v in w), threshold)


def accepted(model: LogisticModel, test: Iterable[Example]) -> set[Pair]:
    """(row, movie id) pairs with at least one span the model accepts."""
    return {(e.row, e.movie_id) for e in test if model.probability(e.features) >= model.threshold}


def folds(rows: Iterable[int], k: int, seed: int = 0) -> list[set[int]]:
    """Comment rows split into k folds at random (seeded)."""
    shuffled = sorted(set(rows))
    random.Random(seed).shuffle(shuffled)
    return [set(shuffled[i::k]) for i in range(k)]


def cross_validate(data: Sequence[Example], rows: Iterable[int], k: int = 5, seed: int = 0,
                   l2: float = 1.0, threshold: float = 0.5) -> set[Pair]:
    """Out-of-fold accepted pairs: each fold is predicted by a model fitted on the others."""
    predicted: set[Pair] = set()
    for held_out in folds(rows, k, seed):
        model = fit([e for e in data if e.row not in held_out], l2, threshold)
        predicted |= accepted(model, [e for e in data if e.row in held_out])
    return predicted
