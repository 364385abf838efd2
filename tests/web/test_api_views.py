"""The trends/movies/predictions API of a real worker, checked against the rows put in its store."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import defaultdict
from typing import Any

import pytest

from tests.web import rows
from trendscope.timeparse import iso
from trendscope.worker_process import get_json

pytestmark = pytest.mark.embedded


def get_error(url: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def expected_top(kind: str, at: float | None = None) -> list[tuple[int, float]]:
    windows = [w for w in rows.windows() if w.window_kind == kind and (at is None or w.window_start <= at)]
    last = max(w.window_start for w in windows)
    best = sorted((w for w in windows if w.window_start == last), key=lambda w: (-w.score, w.movie_id))
    return [(w.movie_id, w.score) for w in best]


def test_top_latest_is_the_last_final_window_best_first(served):
    top = get_json(f"{served.url}/api/trends/top?window=5m&limit=5")
    assert [(r["movie_id"], r["score"]) for r in top["rows"]] == expected_top("hopping")[:5]
    assert top["window"] == "5m" and top["window_start"] == rows.T0 + 60 * (rows.STEPS - 1)
    first = top["rows"][0]
    assert sum(first["terms"].values()) == pytest.approx(first["score"])
    assert set(first["terms"]) == {"popularity", "mentions", "sentiment"}
    assert first["window_end"] - first["window_start"] == 300
    assert top["provisional"] == {"requested": False, "included": False}


def test_top_at_a_time_and_tumbling(served):
    at = rows.T0 + 60 * 4 + 30
    for at_param in (str(at), iso(at).replace("Z", "%2B00:00")):
        top = get_json(f"{served.url}/api/trends/top?window=1m&at={at_param}&limit=1000")
        assert [(r["movie_id"], r["score"]) for r in top["rows"]] == expected_top("tumbling", at)
        assert top["window_start"] == rows.T0 + 240


def test_provisional_is_answered_from_finals_and_says_so(served):
    top = get_json(f"{served.url}/api/trends/top?window=5m&provisional=true")
    assert top["provisional"]["requested"] is True and top["provisional"]["included"] is False
    assert "final" in top["provisional"]["reason"]
    assert all(r["final"] for r in top["rows"])


def test_movie_has_snapshot_windows_and_forecast_with_its_band(served):
    movie = get_json(f"{served.url}/api/movies/101?limit=3")
    assert movie["snapshot"]["title"] == rows.CATALOG.title
    assert movie["snapshot"]["popularity"] == rows.CATALOG.popularity
    mine = sorted((w for w in rows.windows() if w.movie_id == 101 and w.window_kind == "hopping"),
                  key=lambda w: -w.window_start)[:3]
    assert [(w["window_start"], w["score"], w["mentions"]) for w in movie["windows"]["5m"]] == [
        (w.window_start, w.score, w.mentions) for w in mine]
    assert len(movie["windows"]["1m"]) == 3
    errors: dict[str, list[float]] = defaultdict(list)
    for p in rows.predictions():
        if p.actual is not None:
            errors[p.model].append(abs(p.actual - p.predicted))
    pending = {p.model: p for p in rows.predictions() if p.movie_id == 101 and p.actual is None}
    assert {p["model"] for p in movie["predictions"]} == set(rows.MODELS)
    for p in movie["predictions"]:
        mae = sum(errors[p["model"]]) / len(errors[p["model"]])
        assert p["target_window_start"] == pending[p["model"]].target_window_start
        assert p["predicted"] == pending[p["model"]].predicted
        assert p["mae"] == pytest.approx(mae)
        assert p["band"] == pytest.approx([p["predicted"] - mae, p["predicted"] + mae])
        assert p["baseline"] is (p["model"] == "score.persistence")


def test_movie_without_catalog_entry_is_served_from_the_store(served):
    movie = get_json(f"{served.url}/api/movies/105")
    assert movie["snapshot"] is None and movie["title"] == "Film 105"
    assert movie["predictions"] == []


def test_history_range_and_limit(served):
    lo, hi = rows.T0 + 120, rows.T0 + 600
    got = get_json(f"{served.url}/api/movies/102/history?window=5m&from={lo}&to={hi}")
    want = sorted((w for w in rows.windows() if w.movie_id == 102 and w.window_kind == "hopping"
                   and lo <= w.window_start < hi), key=lambda w: -w.window_start)
    assert [(r["window_start"], r["score"]) for r in got["rows"]] == [(w.window_start, w.score) for w in want]
    limited = get_json(f"{served.url}/api/movies/102/history?window=1m&limit=2")["rows"]
    last = rows.T0 + 60 * (rows.STEPS - 1)
    assert [r["window_start"] for r in limited] == [last, last - 60]


def test_predictions_of_one_movie_and_model_errors(served):
    got = get_json(f"{served.url}/api/predictions?movie_id=103&limit=1000")
    want = [p for p in rows.predictions() if p.movie_id == 103]
    assert len(got["predictions"]) == len(want)
    assert {p["movie_id"] for p in got["predictions"]} == {103}
    starts = [p["target_window_start"] for p in got["predictions"]]
    assert starts == sorted(starts, reverse=True)
    for e in got["model_errors"]:
        errs = [abs(p.actual - p.predicted) for p in want if p.model == e["model"] and p.actual is not None]
        assert e["n"] == len(errs) and e["mae"] == pytest.approx(sum(errs) / len(errs))
    assert len(get_json(f"{served.url}/api/predictions?limit=5")["predictions"]) == 5


@pytest.mark.parametrize("path", [
    "/api/trends/top?window=2h", "/api/trends/top?limit=0", "/api/trends/top?limit=1001",
    "/api/trends/top?limit=ten", "/api/trends/top?at=yesterday", "/api/trends/top?provisional=maybe",
    "/api/trends/top?windw=5m", "/api/trends/top?limit=5&limit=6",
    "/api/movies/abc", "/api/movies/101?limit=5000", "/api/movies/101/history?from=10&to=5",
    "/api/movies/101/history?to=2023-07-21T00:00:00", "/api/predictions?movie_id=-3",
    "/api/predictions?limit=100000"])
def test_bad_parameters_are_400_with_a_json_error(served, path):
    status, body = get_error(served.url + path)
    assert status == 400, body
    assert isinstance(body["error"], str) and body["error"]


def test_unknown_movie_is_404(served):
    status, body = get_error(f"{served.url}/api/movies/999999")
    assert status == 404 and "999999" in body["error"]


def test_limit_cap_is_inclusive(served):
    top = get_json(f"{served.url}/api/trends/top?window=5m&limit=1000")
    assert len(top["rows"]) == len(rows.MOVIES)


def test_nothing_can_be_written(served):
    request = urllib.request.Request(f"{served.url}/api/trends/top", data=b"{}", method="POST")
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(request, timeout=10)
    assert exc.value.code == 405
