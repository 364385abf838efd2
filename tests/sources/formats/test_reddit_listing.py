import json

import orjson
import pytest

from trendscope.sources.formats.reddit_listing import read_reddit_listing
from trendscope.sources.reddit.parse import AuthorPolicy

from .conftest import split


def t1(id_, created, **extra):
    data = {"id": id_, "name": f"t1_{id_}", "subreddit": "movies", "body": f"body {id_}",
            "created_utc": created, "link_id": "t3_s1", "parent_id": "t3_s1", "author": "u", "score": 2,
            "replies": "", **extra}
    return {"kind": "t1", "data": data}


def listing(*children):
    return {"kind": "Listing", "data": {"after": None, "children": list(children)}}


SUBMISSION = {"kind": "t3", "data": {"id": "s1", "subreddit": "movies", "title": "Official Discussion - Dune",
                                     "created_utc": 1_700_000_000.0, "author": "op", "score": 50}}


def test_wrapped_listing_with_body_as_text_newest_first(tmp_path):
    body = listing(t1("c3", 1_700_000_300.0, link_title="Dune thread"), t1("c2", 1_700_000_200.0),
                   {"kind": "more", "data": {"children": ["x"]}}, t1("c1", 1_700_000_100.0),
                   {"kind": "t5", "data": {"id": "sub"}}, t1("bad", 1_700_000_150.0, subreddit=None))
    path = tmp_path / "listing.json"
    path.write_bytes(orjson.dumps({"_source": {"recorded_at": "2024-01-01T00:00:00"},
                                   "body": json.dumps(body)}))
    records, rejected = split(read_reddit_listing(path, AuthorPolicy("keep")))
    assert [r.key for r in records] == ["c1", "c2", "c3"], "yielded in event-time order"
    assert records[2].value.submission_title == "Dune thread"
    assert (records[0].value.author, records[0].value.score, records[0].value.link_id) == ("u", 2, "t3_s1")
    assert [(r.line, r.error.reason) for r in rejected] == [(0, "unsupported_kind"), (0, "missing_field")]
    assert orjson.loads(rejected[1].raw)["data"]["id"] == "bad"
    assert {r.value.author for r in split(read_reddit_listing(path))[0]} == {None}, "dropped by default"


def test_submission_with_comment_tree(tmp_path):
    reply = t1("c2", 1_700_000_200.0, parent_id="t1_c1")
    top = t1("c1", 1_700_000_100.0, replies=listing(reply))
    path = tmp_path / "thread.json"
    path.write_bytes(orjson.dumps([listing(SUBMISSION), listing(top)]))  # unwrapped, as Reddit sends it
    records, rejected = split(read_reddit_listing(path))
    assert not rejected
    assert [(r.topic, r.key) for r in records] == [
        ("reddit.submissions", "s1"), ("reddit.comments", "c1"), ("reddit.comments", "c2")]
    assert records[1].value.submission_title == "Official Discussion - Dune", "title from the t3 in the file"
    assert records[2].value.parent_id == "t1_c1"


def test_api_comment_without_id_is_rejected(tmp_path):
    """The API always sends ids; a thing without one is malformed, not a Pushshift-style gap."""
    path = tmp_path / "l.json"
    path.write_bytes(orjson.dumps(listing(t1(None, 1_700_000_100.0))))
    assert [(r.line, r.error.reason) for r in read_reddit_listing(path)] == [(0, "missing_field")]


def test_malformed_document_is_one_rejection(tmp_path):
    path = tmp_path / "l.json"
    path.write_bytes(b'{"kind": "Listing", "data": ')
    (rejected,) = list(read_reddit_listing(path))
    assert (rejected.line, rejected.error.reason, rejected.raw) == (0, "decode", path.read_bytes())


def _things(node):
    """Independent walk: every t1/t3 object anywhere in the document, replies included."""
    if isinstance(node, list):
        for x in node:
            yield from _things(x)
    elif isinstance(node, dict):
        if node.get("kind") in ("t1", "t3"):
            yield node
        for value in node.values():
            yield from _things(value)


@pytest.mark.shared_data
@pytest.mark.parametrize("name", [
    "subreddit_comments_listing_2023-10-08.json", "r_all_comments_listing_2016-12-22.json",
    "r_popular_hot_submissions_2026-04-13.json", "submission_with_comment_tree_2025-06-19.json",
])
def test_real_listings(shared_data, name):
    path = shared_data / "reddit" / "api_raw" / name
    body = json.loads(path.read_text())["body"]
    things = {t["data"]["id"]: t for t in _things(body)}
    records, rejected = split(read_reddit_listing(path, AuthorPolicy("keep")))
    assert not rejected
    assert {r.key for r in records} == set(things)
    assert len(records) == len(things)
    times = [r.event_time for r in records]
    assert times == sorted(times)
    for record in records:
        kind, data = things[record.key]["kind"], things[record.key]["data"]
        assert record.topic == ("reddit.comments" if kind == "t1" else "reddit.submissions")
        author = None if data["author"] in ("[deleted]", "[removed]") else data["author"]
        assert (record.event_time, record.value.subreddit, record.value.author) == (
            data["created_utc"], data["subreddit"], author)
        text = record.value.body if kind == "t1" else record.value.title
        assert text == (data["body"] if kind == "t1" else data["title"])


@pytest.mark.shared_data
def test_real_comment_listing_fields(shared_data):
    path = shared_data / "reddit" / "api_raw" / "subreddit_comments_listing_2023-10-08.json"
    first = json.loads(path.read_text())["body"]["data"]["children"][0]["data"]
    records, _ = split(read_reddit_listing(path))
    assert len(records) == 100
    (comment,) = [r.value for r in records if r.key == first["id"]]
    assert (comment.body, comment.link_id, comment.parent_id, comment.score, comment.submission_title) == (
        first["body"], first["link_id"], first["parent_id"], first["score"], first["link_title"])
