import gzip

from trendscope.models import MovieSnapshot, RedditComment, RedditSubmission, WindowResult
from trendscope.sources.formats.jsonl import read_jsonl

from .conftest import split, write_lines

COMMENT = RedditComment(id="c1", subreddit="movies", body="Dune rules", created_utc=1_700_000_010.0,
                        link_id="t3_x")
SUBMISSION = RedditSubmission(id="s1", subreddit="movies", title="Dune", created_utc=1_700_000_000)
SNAPSHOT = MovieSnapshot(movie_id=438631, title="Dune", fetched_at=1_700_000_020.0, source_list="popular",
                         popularity=55.5, genre_ids=[878])
WINDOW = WindowResult(movie_id=1, window_kind="1h", window_start=0.0, window_end=3600.0, mentions=1,
                      sentiment_sum=0.0, score=1.0, score_variant="v", final=True)


def test_faust_records_go_to_their_topics_with_their_own_time(tmp_path):
    path = write_lines(tmp_path / "r.jsonl", [COMMENT.dumps(), SUBMISSION.dumps(), SNAPSHOT.dumps()])
    records, rejected = split(read_jsonl(path))
    assert not rejected
    assert [(r.topic, r.key, r.event_time) for r in records] == [
        ("reddit.comments", "c1", 1_700_000_010.0),
        ("reddit.submissions", "s1", 1_700_000_000.0),
        ("tmdb.movies", "438631", 1_700_000_020.0),
    ]
    assert records[0].value == COMMENT
    assert records[1].value.title == "Dune"
    assert records[2].value.genre_ids == [878] and records[2].value.popularity == 55.5


def test_plain_comments_bad_lines_and_derived_ids(tmp_path):
    no_id = {"subreddit": "movies", "body": "same words", "created_utc": 1_700_000_000, "link_id": "t3_abc"}
    path = write_lines(tmp_path / "c.jsonl.gz", [
        {"id": "p1", "subreddit": "movies", "body": "plain", "created_utc": 1_700_000_001.5},
        no_id,
        b"",  # blank: skipped, still counted as a line
        no_id,  # the same comment again in the same second: a second, distinct id
        b"{not json",
        b"[1, 2]",
        {"id": "p2", "subreddit": "movies", "created_utc": 1_700_000_002},  # no body
        WINDOW.dumps(),
        {"id": "p3", "subreddit": "movies", "body": "x", "created_utc": 1_700_000_003, "__faust": {"ns": 7}},
    ])
    path.write_bytes(gzip.compress(path.read_bytes()))
    records, rejected = split(read_jsonl(path))
    assert (records[0].key, records[0].event_time) == ("p1", 1_700_000_001.5)
    derived = [r.value for r in records[1:]]
    assert len(derived) == 2 and all(c.id_derived and c.id.startswith("d_") for c in derived)
    assert derived[0].id != derived[1].id
    assert [r.key for r in split(read_jsonl(path))[0]] == [r.key for r in records], "ids are stable"
    assert [(r.line, r.error.reason) for r in rejected] == [
        (5, "decode"), (6, "decode"), (7, "missing_field"),
        (8, "unsupported_record"), (9, "unsupported_record"),
    ]
    assert rejected[0].raw == b"{not json" and rejected[0].source == str(path)


def test_derived_id_matches_the_csv_reader_for_the_same_comment(tmp_path):
    from trendscope.sources.comments_csv import derived_comment_id

    path = write_lines(tmp_path / "c.jsonl", [
        {"subreddit": "movies", "body": "hi", "created_utc": 1_690_000_000.0, "link_id": "t3_abc"},
    ])
    (record,), _ = split(read_jsonl(path))
    assert record.key == derived_comment_id("abc", "1690000000", "hi", 0)
