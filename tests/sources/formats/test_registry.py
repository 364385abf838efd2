import gzip

import orjson
import pytest

from trendscope.models import RedditComment
from trendscope.sources.formats import FORMATS, FormatError, detect_format, read
from trendscope.sources.reddit.parse import AuthorPolicy
from trendscope.validation import InvalidEvent

from .conftest import split, write_lines, write_zst

COMMENT = {"id": "c1", "subreddit": "movies", "body": "hi", "created_utc": 1_700_000_000}
THING = {"kind": "t1", "data": {**COMMENT, "subreddit_id": "t5_x"}}
LISTING = {"kind": "Listing", "data": {"children": [THING]}}


def make(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("RC_2023-01", b"", "pushshift"),
    ("RS_2023-01.zst", b"", "pushshift"),
    ("movies_trends.csv", b"", "tmdb-daily"),
    ("comments.csv.gz", b"", "csv"),
    ("records.jsonl", RedditComment(**COMMENT).dumps() + b"\n", "jsonl"),
    ("plain.ndjson", orjson.dumps(COMMENT) + b"\n", "jsonl"),
    ("dump.ndjson", orjson.dumps({**COMMENT, "retrieved_on": 1}) + b"\n", "pushshift"),
    ("listing.json", orjson.dumps(LISTING, option=orjson.OPT_INDENT_2), "reddit-listing"),
    ("wrapped.json", orjson.dumps({"_source": {}, "body": orjson.dumps(LISTING).decode()}), "reddit-listing"),
    ("page.json", b'{"page": 1, "results": [], "total_results": 0}', "tmdb-pages"),
    ("movie.json.gz", gzip.compress(b'{"id": 550, "original_title": "Fight Club"}'), "tmdb-pages"),
])
def test_detect_by_name_then_content(tmp_path, name, data, expected):
    assert detect_format(make(tmp_path, name, data)) == expected


def test_detect_inside_zstandard_without_the_name(tmp_path):
    path = write_zst(tmp_path / "dump.bin", [orjson.dumps({**COMMENT, "subreddit_id": "t5_x"}) + b"\n"])
    assert detect_format(path) == "pushshift"


def test_undetectable_unknown_and_missing_are_format_errors(tmp_path):
    notes = make(tmp_path, "notes.txt", b"hello")
    with pytest.raises(FormatError, match="cannot detect"):
        read(notes)
    with pytest.raises(FormatError, match="unknown format 'xml'"):
        read(notes, "xml")
    with pytest.raises(FormatError, match="no such file") as info:
        read(tmp_path / "absent.jsonl", "jsonl")  # raised by the call, before any iteration
    assert isinstance(info.value, InvalidEvent) and info.value.reason == "no_such_file"


def test_read_dispatches_and_passes_fetched_at(tmp_path):
    jsonl = write_lines(tmp_path / "c.jsonl", [{**COMMENT, "author": "u"}])
    assert [(r.key, r.value.author) for r in read(jsonl)] == [("c1", "u")], "own records kept as they are"
    listing = make(tmp_path, "l.json", orjson.dumps({**LISTING, "data": {"children": [
        {"kind": "t1", "data": {**COMMENT, "author": "u"}}]}}))
    assert [r.value.author for r in read(listing)] == [None]
    assert [r.value.author for r in read(listing, authors=AuthorPolicy("keep"))] == ["u"]
    page = make(tmp_path, "movie-popular.json", b'{"page": 1, "results": [{"id": 1, "title": "A"}]}')
    assert [r.event_time for r in read(page, "tmdb-pages", fetched_at=5.0)] == [5.0]
    csv = make(tmp_path, "c.csv", b"created_utc,subreddit,thread_id,thread_movie,permalink,body\n"
                                  b"1690000000,movies,abc,Barbie,/r/movies/x,Loved it\n")
    records, rejected = split(read(csv))
    assert [r.value.submission_title for r in records] == ["Official Discussion - Barbie"] and not rejected
    assert set(FORMATS) == {"auto", "csv", "jsonl", "reddit-listing", "pushshift", "tmdb-pages", "tmdb-daily"}


@pytest.mark.shared_data
@pytest.mark.parametrize(("path", "expected"), [
    ("reddit/rmovies_comments.csv.gz", "csv"),
    ("reddit/api_raw/subreddit_comments_listing_2023-10-08.json", "reddit-listing"),
    ("reddit/api_raw/r_all_comments_listing_2016-12-22.json", "reddit-listing"),
    ("reddit/api_raw/r_popular_hot_submissions_2026-04-13.json", "reddit-listing"),
    ("reddit/api_raw/submission_with_comment_tree_2025-06-19.json", "reddit-listing"),
    ("tmdb/api_raw_2024-02/movie-popular.json", "tmdb-pages"),
    ("tmdb/api_raw_2024-02/movie-now-playing.json", "tmdb-pages"),
    ("tmdb/api_raw_2024-02/movie-details.json", "tmdb-pages"),
    ("tmdb/trending_daily_2021/movies_trends.csv", "tmdb-daily"),
])
def test_detect_real_files(shared_data, path, expected):
    assert detect_format(shared_data / path) == expected
