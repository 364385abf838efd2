import csv
import gzip

from trendscope.sources.comments_csv import derived_comment_id, read_comments_csv
from trendscope.sources.records import Rejected, SourceRecord

HEADER = ["created_utc", "subreddit", "thread_id", "thread_movie", "permalink", "body"]


def write_csv(path, rows):
    with gzip.open(path, "wt", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)


def test_rows_become_comments_with_their_own_time_and_stable_ids(tmp_path):
    path = tmp_path / "c.csv.gz"
    write_csv(path, [
        ["1690000000", "movies", "abc", "Barbie", "/r/movies/x", "Loved it"],
        ["1690000000", "movies", "abc", "Barbie", "/r/movies/x", "Loved it"],  # same text, same second
        ["not-a-time", "movies", "abc", "Barbie", "/r/movies/x", "bad row"],
        ["1690000061", "movies", "abc", "Barbie", "/r/movies/x", "multi\nline, with comma"],
    ])
    first = list(read_comments_csv(path))
    second = list(read_comments_csv(path))
    records = [i for i in first if isinstance(i, SourceRecord)]
    rejected = [i for i in first if isinstance(i, Rejected)]
    assert [r.event_time for r in records] == [1690000000.0, 1690000000.0, 1690000061.0]
    assert len({r.key for r in records}) == 3, "identical comments in one second stay distinct"
    assert [i.key for i in second if isinstance(i, SourceRecord)] == [r.key for r in records]
    assert records[2].value.body == "multi\nline, with comma"
    assert records[0].value.link_id == "t3_abc"
    assert all(r.value.id_derived for r in records)
    assert len(rejected) == 1 and rejected[0].error.reason == "bad_value"
    assert rejected[0].line == 4


def test_derived_id_depends_on_every_part():
    base = derived_comment_id("t", "1", "body", 0)
    assert len({base, derived_comment_id("u", "1", "body", 0), derived_comment_id("t", "2", "body", 0),
                derived_comment_id("t", "1", "other", 0), derived_comment_id("t", "1", "body", 1)}) == 5


def test_real_file_parses_completely(comments_csv):
    items = list(read_comments_csv(comments_csv))
    with gzip.open(comments_csv, "rt", newline="") as handle:
        rows = sum(1 for _ in csv.DictReader(handle))
    assert sum(isinstance(i, SourceRecord) for i in items) == rows
    assert len({i.key for i in items}) == rows
