"""Benchmark: mention extraction + VADER vs VADER alone, on the real comments, one core.

Prints comments/s for (1) stock VADER alone (``polarity_scores`` on every comment), (2) the
extractor alone, (3) ``enrich`` (extractor + bounded VADER per comment + per-sentence VADER
for comments with mentions), and the ratio (3)/(1) (goal >= 0.9), all in one run.

    .venv/bin/python bench/enrich_speed.py [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import time
from collections.abc import Callable
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from trendscope.mentions.catalog_file import load_catalog
from trendscope.mentions.enrich import enrich
from trendscope.mentions.extractor import MentionExtractor
from trendscope.mentions.sentiment import Sentiment

REPO = Path(__file__).resolve().parents[1]
CSV = REPO.parent / "shared" / "data" / "reddit" / "rmovies_comments.csv.gz"
CATALOG = REPO / "tests" / "data" / "mentions" / "catalog.jsonl"


def rate(n: int, run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return n / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if not CSV.is_file():
        raise SystemExit(f"needs the real comments: {CSV}")
    with gzip.open(CSV, "rt", newline="") as handle:
        rows = [(r["body"], f"Official Discussion - {r['thread_movie']}", float(r["created_utc"]))
                for r in csv.DictReader(handle)][: args.limit]
    extractor, sentiment = MentionExtractor(load_catalog(CATALOG)), Sentiment()
    vader = SentimentIntensityAnalyzer()
    n = len(rows)
    vader_only = rate(n, lambda: [vader.polarity_scores(body) for body, _, _ in rows])
    extract_only = rate(n, lambda: [extractor.extract(body, thread, when) for body, thread, when in rows])
    enriched = rate(n, lambda: [enrich(body, thread, when, extractor, sentiment)
                                for body, thread, when in rows])
    print(f"comments: {n:,}; catalog: {CATALOG.name}")
    print(f"VADER alone:               {vader_only:9,.0f} comments/s")
    print(f"extraction alone:          {extract_only:9,.0f} comments/s (goal >= 20,000)")
    print(f"extraction + VADER (enrich): {enriched:7,.0f} comments/s")
    print(f"ratio enrich / VADER alone: {enriched / vader_only:.2f} (goal >= 0.9)")


if __name__ == "__main__":
    main()
