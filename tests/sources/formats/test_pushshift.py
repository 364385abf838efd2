import io

import orjson
import pytest
import zstandard

from trendscope.sources.formats.pushshift import read_pushshift
from trendscope.sources.reddit.parse import AuthorPolicy

from .conftest import split, write_lines, write_zst

LINES = [
    {"id": "a1", "subreddit": "movies", "body": "first", "created_utc": "1134365188",
     "link_id": "t3_t1", "parent_id": "t3_t1", "author": "u1", "score": 3, "retrieved_on": 1},
    {"id": "a2", "subreddit": "movies", "body": "second", "created_utc": 1134365190, "score": -1},
    {"subreddit": "movies", "body": "no id", "created_utc": 1134365191, "link_id": "t3_t1"},
    {"id": "s1", "subreddit": "movies", "title": "A thread", "selftext": "", "created_utc": 1134365192,
     "author": "u2", "score": 10},
    {"id": "a3", "subreddit": "movies", "body": "bad time", "created_utc": "yesterday"},
    {"id": "a4", "subreddit": "movies", "body": "bad score", "created_utc": 1134365193, "score": "many"},
]


def check(items, path, author):
    records, rejected = split(items)
    assert [(r.topic, r.key, r.event_time) for r in records[:2]] == [
        ("reddit.comments", "a1", 1134365188.0), ("reddit.comments", "a2", 1134365190.0)]
    first = records[0].value
    assert (first.link_id, first.parent_id, first.author, first.score) == ("t3_t1", "t3_t1", author, 3)
    assert records[2].value.id_derived and records[2].key.startswith("d_")
    post = records[3]
    assert (post.topic, post.key, post.value.title) == ("reddit.submissions", "s1", "A thread")
    assert [(r.line, r.error.reason) for r in rejected] == [(5, "bad_value"), (6, "bad_type"), (7, "decode")]
    assert all(r.source == str(path) for r in rejected)


def test_plain_ndjson(tmp_path):
    path = write_lines(tmp_path / "RC_2005-12", [*LINES, b'{"id": "cut'])
    check(read_pushshift(path, AuthorPolicy("keep")), path, "u1")


def test_zst_with_a_long_window_and_several_frames(tmp_path):
    lines = [orjson.dumps(x) + b"\n" for x in [*LINES]] + [b'{"id": "cut\n']
    path = write_zst(tmp_path / "RC_2005-12.zst", [b"".join(lines[:3]), b"".join(lines[3:])])
    with pytest.raises(zstandard.ZstdError):  # what a default decoder does with such a window
        zstandard.ZstdDecompressor().stream_reader(io.BytesIO(path.read_bytes())).read()
    check(read_pushshift(path), path, None)  # authors dropped by default


def test_streams_instead_of_loading_the_file(tmp_path):
    """Records come out before the decoder reaches garbage at the end: the file is read as a stream."""
    line = orjson.dumps(LINES[1]) + b"\n"
    path = write_zst(tmp_path / "RC_big.zst", [line * 30_000])  # > the 1 MiB read buffer
    path.write_bytes(path.read_bytes() + b"not a zstd frame")
    items = read_pushshift(path)
    assert next(items).key == "a2"
    with pytest.raises(zstandard.ZstdError):
        list(items)


def test_author_policy_applies_to_comments_and_submissions(tmp_path):
    path = write_lines(tmp_path / "RC_x", [LINES[0], LINES[3], {**LINES[1], "author": "[deleted]"}])
    hashed = [r.value.author for r in read_pushshift(path, AuthorPolicy("hash", salt="s"))]
    assert len(hashed[0]) == 64 and hashed[0] != "u1" and hashed[1] not in (None, "u2") and hashed[2] is None
