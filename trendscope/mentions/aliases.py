"""Surface forms people use for a catalog movie (pure).

From each title: the folded title and spelling variants (joined hyphens "spiderman", joined
possessives "snyders", "&"/"and", "v"/"vs"), the title without a leading article, the main
title and the subtitle alone ("Rogue One", "Fallout"; also "Multiverse of Madness" from
"Doctor Strange in the Multiverse of Madness"), numbered short forms ("John Wick: Chapter 4"
-> "john wick 4", "jw4"), initialisms ("tdkr", "nwh"; the extractor accepts them only in
capitals) and, within a franchise, release-order numbers ("thor 3", "mi 6") when they agree
with the numbers the titles carry.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trendscope.mentions.normalize import fold_text

ARTICLES = ("the ", "a ", "an ")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}
_NUMBER = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ii|iii|iv|vi|vii|viii|ix)"
_SEQUEL = re.compile(rf"^(?P<main>.+?) (?:(?:part|pt|vol|volume|chapter|episode) )?(?P<n>{_NUMBER})$")
_GENERIC_SUBTITLE = re.compile(rf"^(?:(?:part|pt|chapter|vol|volume|episode) {_NUMBER}|the movie|{_NUMBER})$")
_SEPARATORS = re.compile(r"\s*(?::| - | – | — |\(|! )\s*")
_AND_THE = re.compile(r"^(?P<main>.+?) (?:and|in) the (?P<rest>\w+ \w.*)$")
_NAME_THE = re.compile(r"^(?P<main>\w+) the (?P<rest>\w+)$")  # "Kraven the Hunter"
_PART_SUFFIX = re.compile(rf" (?:part|pt) {_NUMBER}$")
MIN_ROOT_CHARS = 5
MANUAL_ALIASES = Path(__file__).with_name("manual_aliases.tsv")  # fan short forms, TMDB ids
# Forms that name a film only relative to the thread's film: "part 2" in a Guardians 3 thread.
RELATIVE_FORMS = tuple(
    f"{word}{sep}{n}" for word in ("part", "pt", "vol", "volume", "chapter") for sep in (" ", "")
    for n in [*map(str, range(1, 10)), "one", "two", "three", "four", "five"] if sep or n.isdigit()
)


@dataclass(frozen=True)
class Alias:
    text: str  # folded
    movie_id: int
    kind: str  # title | no_article | main | subtitle | numbered | ordinal | initialism | manual


@dataclass(frozen=True)
class Series:
    """One numbered place of a film: ("guardians of the galaxy", 3); explicit when its title says so."""

    base: str
    number: int
    movie_id: int
    explicit: bool


def number(token: str) -> int | None:
    """1..99 from digits, number words or roman numerals (I..IX).

    >>> number("iii"), number("two"), number("12"), number("x")
    (3, 2, 12, None)
    """
    if token.isdigit():
        return int(token)
    return _NUMBER_WORDS.get(token)


def drop_article(text: str) -> str:
    """Folded text without a leading article ("the avengers" -> "avengers")."""
    for article in ARTICLES:
        if text.startswith(article) and len(text) > len(article) + 2:
            return text[len(article):]
    return text


def split_title(title: str, roots: Iterable[str] = ()) -> tuple[str, str | None]:
    """Main title and subtitle (folded), split at the last separator, or after the longest root
    (a franchise's own title) the title starts with.

    >>> split_title("Mission: Impossible - Dead Reckoning Part One")
    ('mission impossible', 'dead reckoning part one')
    >>> split_title("Mission: Impossible II", roots={"mission impossible"})
    ('mission impossible', 'ii')
    """
    parts = [p for p in _SEPARATORS.split(title.rstrip(")")) if p]
    main = fold_text(" ".join(parts[:-1]) if len(parts) > 1 else parts[0])
    subtitle = fold_text(parts[-1]) if len(parts) > 1 else None
    full = drop_article(fold_text(title))
    for root in sorted(roots, key=len, reverse=True):
        if len(root) > len(drop_article(main)) and (full == root or full.startswith(root + " ")):
            return root, full[len(root) + 1:] or None
    return main, subtitle or None


def sequel_number(main: str, subtitle: str | None) -> tuple[str, int] | None:
    """The numbered place a title states: ("john wick", 4) for ("john wick", "chapter 4"),
    ("john wick", 3) for ("john wick chapter 3", "parabellum"), ("dead reckoning", 1) for a
    subtitle "dead reckoning part one"; None when the title carries no number.

    >>> sequel_number("guardians of the galaxy vol 3", None), sequel_number("dune", "part two")
    (('guardians of the galaxy', 3), ('dune', 2))
    """
    if subtitle:
        found = _SEQUEL.match(f"{main} {subtitle}")
        if found and found["main"] == main:
            return main, number(found["n"])  # type: ignore[return-value]
    for text in (subtitle, main) if subtitle else (main,):
        found = _SEQUEL.match(text)
        if found:
            return found["main"], number(found["n"])  # type: ignore[return-value]
    return None


def _initialism(words: list[str]) -> str:
    """First letters, skipping numbers ("2", "iii"; a lone "v" or "i" stays a word)."""
    return "".join(w[0] for w in words if w and not w.isdigit() and not (len(w) > 1 and number(w)))


def _numbered(base: str, n: int, movie_id: int, kind: str) -> Iterator[Alias]:
    short = drop_article(base)
    for text in (f"{short} {n}", f"{short} part {n}"):
        yield Alias(text, movie_id, kind)
    if " " not in short:
        yield Alias(f"{short}{n}", movie_id, kind)
    for words in {tuple(short.split()), tuple(base.split())}:
        if len(words) >= 2:
            letters = _initialism(list(words))
            for text in (f"{letters}{n}", f"{letters} {n}", f"{letters} part {n}"):
                yield Alias(text, movie_id, "initialism")


def _own_aliases(movie: dict[str, Any], title: str, roots: set[str], shared: set[str]) -> Iterator[Alias]:
    movie_id = movie["id"]
    full = fold_text(title)
    yield Alias(full, movie_id, "title")
    yield Alias(drop_article(full), movie_id, "no_article")
    main, subtitle = split_title(title, roots)
    if subtitle is None and (named := _NAME_THE.match(full)):
        yield Alias(named["main"], movie_id, "main")
    if subtitle is None and (found := _AND_THE.match(full)):
        main, subtitle = found["main"], found["rest"]
    if subtitle and not _GENERIC_SUBTITLE.match(subtitle):
        if drop_article(subtitle) not in shared:
            yield Alias(drop_article(subtitle), movie_id, "subtitle")
            stripped = _PART_SUFFIX.sub("", subtitle)
            if stripped != subtitle:  # "dead reckoning part one" -> "dead reckoning"
                yield Alias(drop_article(stripped), movie_id, "subtitle")
        if len(subtitle.split()) >= 3:
            yield Alias(_initialism(subtitle.replace(" & ", " and ").split()), movie_id, "initialism")
        if drop_article(main) not in roots and not any(c.isdigit() for c in main):
            yield Alias(drop_article(main), movie_id, "main")
            if len(main.split()) >= 3:
                yield Alias(_initialism(main.split()), movie_id, "initialism")
    sequel = sequel_number(main, subtitle)
    if sequel:
        yield from _numbered(*sequel, movie_id, "numbered")
    words = fold_text(re.sub(r"(?<=\w)['’](?=\w)", "", title)).replace(" & ", " and ").split()
    if len(words) >= 3:
        yield Alias(_initialism(words), movie_id, "initialism")
        yield Alias(_initialism(drop_article(" ".join(words)).split()), movie_id, "initialism")


def _titles(movie: dict[str, Any]) -> set[str]:
    titles = {movie["title"]}
    original = movie.get("original_title")
    if original and original.isascii():
        titles.add(original)
    return titles


def _main_of(title: str) -> str | None:
    """The main title before a subtitle ("thor" in "Thor: Ragnarok", "aquaman" in "Aquaman and
    the Lost Kingdom"), without article; None without a subtitle."""
    main, subtitle = split_title(title)
    if subtitle is None and (found := _AND_THE.match(fold_text(title))):
        main, subtitle = found["main"], found["rest"]
    return drop_article(main) if subtitle else None


def _roots(movies: list[dict[str, Any]]) -> set[str]:
    """Titles (without article) that came first and start other titles, as their main title or,
    for several words, as a prefix: "thor", "mission impossible", "ant man"; not "blade" (Blade
    Runner is older) nor "ghost" (Ghost Rider has no subtitle)."""
    dated = sorted((m.get("release_date") or "9999", drop_article(fold_text(t)))
                   for m in movies for t in _titles(m))
    mains = {_main_of(t) for m in movies for t in _titles(m)}
    earliest: dict[str, str] = {}  # word prefix -> the oldest title starting with it
    starts_others: set[str] = set()
    for _, full in dated:
        words = full.split()
        for n in range(1, len(words) + 1):
            earliest.setdefault(" ".join(words[:n]), full)
            if n < len(words):
                starts_others.add(" ".join(words[:n]))
    return {full for _, full in dated if earliest[full] == full
            and (full in mains or (full in starts_others and " " in full and len(full) >= MIN_ROOT_CHARS))}


def _shared_subtitles(movies: list[dict[str, Any]], roots: set[str]) -> set[str]:
    """Subtitles that several films carry ("a star wars story"): they name no one film."""
    counts: dict[str, set[int]] = defaultdict(set)
    for movie in movies:
        for title in _titles(movie):
            subtitle = split_title(title, roots)[1]
            if subtitle:
                counts[drop_article(subtitle)].add(movie["id"])
    return {s for s, ids in counts.items() if len(ids) > 1}


def _joins(movie: dict[str, Any]) -> set[tuple[str, str]]:
    """Word pairs a title writes with a hyphen or apostrophe, which people also write joined."""
    return {(fold_text(left), fold_text(right)) for title in _titles(movie)
            for left, right in re.findall(r"(\w+)['’-](\w+)", title)}


def _variants(alias: Alias, joins: set[tuple[str, str]]) -> Iterator[Alias]:
    """The alias and its spellings: joined pairs ("spiderman", "snyders"), "&"/"and", "v"/"vs"."""
    texts = {alias.text}
    for left, right in joins:
        texts |= {re.sub(rf"\b{left} {right}\b", left + right, t) for t in texts}
    for text in list(texts):
        texts |= {text.replace(" & ", " and "), text.replace(" and ", " & ")}
        if re.search(r" vs? (?=\w)", text):
            texts |= {re.sub(r" vs? (?=\w)", " v ", text), re.sub(r" vs? (?=\w)", " vs ", text)}
    for text in texts:
        yield Alias(text, alias.movie_id, alias.kind)


def franchise_key(title: str, roots: set[str]) -> str | None:
    """The franchise a title belongs to by its wording: its shortest root, else its numbered
    base or main title (without article)."""
    full = drop_article(fold_text(title))
    for root in sorted(roots, key=len):
        if full == root or full.startswith(root + " "):
            return root
    main, subtitle = split_title(title, roots)
    sequel = sequel_number(main, subtitle)
    if sequel:
        return drop_article(sequel[0])
    return drop_article(main) if subtitle else None


def franchise_keys(catalog: Iterable[dict[str, Any]]) -> dict[int, str | None]:
    """Movie id -> franchise key for a whole catalog (see ``franchise_key``)."""
    movies = list(catalog)
    roots = _roots(movies)
    return {m["id"]: franchise_key(m["title"], roots) for m in movies}


def _ordinals(movies: list[dict[str, Any]], roots: set[str]) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """(franchise, release rank, movie) where the rank agrees with every number the titles carry."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for movie in movies:
        key = franchise_key(movie["title"], roots)
        if key:
            groups[key].append(movie)
    for key, members in groups.items():
        ranked: list[tuple[int, dict[str, Any]]] = []
        seen: set[str] = set()
        for movie in sorted(members, key=lambda m: m.get("release_date") or "9999"):
            title = drop_article(fold_text(movie["title"]))
            if title in seen:  # a remake of the same title is not the next film
                continue
            seen.add(title)
            ranked.append((len(ranked) + 1, movie))
        explicit = [(rank, sequel_number(*split_title(m["title"], roots))) for rank, m in ranked]
        if len(ranked) < 2 or any(s and drop_article(s[0]) == key and s[1] != r for r, s in explicit):
            continue
        for rank, movie in ranked:
            yield key, rank, movie


def catalog_aliases(
    catalog: Iterable[dict[str, Any]], manual: Mapping[str, int] | None = None
) -> list[Alias]:
    """Aliases of every movie, release-order numbers in franchises, and manual aliases
    (folded; a manual "<form> part N" also yields its numbered short forms)."""
    movies = list(catalog)
    by_id = {m["id"]: m for m in movies}
    roots = _roots(movies)
    shared = _shared_subtitles(movies, roots)
    raw: list[Alias] = []
    for movie in movies:
        joins = _joins(movie)
        for title in _titles(movie):
            for alias in _own_aliases(movie, title, roots, shared):
                raw.extend(_variants(alias, joins))
    for key, rank, movie in _ordinals(movies, roots):
        raw.extend(_numbered(key, rank, movie["id"], "ordinal"))
    for text, movie_id in (manual or {}).items():
        if movie_id in by_id:
            folded = fold_text(text)
            raw.append(Alias(folded, movie_id, "manual"))
            sequel = sequel_number(folded, None)
            if sequel:
                raw.extend(_numbered(*sequel, movie_id, "manual"))
    unique: dict[tuple[str, int], Alias] = {}
    for alias in raw:
        short_ok = alias.kind not in ("initialism", "main") and len(alias.text) >= 2
        if (len(alias.text) >= 3 or short_ok) and (alias.text, alias.movie_id) not in unique:
            unique[(alias.text, alias.movie_id)] = alias
    return list(unique.values())


def series(aliases: Iterable[Alias]) -> list[Series]:
    """Numbered places from numbered, ordinal and manual aliases ("<base> N" forms)."""
    found: dict[tuple[str, int, int], Series] = {}
    for alias in aliases:
        m = re.match(r"^(.+) (\d{1,2})$", alias.text)
        if m and alias.kind in ("numbered", "ordinal", "manual"):
            key = (m[1], int(m[2]), alias.movie_id)
            explicit = alias.kind != "ordinal"
            if key not in found or explicit:
                found[key] = Series(m[1], int(m[2]), alias.movie_id, explicit)
    return list(found.values())


def load_aliases(path: str | Path) -> dict[str, int]:
    """Manual aliases from JSON ({"alias": movie_id}) or TSV (alias, movie_id[, comment];
    "#" lines skipped)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return {str(k): int(v) for k, v in json.loads(text).items()}
    rows = csv.reader((line for line in text.splitlines() if line.strip() and not line.startswith("#")),
                      delimiter="\t")
    return {row[0].strip(): int(row[1]) for row in rows}


def aliases_with_shipped(extra: str | Path | None = None) -> dict[str, int]:
    """The shipped fan short forms (``manual_aliases.tsv``) plus ``extra`` (which wins)."""
    return {**load_aliases(MANUAL_ALIASES), **(load_aliases(extra) if extra else {})}
