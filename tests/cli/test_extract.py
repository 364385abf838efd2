import subprocess
import sys
from pathlib import Path

import orjson

from trendscope.mentions.aliases import aliases_with_shipped
from trendscope.mentions.catalog_file import load_catalog
from trendscope.mentions.extractor import MentionExtractor
from trendscope.mentions.sentiment import Sentiment

CATALOG = Path(__file__).parents[1] / "data" / "mentions" / "catalog.jsonl"
LINES = [
    {"id": "a", "body": "I watched Oppenheimer twice. JW4 next week.", "created_utc": 1690000000},
    {"body": "it was up to her", "thread_title": "Official Discussion - Barbie"},
]


def _run(stdin: bytes, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "trendscope", "extract", "--catalog", str(CATALOG), *args],
                          input=stdin, capture_output=True, timeout=120)


def test_adds_mentions_and_sentiment_in_order_and_reports_bad_lines(tmp_path):
    stdin = b"\n".join([orjson.dumps(LINES[0]), b"{broken", b'{"no_body": 1}', orjson.dumps(LINES[1])])
    result = _run(stdin, "-o", str(tmp_path / "out.jsonl"))
    assert result.returncode == 0, result.stderr
    assert b"-:2: not JSON" in result.stderr and b"-:3:" in result.stderr
    out = [orjson.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    extractor, sentiment = MentionExtractor(load_catalog(CATALOG), aliases_with_shipped()), Sentiment()
    assert [o["body"] for o in out] == [x["body"] for x in LINES]
    for line, got in zip(LINES, out, strict=True):
        found = extractor.extract(line["body"], line.get("thread_title"), line.get("created_utc"))
        assert [m["movie_id"] for m in got["mentions"]] == [m.movie_id for m in found]
        assert got["sentiment"] == sentiment.analyzer.polarity_scores(line["body"])["compound"]
        for m in got["mentions"]:
            assert line["body"][m["start"]:m["end"]] == m["matched"]
    assert len({m["movie_id"] for m in out[0]["mentions"]}) == len(out[0]["mentions"])


def test_exit_1_when_no_line_is_good():
    assert _run(b"nope\n").returncode == 1


def test_exit_2_on_a_missing_catalog(tmp_path):
    result = subprocess.run([sys.executable, "-m", "trendscope", "extract", "--catalog",
                             str(tmp_path / "none.jsonl")], input=b"", capture_output=True, timeout=60)
    assert result.returncode == 2
