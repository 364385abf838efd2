"""Aliases derived from the dev catalog's titles."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from tests.mentions.devset import load_catalog
from trendscope.mentions.aliases import catalog_aliases, load_aliases, sequel_number, series, split_title


@pytest.fixture(scope="module")
def forms() -> dict[int, set[str]]:
    by_movie: dict[int, set[str]] = defaultdict(set)
    for alias in catalog_aliases(load_catalog(), {"snyder cut": 791373, "no such film": 1}):
        by_movie[alias.movie_id].add(alias.text)
    return by_movie


@pytest.mark.parametrize(("movie_id", "expected"), [
    (245891, {"john wick", "john wick 1", "jw1"}),  # the root of its franchise: number 1
    (603692, {"john wick 4", "jw4", "jw 4", "john wick chapter 4"}),
    (353081, {"fallout", "mission impossible fallout", "mission impossible 6", "mi6"}),
    (575264, {"dead reckoning", "dead reckoning part one", "dead reckoning part 1", "mi7"}),
    (284053, {"ragnarok", "thor 3", "thor3"}),
    (299534, {"endgame", "avengers 4", "avengers4"}),
    (363088, {"ant man and the wasp", "antman and the wasp", "ant man 2"}),
    (324857, {"into the spider verse", "into the spiderverse", "spiderman into the spider verse"}),
    (791373, {"zack snyders justice league", "zsjl", "snyder cut"}),
    (453395, {"multiverse of madness", "doctor strange 2"}),
    (695721, {"ballad of songbirds and snakes", "ballad of songbirds & snakes", "tbosas"}),
    (209112, {"batman vs superman", "bvs", "dawn of justice"}),
])
def test_short_forms(forms: dict[int, set[str]], movie_id: int, expected: set[str]) -> None:
    assert expected <= forms[movie_id]


def test_forms_that_name_no_single_film_are_left_out(forms: dict[int, set[str]]) -> None:
    assert "star wars story" not in forms[330459]  # Rogue One and Solo share it
    assert "rogue one" in forms[330459]
    assert "impossible" not in forms[954]  # "Mission: Impossible" is a franchise root, not a subtitle
    assert "hunter" not in forms[539972] and "kraven" in forms[539972]
    assert not any(t.startswith("blade 2") for t in forms[335984])  # Blade (1998) is not Blade Runner's root


def test_split_and_sequel_number() -> None:
    assert split_title("Star Wars: Episode III - Revenge of the Sith") == (
        "star wars episode iii", "revenge of the sith")
    assert sequel_number("john wick chapter 3", "parabellum") == ("john wick", 3)
    assert sequel_number("oppenheimer", None) is None


def test_series_knows_explicit_and_release_order_numbers() -> None:
    places = {(s.base, s.number): (s.movie_id, s.explicit) for s in series(catalog_aliases(load_catalog()))}
    assert places[("guardians of the galaxy", 2)] == (283995, True)
    assert places[("mission impossible", 6)] == (353081, False)


def test_load_aliases_reads_tsv_and_json(tmp_path) -> None:
    tsv = tmp_path / "aliases.tsv"
    tsv.write_text("# comment\nsnyder cut\t791373\tZack Snyder's Justice League\nWW84\t464052\n",
                   encoding="utf-8")
    assert load_aliases(tsv) == {"snyder cut": 791373, "WW84": 464052}
    data = tmp_path / "aliases.json"
    data.write_text(json.dumps({"snyder cut": 791373}), encoding="utf-8")
    assert load_aliases(data) == {"snyder cut": 791373}
