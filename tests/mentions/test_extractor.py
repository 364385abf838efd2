"""MentionExtractor behaviour on constructed comments, with the dev catalog and shipped weights."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import pairwise

import pytest

from tests.mentions.devset import load_catalog
from trendscope.mentions.aliases import MANUAL_ALIASES, load_aliases
from trendscope.mentions.extractor import Mention, MentionExtractor


def at(date: str) -> float:
    return datetime.fromisoformat(date).replace(tzinfo=UTC).timestamp()


@pytest.fixture(scope="module")
def extractor() -> MentionExtractor:
    return MentionExtractor(load_catalog(), load_aliases(MANUAL_ALIASES))


def titles(mentions: list[Mention]) -> list[str]:
    return [m.title for m in mentions]


TEXTS = [
    "I watched JW4 and  Spider-Man: Across the Spider-Verse twice; “Fallout’s” score > Dead Reckoning.",
    "Amélie? No: Avengers: Infinity War/Endgame, then the Guardians 3 trailer in IMAX.",
    "Black Panther: Wakanda Forever Review https://youtu.be/x and Oppenheimer vs Barbie",
]


@pytest.mark.parametrize("text", TEXTS)
def test_offsets_are_into_the_original_text(extractor: MentionExtractor, text: str) -> None:
    mentions = extractor.extract(text, when=at("2023-08-01"))
    assert mentions
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.matched
        assert 0.0 <= mention.confidence <= 1.0
    assert len({m.movie_id for m in mentions}) == len(mentions)  # at most one Mention per movie
    spans = sorted((m.start, m.end) for m in mentions)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(spans))


def test_finds_titles_short_forms_and_subtitles(extractor: MentionExtractor) -> None:
    found = titles(extractor.extract(TEXTS[0], when=at("2023-08-01")))
    assert found == ["John Wick: Chapter 4", "Spider-Man: Across the Spider-Verse",
                     "Mission: Impossible - Fallout", "Mission: Impossible - Dead Reckoning Part One"]


def test_initialisms_count_only_in_capitals(extractor: MentionExtractor) -> None:
    assert titles(extractor.extract("JW4 was the best action movie of the year")) == ["John Wick: Chapter 4"]
    assert extractor.extract("jw4 was the best action movie of the year") == []
    assert extractor.extract("Jw4 was the best action movie of the year") == []


def test_everyday_words_are_not_titles(extractor: MentionExtractor) -> None:
    comment = "I saw it twice and it was taken up a notch, nobody expected her to get out alive."
    assert extractor.extract(comment, "Barbie", at("2023-07-22")) == []


def test_thread_resolves_part_two(extractor: MentionExtractor) -> None:
    comment = "I hope the villain is better in part 2."
    assert titles(extractor.extract(comment, "Official Discussion - Mission: Impossible - Dead Reckoning "
                                             "Part One [SPOILERS]", at("2023-07-15"))) == [
        "Mission: Impossible - The Final Reckoning"]
    assert titles(extractor.extract(comment, "Guardians of the Galaxy Vol. 3", at("2023-05-10"))) == [
        "Guardians of the Galaxy Vol. 2"]
    assert extractor.extract(comment) == []


def test_thread_title_parsing(extractor: MentionExtractor) -> None:
    film = extractor.thread_film("Official Discussion - Barbie [SPOILERS]")
    assert film is not None and film.title == "Barbie"
    assert extractor.thread_film("Official Discussion: Ant-Man and the Wasp").title == "Ant-Man and the Wasp"
    assert extractor.thread_film(None) is None


def test_one_film_per_span_chosen_by_date(extractor: MentionExtractor) -> None:
    text = "I watched Dune in theaters and then The Little Mermaid."
    in_2023 = extractor.extract(text, when=at("2023-07-01"))
    assert [(m.title, m.movie_id) for m in in_2023] == [("Dune", 438631), ("The Little Mermaid", 447277)]
    in_1995 = extractor.extract(text, when=at("1995-01-01"))
    assert [m.movie_id for m in in_1995] == [841, 10144]


def test_the_last_film_of_a_franchise(extractor: MentionExtractor) -> None:
    comment = "After the last Doctor Strange and Thor I was kind of like... that's it?"
    found = titles(extractor.extract(comment, when=at("2023-05-06")))
    assert found == ["Doctor Strange in the Multiverse of Madness", "Thor: Love and Thunder"]


def test_not_titles_decimals_links_and_game_sequels(extractor: MentionExtractor) -> None:
    decimal = titles(extractor.extract("cap 3 is basically avengers 2.8 honestly"))
    assert "Captain America: Civil War" in decimal and "Avengers: Age of Ultron" not in decimal
    assert extractor.extract("merch: https://shop.example.com/barbie-the-movie-hoodie") == []
    assert extractor.extract("the train bit was ripped right from Uncharted 2, the game") == []


def test_the_x_movie_and_a_x_movie(extractor: MentionExtractor) -> None:
    assert titles(extractor.extract("I just finished watching the Barbie movie and loved it.")) == ["Barbie"]
    assert extractor.extract("He's a merman. Why would he be a GI Joe in a Barbie movie.") == []


def test_manual_aliases_written_in_capitals_need_capitals() -> None:
    catalog = [m for m in load_catalog() if m["id"] in (299534, 299536)]
    extractor = MentionExtractor(catalog, {"A4": 299534, "infinity war part 2": 299534})
    when = at("2018-07-10")
    assert titles(extractor.extract("Can't wait for A4 next year", when=when)) == ["Avengers: Endgame"]
    assert extractor.extract("printed on a4 paper", when=when) == []
    saving = extractor.extract("they're saving that for Infinity War part 2.", when=when)
    assert titles(saving) == ["Avengers: Endgame"]
