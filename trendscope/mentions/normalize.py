"""Text folding for matching: lower case, no diacritics, punctuation as single spaces, with offsets.

Folding is one ``str.translate`` (cached per character) plus collapsing runs of spaces, so it
runs at C speed. Apostrophes become spaces ("Fallout's" -> "fallout s"), so a possessive
still ends on a word boundary; alias generation adds the joined form ("oceans eleven").
"&" is kept as a word of its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_APOSTROPHES = "'’‘`´"
_SPACES = re.compile(r"  +")


class _FoldTable(dict[int, str]):
    """Code point -> one folded character (length preserving), computed on first use."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        folded = base.lower()[:1] if base else " "
        if char == "&":
            folded = "&"
        elif char in _APOSTROPHES or not folded.isalnum():
            folded = " "
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> tuple[str, Sequence[int]]:
    """Folded text and, for each of its characters, the index of the original character
    (a ``range`` when folding kept every position).

    >>> fold("Spider-Man: Across the Spider-Verse (2023)")[0]
    'spider man across the spider verse 2023'
    >>> fold("Amélie & Ocean’s")
    ('amelie & ocean s', range(0, 16))
    >>> folded, offsets = fold("  MI:  3!")
    >>> folded, [offsets[i] for i in range(len(folded))]
    ('mi 3', [2, 3, 4, 7])
    """
    same_length = text.translate(_TABLE)
    if "  " not in same_length and not same_length.startswith(" ") and not same_length.endswith(" "):
        return same_length, range(len(text))
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    for run in _SPACES.finditer(same_length):
        pieces.append(same_length[position:run.start() + 1])
        offsets.extend(range(position, run.start() + 1))
        position = run.end()
    pieces.append(same_length[position:])
    offsets.extend(range(position, len(same_length)))
    folded = "".join(pieces)
    lead = len(folded) - len(folded.lstrip(" "))
    trail = len(folded.rstrip(" "))
    return folded[lead:trail], offsets[lead:trail]


def fold_text(text: str) -> str:
    """Only the folded text.

    >>> fold_text("Zack Snyder's Justice League")
    'zack snyder s justice league'
    """
    return fold(text)[0]
