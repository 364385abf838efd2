"""The whole real r/movies file, 4 source partitions read at full, unequal speeds.

Mentions stand in for the extractor: each comment names its thread's film; sentiment
is a stable pseudo-value from the text (VADER is not what is under test here).
"""

from __future__ import annotations

import csv
import gzip
import hashlib

import pytest

from tests.windows.pipeline import Comment, Pipeline
from tests.windows.test_pipeline import expected, naive_late_share, replay, split
from trendscope.settings import ScoreSettings, WindowSettings


def real_comments(path) -> list[Comment]:
    films: dict[str, int] = {}
    out = []
    with gzip.open(path, "rt", newline="") as f:
        for row in csv.DictReader(f):
            digest = hashlib.sha1(f"{row['thread_id']}|{row['created_utc']}|{row['body']}".encode()).digest()
            movie_id = films.setdefault(row["thread_movie"], len(films) + 1)
            sentiment = round(int.from_bytes(digest[:4]) / 2**31 - 1, 4)
            out.append(Comment(digest.hex()[:12], float(row["created_utc"]), ((movie_id, sentiment),)))
    return out


@pytest.mark.shared_data
def test_full_speed_replay_of_the_real_file_marks_nothing_late(comments_csv):
    items = real_comments(comments_csv)
    assert len(items) == 59_902
    windows = WindowSettings(marker_every_events=500)
    queues = split(items, 4)
    speeds = [1, 2, 5, 13]
    pipeline = Pipeline(windows, ScoreSettings(), sources=4, sinks=2)
    pipeline.end_of_input(replay(pipeline, queues, speeds))

    assert pipeline.late == []
    assert pipeline.results == expected(items, ScoreSettings(), windows, snaps=())
    assert naive_late_share(queues, speeds) > 0.5  # what per-stream time with the same grace would drop
