"""``--format auto``: the format of a file from its name, else from its first 64 KiB.

By name: ``RC_*``/``RS_*`` -> pushshift; ``*trends.csv[.gz]`` -> tmdb-daily; other
``.csv[.gz]`` -> csv. By content (decompressed if gzip or zstandard), first match wins:
``"__faust":`` -> jsonl; ``"kind": "Listing"|"t1"|"t3"`` (also as escaped JSON text) ->
reddit-listing; ``"total_results"`` or ``"original_title"`` -> tmdb-pages;
``"retrieved_on"`` or ``"subreddit_id"`` (Pushshift/raw API comment fields) -> pushshift;
``"created_utc"`` -> jsonl (plain comment objects).
"""

from __future__ import annotations

import re
from pathlib import Path

from trendscope.sources.formats.files import read_head

_CONTENT_RULES = (
    ("jsonl", re.compile(rb'"__faust"\s*:')),
    ("reddit-listing", re.compile(rb'\\?"kind\\?"\s*:\s*\\?"(?:Listing|t1|t3)\\?"')),
    ("tmdb-pages", re.compile(rb'\\?"(?:total_results|original_title)\\?"\s*:')),
    ("pushshift", re.compile(rb'"(?:retrieved_on|subreddit_id)"\s*:')),
    ("jsonl", re.compile(rb'"created_utc"\s*:')),
)


def format_from_name(path: Path) -> str | None:
    """The format a file name implies, or None."""
    name = path.name.lower()
    if name.startswith(("rc_", "rs_")):
        return "pushshift"
    if name.endswith(("trends.csv", "trends.csv.gz")):
        return "tmdb-daily"
    if name.endswith((".csv", ".csv.gz")):
        return "csv"
    return None


def format_from_content(path: Path) -> str | None:
    """The format the start of the file implies, or None."""
    head = read_head(path)
    return next((fmt for fmt, pattern in _CONTENT_RULES if pattern.search(head)), None)
