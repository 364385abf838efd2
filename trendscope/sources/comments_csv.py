"""The recorded r/movies comments CSV(.gz): created_utc, subreddit, thread_id, thread_movie,
permalink, body. Rows carry no comment id, author or score.

Each comment gets a stable derived id: a hash of thread, time, body and the occurrence
number of that same (thread, time, body) in the file, so replaying the file twice yields
the same ids and two identical comments in the same second stay two comments. The CSV
has no submission title; the threads are all "Official Discussion" threads of
``thread_movie``, so the title is reconstructed as ``Official Discussion - <thread_movie>``.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from trendscope.sources.records import ParsedItem, Rejected, SourceRecord
from trendscope.topics import REDDIT_COMMENTS
from trendscope.validation import InvalidEvent, comment_from_dict

COLUMNS = ("created_utc", "subreddit", "thread_id", "thread_movie", "permalink", "body")


def derived_comment_id(thread_id: str, created_utc: str, body: str, occurrence: int) -> str:
    """Stable id for a comment that has none (``d_`` + 20 hex digits)."""
    digest = hashlib.sha256(f"{thread_id}\x1f{created_utc}\x1f{occurrence}\x1f{body}".encode())
    return "d_" + digest.hexdigest()[:20]


def open_text(path: Path) -> TextIO:
    """Open a text file, transparently gunzipping ``.gz``."""
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def read_comments_csv(path: Path) -> Iterator[ParsedItem]:
    """Yield a SourceRecord per valid row and a Rejected per bad one, in file order."""
    seen: Counter[tuple[str, str, str]] = Counter()
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise InvalidEvent("bad_format", f"{path}: missing columns {', '.join(missing)}")
        for row in reader:
            line = reader.line_num
            try:
                yield _comment(row, seen)
            except InvalidEvent as exc:
                raw = ",".join(str(v) for v in row.values()).encode()
                yield Rejected(str(path), line, exc, raw)


def _comment(row: dict[str, str], seen: Counter[tuple[str, str, str]]) -> SourceRecord:
    try:
        created = float(row["created_utc"])
    except (TypeError, ValueError):
        raise InvalidEvent("bad_value", f"created_utc {row['created_utc']!r} is not a number") from None
    body = row["body"] or ""
    thread = row["thread_id"] or ""
    identity = (thread, row["created_utc"], body)
    occurrence = seen[identity]
    seen[identity] += 1
    comment = comment_from_dict({
        "id": derived_comment_id(thread, row["created_utc"], body, occurrence),
        "subreddit": row["subreddit"],
        "body": body,
        "created_utc": created,
        "link_id": f"t3_{thread}" if thread else None,
        "submission_title": f"Official Discussion - {row['thread_movie']}" if row["thread_movie"] else None,
        "id_derived": True,
    })
    return SourceRecord(REDDIT_COMMENTS.name, comment.id, comment, created)
