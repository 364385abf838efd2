import pytest

from trendscope.web.table_pages import MAX_LIMIT, BadQuery, page, parse_paging, row


def test_windowed_key_is_spelled_out():
    out = row(("movies", (1690000020.0, 1690000080.0)), 3)
    assert out == {"key": "movies", "value": 3, "window": {
        "start": 1690000020.0, "end": 1690000080.0,
        "start_iso": "2023-07-22T04:27:00Z", "end_iso": "2023-07-22T04:28:00Z"}}


def test_paging_reads_only_the_requested_slice():
    consumed = []

    def items():
        for i in range(10_000):
            consumed.append(i)
            yield (f"k{i}", i)

    rows = page(items(), limit=3, offset=5)
    assert [r["value"] for r in rows] == [5, 6, 7]
    assert len(consumed) == 8


@pytest.mark.parametrize(("limit", "offset"), [("0", None), (str(MAX_LIMIT + 1), None), ("x", None),
                                               (None, "-1")])
def test_bad_paging_is_rejected(limit, offset):
    with pytest.raises(BadQuery):
        parse_paging(limit, offset)


def test_paging_defaults():
    assert parse_paging(None, None) == (100, 0)
