"""Whole-word alias spans in folded text: Aho-Corasick, then the longest span wins (pure)."""

from __future__ import annotations

from collections.abc import Iterable

from ahocorasick_rs import AhoCorasick


class AliasMatcher:
    """Finds folded alias texts as whole words; overlapping spans resolve to the longest.

    >>> matcher = AliasMatcher(["thor", "thor 3", "ragnarok", "it"])
    >>> [(s, e, matcher.texts[i]) for s, e, i in matcher.spans("thor 3 with it and ragnaroks")]
    [(0, 6, 'thor 3'), (12, 14, 'it')]
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self.texts = sorted(set(texts))
        # Padding every pattern with spaces makes the automaton report whole words only.
        self._automaton = AhoCorasick([f" {t} " for t in self.texts])

    def spans(self, folded: str) -> list[tuple[int, int, int]]:
        """(start, end, text index) of non-overlapping whole-word matches, in text order."""
        found = self._automaton.find_matches_as_indexes(f" {folded} ", overlapping=True)
        if not found:
            return []
        if len(found) == 1:
            index, start, end = found[0]
            return [(start, end - 2, index)]
        found.sort(key=lambda m: (m[1] - m[2], m[1]))  # longest first, then leftmost
        taken: list[tuple[int, int, int]] = []
        for index, start, end in found:
            start, end = start, end - 2  # back to unpadded offsets
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, index))
        taken.sort()
        return taken
