import orjson
import pytest

from trendscope.validation import InvalidEvent, dead_letter, parse_comment

GOOD = {"id": "c1", "subreddit": "movies", "body": "Dune 2 was great", "created_utc": 1709251200}


def test_valid_comment_keeps_its_event_time():
    comment = parse_comment(orjson.dumps(GOOD))
    assert comment.created_utc == 1709251200.0
    assert comment.id == "c1"


@pytest.mark.parametrize(
    ("payload", "reason", "field"),
    [
        (b"not json {", "decode", "JSON"),
        (b"[1, 2]", "decode", "object"),
        (orjson.dumps({**GOOD, "created_utc": None}), "missing_field", "created_utc"),
        (orjson.dumps({k: v for k, v in GOOD.items() if k != "created_utc"}), "missing_field", "created_utc"),
        (orjson.dumps({**GOOD, "created_utc": "yesterday"}), "bad_type", "created_utc"),
        (orjson.dumps({**GOOD, "created_utc": True}), "bad_type", "created_utc"),
        (orjson.dumps({**GOOD, "body": 12}), "bad_type", "body"),
        (orjson.dumps({**GOOD, "score": "high"}), "bad_type", "score"),
        (orjson.dumps({**GOOD, "created_utc": 12}), "bad_value", "created_utc"),
        (None, "decode", "tombstone"),
    ],
)
def test_bad_payloads_name_reason_and_field(payload, reason, field):
    with pytest.raises(InvalidEvent) as caught:
        parse_comment(payload)
    assert caught.value.reason == reason
    assert field in caught.value.detail


def test_dead_letter_cuts_payload_and_keeps_its_origin():
    payload = "é".encode() * 100  # 200 bytes; a cut inside a character must not fail
    letter = dead_letter(topic="reddit.comments", partition=3, offset=42, payload=payload,
                         error=InvalidEvent("decode", "not JSON"), max_bytes=65, failed_at=1.0)
    assert (letter.source_topic, letter.partition, letter.offset) == ("reddit.comments", 3, 42)
    assert letter.payload_size == 200
    assert letter.truncated is True
    assert letter.payload.startswith("é" * 32)
    assert letter.reason == "decode"
