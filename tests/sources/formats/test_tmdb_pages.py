import json
import os
from pathlib import Path

import orjson
import pytest

from trendscope.sources.formats.tmdb_pages import read_tmdb_pages, source_list_for

from .conftest import split

PAGE = {"page": 1, "total_pages": 1, "total_results": 3, "results": [
    {"id": 11, "title": "Star Wars", "original_title": "Star Wars", "popularity": 80.5, "vote_average": 8.2,
     "vote_count": 100, "genre_ids": [12, 28], "release_date": "1977-05-25"},
    {"id": "twelve", "title": "Bad id"},
    {"id": 13, "title": "Forrest Gump", "popularity": 60},
]}
DETAILS = {"id": 550, "title": "Fight Club", "original_title": "Fight Club", "popularity": 93.9,
           "genres": [{"id": 18, "name": "Drama"}], "release_date": "1999-10-15"}


def test_list_page_with_explicit_fetched_at(tmp_path):
    path = tmp_path / "movie-popular.json"
    path.write_bytes(orjson.dumps(PAGE))
    records, rejected = split(read_tmdb_pages(path, fetched_at=1_707_000_000.0))
    assert [(r.topic, r.key, r.event_time) for r in records] == [
        ("tmdb.movies", "11", 1_707_000_000.0), ("tmdb.movies", "13", 1_707_000_000.0)]
    first = records[0].value
    assert (first.source_list, first.popularity, first.genre_ids, first.release_date) == (
        "popular", 80.5, [12, 28], "1977-05-25")
    assert [(r.line, r.error.reason) for r in rejected] == [(2, "bad_value")]


def test_wrapper_recorded_time_wins_over_the_argument(tmp_path):
    path = tmp_path / "movie-details.json"
    source = {"recorded_at": "2024-02-01T12:00:00", "uri": "https://api.themoviedb.org/3/movie/550"}
    path.write_bytes(orjson.dumps({"_source": source, "body": json.dumps(DETAILS)}))
    (record,) = read_tmdb_pages(path, fetched_at=1.0)
    assert record.event_time == 1_706_788_800.0  # 2024-02-01 12:00 UTC: naive times are UTC
    assert (record.value.movie_id, record.value.genre_ids, record.value.source_list) == (550, [18], "details")


def test_epoch_in_wrapper_and_mtime_fallback(tmp_path):
    wrapped = tmp_path / "movie-now-playing.json"
    wrapped.write_bytes(orjson.dumps({"_source": {"fetched_at": 1_706_000_000}, "body": PAGE}))
    assert {r.event_time for r in split(read_tmdb_pages(wrapped))[0]} == {1_706_000_000.0}
    bare = tmp_path / "movie-details.json"
    bare.write_bytes(orjson.dumps(DETAILS))
    os.utime(bare, (1_705_000_000, 1_705_000_000))
    (record,) = read_tmdb_pages(bare)
    assert record.event_time == 1_705_000_000.0


def test_documents_that_are_not_movies(tmp_path):
    bad_time = tmp_path / "movie-popular.json"
    bad_time.write_bytes(orjson.dumps({"_source": {"recorded_at": "yesterday"}, "body": PAGE}))
    assert [(r.line, r.error.reason) for r in read_tmdb_pages(bad_time)] == [(0, "bad_value")]
    external_ids = tmp_path / "movie-external-ids.json"
    external_ids.write_bytes(b'{"id": 550, "imdb_id": "tt0137523"}')
    assert [(r.line, r.error.reason) for r in read_tmdb_pages(external_ids, 1.0)] == [(1, "missing_field")]
    broken = tmp_path / "movie-upcoming.json"
    broken.write_bytes(b'{"page": 1, "results": [')
    assert [(r.line, r.error.reason) for r in read_tmdb_pages(broken, 1.0)] == [(0, "decode")]


@pytest.mark.parametrize(("name", "expected"), [
    ("movie-popular.json", "popular"), ("movie-now-playing.json", "now_playing"),
    ("movie-top-rated.json", "top_rated"), ("movie-upcoming.json", "upcoming"),
    ("movie-popular_2024-02-01.json.gz", "popular"), ("search-movie.json", "search_movie"),
    ("2024.json", "unknown"),
])
def test_source_list_from_the_file_name(name, expected):
    assert source_list_for(Path(name)) == expected


@pytest.mark.shared_data
@pytest.mark.parametrize(("name", "source_list"), [
    ("movie-popular.json", "popular"), ("movie-now-playing.json", "now_playing"),
    ("movie-upcoming.json", "upcoming"), ("movie-top-rated.json", "top_rated"),
    ("search-movie.json", "search_movie"),
])
def test_real_list_pages(shared_data, name, source_list):
    path = shared_data / "tmdb" / "api_raw_2024-02" / name
    results = json.loads(path.read_text())["results"]
    records, rejected = split(read_tmdb_pages(path, fetched_at=1_707_000_000.0))
    assert not rejected
    assert [r.value.movie_id for r in records] == [m["id"] for m in results]
    for record, movie in zip(records, results, strict=True):
        snapshot = record.value
        assert (snapshot.title, snapshot.popularity, snapshot.vote_count, snapshot.genre_ids) == (
            movie["title"], movie["popularity"], movie["vote_count"], movie["genre_ids"])
        assert (snapshot.source_list, record.event_time) == (source_list, 1_707_000_000.0)


@pytest.mark.shared_data
def test_real_details(shared_data):
    path = shared_data / "tmdb" / "api_raw_2024-02" / "movie-details.json"
    movie = json.loads(path.read_text())
    (record,) = read_tmdb_pages(path, fetched_at=1_707_000_000.0)
    assert (record.key, record.value.title, record.value.genre_ids) == (
        str(movie["id"]), movie["title"], [g["id"] for g in movie["genres"]])
