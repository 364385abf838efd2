"""Query parsing of the web API (pure)."""

from __future__ import annotations

import pytest
from multidict import MultiDict

from trendscope.settings import WindowSettings
from trendscope.web.params import (
    BadQuery,
    parse_history,
    parse_movie,
    parse_movie_id,
    parse_predictions,
    parse_top,
    window_names,
)
from trendscope.windows.ranges import window_specs

WINDOWS = window_names(window_specs(WindowSettings()))


def test_window_names_follow_the_settings():
    assert WINDOWS == {"1m": "tumbling", "5m": "hopping", "tumbling": "tumbling", "hopping": "hopping"}
    other = window_names(window_specs(WindowSettings(tumbling_seconds=30, hopping_size_seconds=600,
                                                     hopping_step_seconds=120)))
    assert other == {"30s": "tumbling", "10m": "hopping", "tumbling": "tumbling", "hopping": "hopping"}


def test_top_defaults_and_values():
    q = parse_top({}, WINDOWS)
    assert (q.kind, q.at, q.limit, q.provisional) == ("hopping", None, 20, False)
    q = parse_top({"window": "1m", "at": "2023-07-21T00:00:00Z", "limit": "1000", "provisional": "TRUE"},
                  WINDOWS)
    assert (q.kind, q.at, q.limit, q.provisional) == ("tumbling", 1689897600.0, 1000, True)
    assert parse_top({"at": "1689897600.5"}, WINDOWS).at == 1689897600.5
    assert parse_top({"at": "latest"}, WINDOWS).at is None


@pytest.mark.parametrize("query", [
    {"window": "1h"}, {"window": ""}, {"limit": "0"}, {"limit": "1001"}, {"limit": "-5"}, {"limit": "2.5"},
    {"at": "noon"}, {"at": "2023-07-21T00:00:00"}, {"provisional": "sometimes"}, {"top": "5"},
])
def test_bad_top_queries(query):
    with pytest.raises(BadQuery):
        parse_top(query, WINDOWS)


def test_repeated_parameter_is_rejected():
    with pytest.raises(BadQuery, match="more than once"):
        parse_top(MultiDict([("limit", "5"), ("limit", "6")]), WINDOWS)
    assert parse_top(MultiDict([("limit", "5")]), WINDOWS).limit == 5


def test_history_range():
    q = parse_history({"from": "100", "to": "2023-07-21T00:00:00+02:00", "window": "tumbling"}, WINDOWS)
    assert (q.kind, q.from_, q.to, q.limit) == ("tumbling", 100.0, 1689890400.0, 100)
    assert parse_history({"from": ""}, WINDOWS).from_ is None
    for query in ({"from": "200", "to": "100"}, {"from": "100", "to": "100"}, {"to": "x"}):
        with pytest.raises(BadQuery):
            parse_history(query, WINDOWS)


def test_predictions_and_movie_ids():
    assert parse_predictions({}) == parse_predictions({"movie_id": ""})
    q = parse_predictions({"movie_id": "550", "limit": "7"})
    assert (q.movie_id, q.limit) == (550, 7)
    assert parse_movie({}) == 20 and parse_movie({"limit": "3"}) == 3
    assert parse_movie_id("0550") == 550
    for bad in ("0", "-1", "1.5", "abc", "", "²", " 5"):
        with pytest.raises(BadQuery):
            parse_movie_id(bad)
    with pytest.raises(BadQuery):
        parse_movie({"window": "5m"})
