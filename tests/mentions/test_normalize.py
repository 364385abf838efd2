"""Folding keeps a map back to the original characters."""

import pytest

from trendscope.mentions.normalize import fold, fold_text

TEXTS = [
    "Spider-Man: Across the Spider-Verse (2023)",
    "  MI:3 ,  JW4!! ",
    "Amélie’s café & “Fallout’s” score",
    "Pokémon 🎬 the Movie — Señor İstanbul ß",
    "",
    "...",
]


@pytest.mark.parametrize("text", TEXTS)
def test_offsets_point_at_the_original_characters(text: str) -> None:
    folded, offsets = fold(text)
    assert len(offsets) == len(folded)
    assert list(offsets) == sorted(set(offsets))
    for char, index in zip(folded, offsets, strict=True):
        if char == " ":
            assert not text[index].isalnum() or text[index] in "’'"
        else:
            assert fold_text(text[index]) == char


def test_spans_map_back_to_the_exact_original_text() -> None:
    text = "I loved  Spider-Man: Across the Spider-Verse!"
    folded, offsets = fold(text)
    start = folded.index("spider man across")
    end = start + len("spider man across the spider verse")
    assert text[offsets[start]:offsets[end - 1] + 1] == "Spider-Man: Across the Spider-Verse"


def test_folding_is_case_accent_and_punctuation_blind() -> None:
    assert fold_text("WALL·E") == fold_text("wall e") == "wall e"
    assert fold_text("Amélie!") == "amelie"
    assert fold_text("Don't  Breathe") == "don t breathe"
    assert fold_text("Songbirds & Snakes") == "songbirds & snakes"
