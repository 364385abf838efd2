"""Surface forms people use for a catalog movie (pure).

From each title: the folded title, without a leading article, the subtitle alone, the
numbered short form ("John Wick: Chapter 4" -> "john wick 4"), hyphen-joined spellings
("spiderman"), initialisms ("jw4", "nwh", "tasm 2"; matched only in capitals), and, for
franchises whose titles carry no numbers, ordinals by release order ("thor 2").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from trendscope.mentions.normalize import fold_text

ARTICLES = ("the ", "a ", "an ")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}
_NUMBER = r"(\d{1,2}|one|two|three|four|five|six|seven|ii|iii|iv|vi|vii|viii|ix)"
_SEQUEL = re.compile(rf"^(?P<main>.+?) (?:(?:part|pt|vol|volume|chapter) )?(?P<n>{_NUMBER})$")
_GENERIC_SUBTITLE = re.compile(rf"^(?:part|pt|chapter|vol|volume|episode|the movie)\b(?: {_NUMBER})?$")
_SUBTITLE_SPLIT = re.compile(r"\s*(?::| - | – | — )\s*")


@dataclass(frozen=True)
class Alias:
    text: str  # folded
    movie_id: int
    kind: str  # title | no_article | subtitle | numbered | ordinal | compact | initialism | manual


def number(token: str) -> int | None:
    """1..99 from digits, number words or roman numerals (I..IX)."""
    if token.isdigit():
        return int(token)
    return _NUMBER_WORDS.get(token)


def split_title(title: str) -> tuple[str, str | None]:
    """Main title and subtitle (folded), split at the last separator:
    "Mission: Impossible - Dead Reckoning Part One" -> ("mission impossible", "dead reckoning part one").
    """
    parts = _SUBTITLE_SPLIT.split(title)
    main = fold_text(" ".join(parts[:-1]) if len(parts) > 1 else parts[0])
    subtitle = fold_text(parts[-1]) if len(parts) > 1 else None
    return main, subtitle or None


def sequel_number(title: str) -> tuple[str, int] | None:
    """("john wick", 4) for "John Wick: Chapter 4"; ("dune", 2) for "Dune: Part Two"."""
    main, subtitle = split_title(title)
    if subtitle is not None:
        found = _SEQUEL.match(f"{main} {subtitle}")
        if found and found["main"] == main:
            return main, number(found["n"])  # type: ignore[return-value]
        return None
    found = _SEQUEL.match(main)
    if found:
        return found["main"], number(found["n"])  # type: ignore[return-value]
    return None


def _drop_article(text: str) -> str:
    for article in ARTICLES:
        if text.startswith(article) and len(text) > len(article) + 2:
            return text[len(article):]
    return text


def _initialism(words: list[str]) -> str:
    return "".join(w[0] for w in words if w and not w.isdigit())


def movie_aliases(movie: dict[str, Any]) -> Iterator[Alias]:
    """Aliases of one movie from its own title (ordinals need the catalog: see catalog_aliases)."""
    movie_id = movie["id"]
    titles = {movie["title"]}
    original = movie.get("original_title")
    if original and original.isascii():
        titles.add(original)
    for title in titles:
        full = fold_text(title)
        yield Alias(full, movie_id, "title")
        yield Alias(_drop_article(full), movie_id, "no_article")
        for joined in _joined_hyphens(title, full):
            yield Alias(joined, movie_id, "compact")
        subtitle = split_title(title)[1]
        if subtitle and not _GENERIC_SUBTITLE.match(subtitle):
            yield Alias(_drop_article(subtitle), movie_id, "subtitle")
            stripped = re.sub(rf" (?:part|pt) {_NUMBER}$", "", subtitle)
            if stripped != subtitle:  # "dead reckoning part one" -> "dead reckoning"
                yield Alias(_drop_article(stripped), movie_id, "subtitle")
            if len(subtitle.split()) >= 3:
                yield Alias(_initialism(subtitle.split()), movie_id, "initialism")
        sequel = sequel_number(title)
        if sequel:
            base, n = sequel
            yield from _numbered(base, n, movie_id, "numbered")
        if len(full.split()) >= 3:
            yield Alias(_initialism(full.split()), movie_id, "initialism")
            yield Alias(_initialism(_drop_article(full).split()), movie_id, "initialism")


def _numbered(base: str, n: int, movie_id: int, kind: str) -> Iterator[Alias]:
    base = _drop_article(base)
    yield Alias(f"{base} {n}", movie_id, kind)
    yield Alias(f"{base} part {n}", movie_id, kind)
    words = base.split()
    if len(words) >= 2:
        letters = _initialism(words)
        yield Alias(f"{letters}{n}", movie_id, "initialism")
        yield Alias(f"{letters} {n}", movie_id, "initialism")


def _joined_hyphens(title: str, full: str) -> Iterator[str]:
    for left, right in re.findall(r"(\w+)-(\w+)", title):
        pair = f"{fold_text(left)} {fold_text(right)}"
        if pair in full:
            yield full.replace(pair, pair.replace(" ", ""))


def catalog_aliases(catalog: Iterable[dict[str, Any]]) -> list[Alias]:
    """Aliases of every movie, plus release-order ordinals in number-less franchises."""
    movies = list(catalog)
    aliases = [a for movie in movies for a in movie_aliases(movie)
               if len(a.text) >= 3 or (a.kind != "initialism" and len(a.text) >= 2)]
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for movie in movies:
        groups[_drop_article(split_title(movie["title"])[0])].append(movie)
    for main, members in groups.items():
        distinct_titles = {fold_text(m["title"]) for m in members}
        if len(distinct_titles) < 2 or any(sequel_number(m["title"]) for m in members):
            continue
        ordered = sorted(members, key=lambda m: m.get("release_date") or "9999")
        seen: set[str] = set()
        ordinal = 0
        for movie in ordered:
            title = fold_text(movie["title"])
            if title in seen:  # a remake of the same title is not the next film
                continue
            seen.add(title)
            ordinal += 1
            if ordinal >= 2:
                aliases.extend(_numbered(main, ordinal, movie["id"], "ordinal"))
    return aliases
