"""Fitting and cross-validating the accept/reject model on labelled comments (pure; numpy)."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from trendscope.mentions.extractor import MentionExtractor
from trendscope.mentions.features import NAMES
from trendscope.mentions.model import LogisticModel

Pair = tuple[int, int]  # (comment row, movie id)
L2 = 0.3  # chosen by 5-fold cross-validation over the dev set (bench/mentions_eval.py --grid)
THRESHOLD = 0.5
# Prior weights from the labelling rules; the fit shrinks towards these instead of towards 0.
PRIORS = {
    "the_x_movie": 3.0, "a_x_movie": -3.0, "franchise_after": -3.0, "media_after": -3.0,
    "number_after": -2.0, "next_before": -2.0, "name_beside": -2.0, "human_verb_after": -1.5,
    "pronoun_after": -1.0, "plural_after": -1.0, "listed_with_film": 1.5, "quoted": 1.5, "cue_near": 1.0,
}


@dataclass(frozen=True, slots=True)
class Example:
    row: int
    movie_id: int
    features: tuple[float, ...]
    label: bool
    kind: str = "title"  # alias kind of the span


def examples(extractor: MentionExtractor, comments: Iterable[Mapping[str, Any]],
             gold: Mapping[int, set[int]]) -> list[Example]:
    """One example per candidate span; labelled true when the comment's gold films include its film.

    A comment is ``{"row", "body", "thread_title"?, "when"?}``.
    """
    found = []
    for comment in comments:
        row = comment["row"]
        spans = extractor.candidates(comment["body"], comment.get("thread_title"), comment.get("when"))
        for candidate in spans:
            movie_id = candidate.span.film.movie_id
            found.append(Example(row, movie_id, tuple(candidate.features), movie_id in gold.get(row, set()),
                                 candidate.span.kind))
    return found


def _newton(x: np.ndarray, y: np.ndarray, l2: float, prior: np.ndarray) -> np.ndarray:
    w = prior.copy()
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) + penalty * (w - prior)
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-6)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w


def fit(train: Sequence[Example], l2: float = L2, threshold: float = THRESHOLD,
        priors: Mapping[str, float] = PRIORS) -> LogisticModel:
    """Logistic regression by Newton's method with an L2 pull towards ``priors`` (0 for the
    rest; the bias is free), fitted twice: a film the comment names may also appear as a
    character elsewhere in it, so the refit keeps, of each named film's spans, only the one the
    first fit likes best as positive (multiple-instance learning) and drops the others."""
    x = np.array([e.features for e in train], dtype=float)
    y = np.array([e.label for e in train], dtype=float)
    prior = np.array([priors.get(name, 0.0) for name in NAMES])
    w = _newton(x, y, l2, prior)
    scores = x @ w
    best: dict[Pair, int] = {}
    for i, e in enumerate(train):
        pair = (e.row, e.movie_id)
        if e.label and (pair not in best or scores[i] > scores[best[pair]]):
            best[pair] = i
    keep = [i for i, e in enumerate(train) if not e.label or best[(e.row, e.movie_id)] == i]
    w = _newton(x[keep], y[keep], l2, prior)
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
                   l2: float = L2, threshold: float = THRESHOLD) -> set[Pair]:
    """Out-of-fold accepted pairs: each fold is predicted by a model fitted on the others."""
    predicted: set[Pair] = set()
    for held_out in folds(rows, k, seed):
        model = fit([e for e in data if e.row not in held_out], l2, threshold)
        predicted |= accepted(model, [e for e in data if e.row in held_out])
    return predicted
