"""Text folding for matching: lower case, no diacritics, punctuation as spaces, with offsets."""

from __future__ import annotations

import unicodedata

_DROP = {"'", "’", "‘", "`", "´"}  # "Ocean's" -> "oceans"
_WORDS = {"&": " and "}


def fold(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each of its characters, the index of the original character.

    >>> fold("Spider-Man: Across the Spider-Verse (2023)")[0]
    'spider man across the spider verse 2023'
    >>> fold("Amélie & Ocean's")[0]
    'amelie and oceans'
    """
    out: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        if char in _DROP:
            continue
        replacement = _WORDS.get(char)
        if replacement is None:
            base = unicodedata.normalize("NFKD", char)
            replacement = "".join(c for c in base if not unicodedata.combining(c)).lower()
            if not replacement.isalnum():
                replacement = " "
        for piece in replacement:
            if piece == " " and (not out or out[-1] == " "):
                continue
            out.append(piece)
            offsets.append(index)
    if out and out[-1] == " ":
        out.pop()
        offsets.pop()
    return "".join(out), offsets


def fold_text(text: str) -> str:
    """Only the folded text."""
    return fold(text)[0]
