import csv
from datetime import UTC, datetime

import pytest

from trendscope.sources.formats.tmdb_daily import read_tmdb_daily
from trendscope.validation import InvalidEvent

from .conftest import split

TRENDS = """id,popularity,revenue,status,vote_average,vote_count,trend_day
10,48.5,0,Released,6.3,6,2021-08-27
20,247.5,0,Released,7.7,130,2021-08-27
99,1.0,0,Released,5.0,1,2021-08-27
10,50.25,0,Released,6.4,,2021-08-28
20,1.0,0,Released,x,1,2021-08-28
20,1.0,0,Released,7.0,1,28/08/2021
"""
MOVIES = """id,title,original_title,release_date,genres,popularity
10,He's All That,He's All That,2021-08-27,"[{""id"": 35, ""name"": ""Comedy""}]",1004.9
20,Candyman,,,,50.0
"""


def test_rows_join_details_at_midnight_utc(tmp_path):
    (tmp_path / "movies_trends.csv").write_text(TRENDS)
    (tmp_path / "movies.csv").write_text(MOVIES)
    records, rejected = split(read_tmdb_daily(tmp_path / "movies_trends.csv"))
    assert [(r.key, r.event_time) for r in records] == [
        ("10", 1_630_022_400.0), ("20", 1_630_022_400.0), ("10", 1_630_108_800.0)]
    first, second, third = (r.value for r in records)
    assert (first.title, first.popularity, first.vote_average, first.vote_count, first.genre_ids) == (
        "He's All That", 48.5, 6.3, 6, [35])
    assert (first.source_list, first.release_date) == ("trending_day", "2021-08-27")
    assert records[0].topic == "tmdb.movies"
    assert (second.original_title, second.release_date, second.genre_ids) == (None, None, None)
    assert (third.popularity, third.vote_count) == (50.25, None), "that day's popularity, not the details'"
    assert [(r.line, r.error.reason) for r in rejected] == [
        (4, "unknown_movie"), (6, "bad_value"), (7, "bad_value")]


def test_missing_columns_stop_the_file(tmp_path):
    (tmp_path / "movies_trends.csv").write_text("id,popularity\n1,2\n")
    (tmp_path / "movies.csv").write_text(MOVIES)
    with pytest.raises(InvalidEvent, match="vote_average"):
        list(read_tmdb_daily(tmp_path / "movies_trends.csv"))


@pytest.mark.shared_data
def test_real_series(shared_data):
    folder = shared_data / "tmdb" / "trending_daily_2021"
    with open(folder / "movies_trends.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with open(folder / "movies.csv", newline="") as handle:
        titles = {row["id"]: row["title"] for row in csv.DictReader(handle)}
    records, rejected = split(read_tmdb_daily(folder / "movies_trends.csv"))
    assert not rejected and len(records) == len(rows) == 1496
    assert len({r.key for r in records}) == 147 and len({r.event_time for r in records}) == 75
    for record, row in zip(records, rows, strict=True):
        snapshot = record.value
        assert snapshot.movie_id == int(row["id"]) and snapshot.title == titles[row["id"]]
        assert snapshot.popularity == float(row["popularity"])
        assert snapshot.vote_count == int(row["vote_count"])
        midnight = datetime.fromisoformat(row["trend_day"]).replace(tzinfo=UTC).timestamp()
        assert record.event_time == snapshot.fetched_at == midnight
    times = [r.event_time for r in records]
    assert times == sorted(times)
