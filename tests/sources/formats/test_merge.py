import csv
import gzip

import pytest

from trendscope.models import RedditComment
from trendscope.sources.formats import merge_by_event_time, read, within
from trendscope.sources.records import Rejected, SourceRecord
from trendscope.validation import InvalidEvent


def rec(key: str, t: float) -> SourceRecord:
    comment = RedditComment(id=key, subreddit="s", body="", created_utc=t)
    return SourceRecord("reddit.comments", key, comment, t)


def rej(source: str, line: int) -> Rejected:
    return Rejected(source, line, InvalidEvent("decode", "bad"), b"")


def keys(items):
    return [i.key if isinstance(i, SourceRecord) else f"!{i.source}{i.line}" for i in items]


def test_merge_interleaves_by_event_time_with_ties_in_source_order():
    a = [rec("a1", 1), rec("a2", 3), rec("a3", 5)]
    b = [rec("b1", 2), rec("b2", 3), rec("b3", 6)]
    c = [rec("c1", 0)]
    assert keys(merge_by_event_time([a, b, c])) == ["c1", "a1", "b1", "a2", "b2", "a3", "b3"]


def test_rejections_pass_through_as_soon_as_read():
    a = [rej("a", 1), rec("a1", 10), rej("a", 3), rec("a2", 20)]
    b = [rec("b1", 1), rec("b2", 2), rej("b", 9)]
    assert keys(merge_by_event_time([a, b])) == ["!a1", "b1", "b2", "!b9", "a1", "!a3", "a2"]


def test_merge_is_lazy():
    def endless():
        t = 0
        while True:
            t += 1
            yield rec(f"e{t}", t)

    merged = merge_by_event_time([endless(), [rec("x", 2.5)]])
    assert [next(merged).key for _ in range(4)] == ["e1", "e2", "x", "e3"]


def test_an_unordered_source_comes_out_unordered_but_complete():
    a = [rec("a1", 1), rec("a2", 10), rec("late", 2)]
    b = [rec("b1", 5), rec("b2", 11)]
    assert keys(merge_by_event_time([a, b])) == ["a1", "b1", "a2", "late", "b2"]


def test_within_is_half_open_and_keeps_rejections():
    items = [rec("t0", 0), rej("x", 1), rec("t5", 5), rec("t10", 10), rec("t15", 15)]
    assert keys(within(items, since=5, until=15)) == ["!x1", "t5", "t10"]
    assert keys(within(items, since=10)) == ["!x1", "t10", "t15"]
    assert keys(within(items, until=5)) == ["t0", "!x1"]
    assert keys(within(items)) == keys(items)


@pytest.mark.shared_data
def test_real_sources_merge_in_order(shared_data):
    """The sorted comments CSV (2018-2024) and the 2021 trending series, kept to their overlap."""
    comments = shared_data / "reddit" / "rmovies_comments.csv.gz"
    trends = shared_data / "tmdb" / "trending_daily_2021" / "movies_trends.csv"
    since, until = 1_630_022_400.0, 1_636_502_400.0  # 2021-08-27 .. 2021-11-10 UTC
    with gzip.open(comments, "rt", newline="") as handle:
        expected = sum(since <= float(row["created_utc"]) < until for row in csv.DictReader(handle)) + 1496
    merged = list(within(merge_by_event_time([read(comments), read(trends)]), since, until))
    assert all(isinstance(i, SourceRecord) for i in merged) and len(merged) == expected
    times = [i.event_time for i in merged]
    assert times == sorted(times)
    assert {i.topic for i in merged} >= {"tmdb.movies"}
