"""Comments -> reddit.mentions in a real worker, equal to the pure extractor's output."""

from __future__ import annotations

import itertools
import urllib.request
from pathlib import Path

import pytest

from tests.integration.support import new_worker, read_topic, replay_csv, worker_env
from trendscope.mentions.aliases import aliases_with_shipped
from trendscope.mentions.catalog_file import load_catalog
from trendscope.mentions.enrich import enrich, mention_records
from trendscope.mentions.extractor import MentionExtractor
from trendscope.mentions.sentiment import Sentiment
from trendscope.models import Mention
from trendscope.sources.comments_csv import read_comments_csv
from trendscope.sources.records import SourceRecord
from trendscope.topics import REDDIT_MENTIONS
from trendscope.worker_process import wait_for

pytestmark = pytest.mark.kafka
CATALOG = Path(__file__).parents[1] / "data" / "mentions" / "catalog.jsonl"
N_COMMENTS = 1500


def _comment_counts(base_url: str) -> dict[str, float]:
    metrics = urllib.request.urlopen(f"{base_url}/metrics", timeout=10).read().decode()
    return {line.split('"')[1]: float(line.split()[-1]) for line in metrics.splitlines()
            if line.startswith("trendscope_comments_total{")}


def test_worker_emits_the_mentions_the_extractor_finds(kafka, tmp_path, comments_csv):
    comments = [i.value for i in itertools.islice(read_comments_csv(comments_csv), N_COMMENTS)
                if isinstance(i, SourceRecord)]
    extractor, sentiment = MentionExtractor(load_catalog(CATALOG), aliases_with_shipped()), Sentiment()
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
        counted = wait_for(lambda: (c := _comment_counts(worker.base_url))
                           and sum(c.values()) == len(comments) and c, 120)
        values = read_topic(kafka.bootstrap, REDDIT_MENTIONS.name, 10**9, timeout=5)  # all there is
        got = [Mention.loads(v) for v in values if b'"ns":"trendscope.Mention"' in v]  # not markers
    finally:
        worker.stop()
    assert sorted((m.comment_id, m.movie_id, m.start, m.end, m.sentiment) for m in got) == expected
    with_mentions = len({m[0] for m in expected})
    assert counted == {"mention": with_mentions, "no_mention": len(comments) - with_mentions}
