import copy
import hashlib
import hmac
import json

import pytest

from tests.sources.reddit.conftest import (
    COMMENTS_2016,
    COMMENTS_2023,
    HOT_SUBMISSIONS,
    SUBMISSION_TREE,
    tree_things,
)
from trendscope.models import RedditComment, RedditSubmission
from trendscope.sources.reddit.parse import (
    AuthorPolicy,
    comment_from_data,
    fullname,
    parse_listing,
    parse_thing,
    submission_from_data,
    unwrap_recorded,
)
from trendscope.validation import InvalidEvent

pytestmark = pytest.mark.shared_data
KEEP = AuthorPolicy("keep")


@pytest.mark.parametrize("name", [COMMENTS_2016, COMMENTS_2023])
def test_recorded_comment_listings_parse_field_by_field(recorded, name):
    body = recorded[name]
    parsed = parse_listing(body, authors=KEEP)
    raw = [child["data"] for child in body["data"]["children"]]
    assert len(parsed.records) == len(raw) == 100
    assert parsed.rejected == [] and parsed.more == 0
    assert parsed.after == body["data"]["after"]
    for record, data in zip(parsed.records, raw, strict=True):
        assert isinstance(record, RedditComment)
        assert (record.id, record.subreddit, record.body) == (data["id"], data["subreddit"], data["body"])
        assert (record.link_id, record.parent_id) == (data["link_id"], data["parent_id"])
        assert record.author == data["author"] and record.score == data["score"]
        assert record.created_utc == float(data["created_utc"])
        assert record.submission_title == data["link_title"]
        assert fullname(record) == data["name"]


def test_recorded_submissions_parse(recorded):
    body = recorded[HOT_SUBMISSIONS]
    parsed = parse_listing(body, authors=KEEP)
    raw = [child["data"] for child in body["data"]["children"]]
    assert len(parsed.records) == 100 and not parsed.rejected
    for record, data in zip(parsed.records, raw, strict=True):
        assert isinstance(record, RedditSubmission)
        assert (record.id, record.subreddit, record.title) == (data["id"], data["subreddit"], data["title"])
        assert (record.created_utc, record.score, record.author) == (
            float(data["created_utc"]), data["score"], data["author"])
        assert fullname(record) == data["name"]


def test_submission_page_walks_the_comment_tree_and_titles_comments(recorded):
    body = recorded[SUBMISSION_TREE]
    things = tree_things(body)
    submission = next(t["data"] for t in things if t["kind"] == "t3")
    comments = [t["data"] for t in things if t["kind"] == "t1"]
    assert comments and all("link_title" not in c for c in comments)
    parsed = parse_listing(body)
    assert [fullname(r) for r in parsed.records] == [t["data"]["name"] for t in things]
    parsed_comments = [r for r in parsed.records if isinstance(r, RedditComment)]
    assert len(parsed_comments) == len(comments)
    assert {c.submission_title for c in parsed_comments} == {submission["title"]}
    assert [c.parent_id for c in parsed_comments] == [c["parent_id"] for c in comments]
    assert parsed.after is None


def test_more_stubs_are_skipped_and_counted(recorded):
    body = copy.deepcopy(recorded[COMMENTS_2023])
    body["data"]["children"].insert(3, {"kind": "more", "data": {"count": 7, "children": ["a", "b"]}})
    body["data"]["children"].append({"kind": "more", "data": {"count": 2, "children": ["c"]}})
    parsed = parse_listing(body)
    assert parsed.more == 9
    assert len(parsed.records) == 100 and not parsed.rejected


def test_invalid_things_are_rejected_with_a_reason(recorded):
    body = copy.deepcopy(recorded[COMMENTS_2023])
    children = body["data"]["children"]
    del children[0]["data"]["created_utc"]
    children[1]["data"]["created_utc"] = True
    children[2]["data"]["created_utc"] = 12.0
    children[3]["data"]["link_id"] = "k3u4rtt"
    children[4] = {"kind": "t5", "data": {"id": "x", "name": "t5_x"}}
    children[5] = "not a thing"
    parsed = parse_listing(body)
    assert len(parsed.records) == 94
    reasons = [(r.name, r.error.reason) for r in parsed.rejected]
    names = [c["data"]["name"] for c in children[:4]]
    assert reasons == [
        (names[0], "missing_field"),
        (names[1], "bad_type"),
        (names[2], "bad_value"),
        (names[3], "bad_value"),
        ("t5_x", "unsupported_kind"),
        (None, "unsupported_kind"),
    ]


def test_invalid_submission_and_body():
    good = {"id": "abc", "subreddit": "movies", "title": "Dune", "created_utc": 1_700_000_000, "score": 5}
    assert submission_from_data(good).created_utc == 1_700_000_000.0
    for broken, reason in [
        ({**good, "title": ""}, "missing_field"),
        ({**good, "created_utc": "1700000000"}, "bad_type"),
        ({**good, "created_utc": 99.0}, "bad_value"),
        ({**good, "score": 1.5}, "bad_type"),
        ({**good, "author": 42}, "bad_type"),
    ]:
        with pytest.raises(InvalidEvent) as info:
            submission_from_data(broken)
        assert info.value.reason == reason
    with pytest.raises(InvalidEvent, match="bad_type"):
        comment_from_data(["not", "a", "dict"])
    for body in [{"kind": "t1", "data": {}}, {"kind": "Listing", "data": {}}, None]:
        with pytest.raises(InvalidEvent) as info:
            parse_listing(body)
        assert info.value.reason == "bad_format"


def test_author_policy_keeps_hashes_or_drops(recorded):
    data = recorded[COMMENTS_2023]["data"]["children"][0]["data"]
    name = data["author"]
    expected = hmac.new(b"pepper", name.encode(), hashlib.sha256).hexdigest()
    assert comment_from_data(data).author is None  # default: drop
    assert comment_from_data(data, authors=KEEP).author == name
    assert comment_from_data(data, authors=AuthorPolicy("hash", "pepper")).author == expected
    assert comment_from_data(data, authors=AuthorPolicy("hash", "salt2")).author != expected
    assert comment_from_data({**data, "author": "[deleted]"}, authors=KEEP).author is None
    assert "pepper" not in repr(AuthorPolicy("hash", "pepper"))
    with pytest.raises(ValueError, match="salt"):
        AuthorPolicy("hash")
    with pytest.raises(ValueError, match="mode"):
        AuthorPolicy("sometimes")  # type: ignore[arg-type]


def test_parse_thing_uses_the_given_title_only_without_link_title(recorded):
    thing = copy.deepcopy(recorded[COMMENTS_2016]["data"]["children"][0])
    assert parse_thing(thing, submission_title="other").submission_title == thing["data"]["link_title"]
    del thing["data"]["link_title"]
    assert parse_thing(thing, submission_title="other").submission_title == "other"


def test_unwrap_recorded(api_raw, recorded):
    body, source = unwrap_recorded((api_raw / COMMENTS_2023).read_bytes())
    assert body == recorded[COMMENTS_2023]
    assert source["uri"].startswith("https://oauth.reddit.com/r/")
    as_text = json.dumps({"_source": {"uri": "x"}, "body": json.dumps(body)}).encode()
    assert unwrap_recorded(as_text) == (body, {"uri": "x"})
    assert unwrap_recorded(json.dumps(body).encode()) == (body, {})
    for bad, reason in [(b"{", "decode"), (b'{"_source": 1, "body": {}}', "bad_format"),
                        (b'{"_source": {}, "body": "{"}', "decode")]:
        with pytest.raises(InvalidEvent) as info:
            unwrap_recorded(bad)
        assert info.value.reason == reason
