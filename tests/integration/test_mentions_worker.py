"""Comments -> reddit.mentions in a real worker, equal to the pure extractor's output."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tests.integration.support import new_worker, read_topic, replay_csv, worker_env
from trendscope.mentions.catalog_file import load_catalog
from trendscope.mentions.enrich import enrich, mention_records
from trendscope.mentions.extractor import MentionExtractor
from trendscope.mentions.sentiment import Sentiment
from trendscope.models import Mention
from trendscope.sources.comments_csv import read_comments_csv
from trendscope.sources.records import SourceRecord
from trendscope.topics import REDDIT_MENTIONS

pytestmark = pytest.mark.kafka
CATALOG = Path(__file__).parents[1] / "data" / "mentions" / "catalog.jsonl"
N_COMMENTS = 1500


def test_worker_emits_the_mentions_the_extractor_finds(kafka, tmp_path, comments_csv):
    comments = [i.value for i in itertools.islice(read_comments_csv(comments_csv), N_COMMENTS)
                if isinstance(i, SourceRecord)]
    extractor, sentiment = MentionExtractor(load_catalog(CATALOG)), Sentiment()
    expected = sorted(
        (m.comment_id, m.movie_id, m.start, m.end, m.sentiment)
        for c in comments
        for m in mention_records(c, enrich(c.body, c.submission_title, c.created_utc, extractor, sentiment)))
    assert len(expected) > 50, "the slice names films"

    env = worker_env(kafka.url, tmp_path) | {"TRENDSCOPE_MENTIONS__CATALOG_FILE": str(CATALOG)}
    worker = new_worker(env, tmp_path)
    worker.start()
    try:
        replay_csv(kafka.bootstrap, comments_csv, N_COMMENTS)
        values = read_topic(kafka.bootstrap, REDDIT_MENTIONS.name, len(expected), 120)
        got = [Mention.loads(v) for v in values]
    finally:
        worker.stop()
    assert sorted((m.comment_id, m.movie_id, m.start, m.end, m.sentiment) for m in got) == expected
