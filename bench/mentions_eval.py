"""Movie-mention extraction on the hand-labelled dev set, beside two naive baselines, and its speed.

Prints micro P / R / F1 over (comment, movie) pairs for: the extractor (accept/reject model
cross-validated: 5 folds over the 400 comments, the folds' models never see the comments they
score), the extractor's candidate stage alone, catalog titles matched case-insensitively as
whole words, and titles in their original capitalisation. Then the extractor's false positives
by the comment's label category, its false negatives by alias kind ("no candidate" when no
alias matched), and its speed on every comment of the CSV (one process, no sentiment).

    .venv/bin/python bench/mentions_eval.py            # evaluate
    .venv/bin/python bench/mentions_eval.py --grid     # CV over the regularisation and threshold
    .venv/bin/python bench/mentions_eval.py --train    # refit on all 400 and rewrite weights.py
"""

from __future__ import annotations

import argparse
import pprint
import re
import statistics
import sys
import time
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.mentions.devset import COMMENTS_CSV, DevSet, load_devset, read_all_comments  # noqa: E402
from trendscope.mentions import training  # noqa: E402
from trendscope.mentions.evaluation import (  # noqa: E402
    Scores,
    false_negatives_by,
    false_positives_by_category,
    micro,
)
from trendscope.mentions.extractor import MentionExtractor  # noqa: E402
from trendscope.mentions.features import NAMES  # noqa: E402
from trendscope.mentions.model import LogisticModel  # noqa: E402

WEIGHTS_PY = REPO / "trendscope" / "mentions" / "weights.py"
SEEDS = range(5)


def title_baseline(dev: DevSet, ignore_case: bool) -> set[training.Pair]:
    """Catalog titles as whole words (every film whose title matches)."""
    by_title: dict[str, list[int]] = {}
    for movie in dev.catalog:
        key = movie["title"].lower() if ignore_case else movie["title"]
        by_title.setdefault(key, []).append(movie["id"])
    alternation = "|".join(re.escape(t) for t in sorted(by_title, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE if ignore_case else 0)
    found = set()
    for comment in dev.comments:
        for match in pattern.finditer(comment["body"]):
            key = match[0].lower() if ignore_case else match[0]
            found |= {(comment["row"], movie_id) for movie_id in by_title[key]}
    return found


def mean_scores(runs: Iterable[Scores]) -> str:
    runs = list(runs)
    p, r, f = (statistics.mean(getattr(s, a) for s in runs) for a in ("precision", "recall", "f1"))
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (mean of {len(runs)} fold splits)"


def evaluate(dev: DevSet, extractor: MentionExtractor, data: list[training.Example]) -> None:
    gold = dev.pairs
    rows = [c["row"] for c in dev.comments]
    predicted = training.cross_validate(data, rows, seed=0)
    print(f"{len(dev.comments)} comments, {len(gold)} gold pairs, {len(data)} candidate spans\n")
    print(f"{'extractor, 5-fold CV (seed 0)':44} {micro(predicted, gold)}")
    runs = [micro(training.cross_validate(data, rows, seed=s), gold) for s in SEEDS]
    print(f"{'extractor, 5-fold CV':44} {mean_scores(runs)}")
    print(f"{'candidates only (no accept/reject)':44} {micro({(e.row, e.movie_id) for e in data}, gold)}")
    print(f"{'title, case-insensitive whole word':44} {micro(title_baseline(dev, True), gold)}")
    print(f"{'title, original capitalisation':44} {micro(title_baseline(dev, False), gold)}")

    print("\nfalse positives by the comment's label categories (CV, seed 0; a comment may have several):")
    for category, count in false_positives_by_category(predicted, gold, dev.categories).most_common():
        print(f"  {category:14} {count}")
    kinds: dict[training.Pair, str] = {}
    for e in data:
        kinds.setdefault((e.row, e.movie_id), e.kind)
    print("false negatives by alias kind of the film's first candidate span:")
    for kind, count in false_negatives_by(predicted, gold, kinds).most_common():
        print(f"  {kind:14} {count}")


def speed(extractor: MentionExtractor) -> None:
    """Comments per second of CPU time of this one-threaded process (wall time also shown: other
    processes on the machine slow it down, not the extractor)."""
    records = read_all_comments()
    comments = [(r["body"], r["thread_movie"], float(r["created_utc"])) for r in records]
    wall, cpu = time.perf_counter(), time.process_time()
    found = sum(len(extractor.extract(body, thread, when)) for body, thread, when in comments)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"\nspeed: {len(comments)} comments, {cpu:.2f} s CPU = {len(comments) / cpu:,.0f} comments/s "
          f"on one core (wall {len(comments) / wall:,.0f}/s); no sentiment; {found} mentions")


def grid(data: list[training.Example], dev: DevSet) -> None:
    rows = [c["row"] for c in dev.comments]
    for l2 in (0.1, 0.3, 1.0, 3.0):
        for threshold in (0.4, 0.45, 0.5, 0.55, 0.6):
            runs = [micro(training.cross_validate(data, rows, seed=s, l2=l2, threshold=threshold), dev.pairs)
                    for s in SEEDS]
            print(f"l2 {l2:<4} threshold {threshold:<5} {mean_scores(runs)}")


def train(data: list[training.Example]) -> None:
    model = training.fit(data)
    WEIGHTS_PY.write_text(
        '"""Learned accept/reject weights (written by ``bench/mentions_eval.py --train``: logistic\n'
        'regression fitted on all 400 dev-set comments; see ``training.fit``)."""\n\n'
        f"WEIGHTS = {pprint.pformat(model.to_dict(), width=100, compact=True, sort_dicts=False)}\n",
        encoding="utf-8",
    )
    print(f"wrote {WEIGHTS_PY.relative_to(REPO)} ({len(data)} spans)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--grid", action="store_true", help="cross-validate a grid of l2 and thresholds")
    parser.add_argument("--train", action="store_true", help="refit on all comments and rewrite weights.py")
    args = parser.parse_args()
    if not COMMENTS_CSV.is_file():
        print(f"skipped: the real comments are absent ({COMMENTS_CSV}); "
              "the shared data folder sits beside the repo")
        return
    dev = load_devset()
    # Candidates and features do not depend on the model: retraining works with stale weights.
    untrained = LogisticModel((0.0,) * len(NAMES)) if args.train or args.grid else None
    extractor = MentionExtractor(dev.catalog, dev.manual, untrained)
    data = training.examples(extractor, dev.comments, dev.gold)
    if args.train:
        train(data)
    elif args.grid:
        grid(data, dev)
    else:
        evaluate(dev, extractor, data)
        speed(extractor)


if __name__ == "__main__":
    main()
