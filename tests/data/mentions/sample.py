"""Deterministic sample of r/movies comments for the movie-mention evaluation set.

The comments have no licence to redistribute, so this directory stores only
references to them: ``sample.jsonl`` holds, per sampled comment, the 0-based
data-row number in ``rmovies_comments.csv.gz`` (CSV records after the header, as
``csv.DictReader`` yields them; a record may span several lines) and the SHA-1 of
its body.  ``load_sample`` re-reads the CSV and checks every hash.

Selection (seed ``SEED``), per thread (8 threads, ``PER_THREAD_RANDOM`` +
``PER_THREAD_ENRICHED`` comments each):

* eligible: body not ``[deleted]``/``[removed]``/empty and at most ``MAX_CHARS``
  characters;
* random half: uniform over the thread's eligible comments;
* enriched half: from the remaining eligible comments whose text contains,
  case-insensitively and as a whole word, any term of ``enrich_terms.txt``
  (catalog titles, their subtitles and common short forms, frozen when the sample
  was drawn so later catalog additions do not change it).  Because word-like
  titles ("It", "Up", "Her") match almost everything, enriched comments are drawn
  with weight ``1 / sqrt(df)`` of their rarest matched term (df = number of
  eligible comments in the whole file containing it), weighted sampling without
  replacement (Efraimidis-Spirakis keys).

Usage:  python sample.py [CSV] > sample.jsonl   (default CSV: ../shared/data/...)
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import math
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CSV = HERE.parents[3] / "shared" / "data" / "reddit" / "rmovies_comments.csv.gz"
SAMPLE_PATH = HERE / "sample.jsonl"
TERMS_PATH = HERE / "enrich_terms.txt"

SEED = 20261126
PER_THREAD_RANDOM = 25
PER_THREAD_ENRICHED = 25
MAX_CHARS = 2500

csv.field_size_limit(10**7)


def _open(csv_path):
    csv_path = Path(csv_path)
    if csv_path.suffix == ".gz":
        return gzip.open(csv_path, "rt", encoding="utf-8", newline="")
    return open(csv_path, encoding="utf-8", newline="")


def read_rows(csv_path) -> list[dict]:
    with _open(csv_path) as fh:
        return list(csv.DictReader(fh))


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def eligible(body: str) -> bool:
    b = body.strip()
    return bool(b) and b not in ("[deleted]", "[removed]") and len(body) <= MAX_CHARS


def load_terms(path=TERMS_PATH) -> list[str]:
    terms = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            terms.append(line)
    return terms


def term_regex(terms: list[str]) -> re.Pattern:
    alts = sorted({t.lower() for t in terms}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in alts) + r")(?!\w)", re.IGNORECASE)


def draw(csv_path=DEFAULT_CSV) -> list[dict]:
    rows = read_rows(csv_path)
    rx = term_regex(load_terms())
    matched: dict[int, set[str]] = {}
    df: Counter = Counter()
    by_thread: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        if not eligible(r["body"]):
            continue
        by_thread[r["thread_id"]].append(i)
        hits = {m.group(0).lower() for m in rx.finditer(r["body"])}
        if hits:
            matched[i] = hits
            df.update(hits)
    rng = random.Random(SEED)
    out = []
    for thread in sorted(by_thread):
        pool = by_thread[thread]
        rand = set(rng.sample(pool, PER_THREAD_RANDOM))
        cands = [i for i in pool if i in matched and i not in rand]
        keyed = []
        for i in cands:
            w = max(1.0 / math.sqrt(df[t]) for t in matched[i])
            keyed.append((rng.random() ** (1.0 / w), i))
        keyed.sort(reverse=True)
        enr = {i for _, i in keyed[:PER_THREAD_ENRICHED]}
        for i in sorted(rand | enr):
            out.append({"row": i, "sha1": sha1(rows[i]["body"]), "thread_id": thread, "enriched": i in enr})
    out.sort(key=lambda x: x["row"])
    return out


def load_sample(csv_path=DEFAULT_CSV, sample_path=SAMPLE_PATH) -> list[dict]:
    """Re-read the CSV and return the sampled comments (body, created_utc,
    thread_movie ...); raise ValueError when a row's body does not match its hash."""
    text = Path(sample_path).read_text(encoding="utf-8")
    refs = [json.loads(line) for line in text.splitlines() if line.strip()]
    rows = read_rows(csv_path)
    out = []
    for ref in refs:
        i = ref["row"]
        if i >= len(rows):
            raise ValueError(f"row {i} beyond end of {csv_path} ({len(rows)} rows)")
        r = rows[i]
        if sha1(r["body"]) != ref["sha1"]:
            raise ValueError(f"row {i}: sha1 mismatch (the CSV differs from the one sampled)")
        if r["thread_id"] != ref["thread_id"]:
            raise ValueError(f"row {i}: thread_id {r['thread_id']} != {ref['thread_id']}")
        out.append({
            "row": i,
            "sha1": ref["sha1"],
            "thread_id": r["thread_id"],
            "thread_movie": r["thread_movie"],
            "created_utc": r["created_utc"],
            "enriched": ref["enriched"],
            "body": r["body"],
        })
    return out


if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_CSV
    for ref in draw(path):
        print(json.dumps(ref))
