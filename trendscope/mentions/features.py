"""Context features of one candidate span, for the accept/reject model (pure).

Every feature is a number in about [0, 1]; ``NAMES`` fixes their order. They look at the span
(capitals, quotes, alias kind and commonness), the words around it (film cue words, "movies"
after it, a person's name beside it, pronouns that make it a character) and the film (thread
film or its franchise, release date against the comment's date, votes).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from trendscope.mentions.disambiguation import Film


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


KINDS = ("no_article", "main", "subtitle", "numbered", "ordinal", "initialism", "manual", "relative")
FILM_CUES = _words(
    "movie movies film films flick flicks sequel sequels prequel trailer trailers theater theaters theatre "
    "theatres cinema cinemas imax watch watched watching rewatch rewatched rewatching saw seen see seeing "
    "release released releases review reviews remake reboot box office director directed cgi cast scene "
    "scenes ending plot soundtrack score script mcu dceu rated rating screening premiere"
)
FRANCHISE_AFTER = _words("movies films franchise series trilogy saga universe fans fan fandom")
MEDIA_AFTER = _words(
    "game games book books novel novels comic comics show shows season episode episodes character "
    "characters costume suit brand doll dolls toy toys merch merchandise greeting salute team member "
    "members agent agents world"
)
FILM_NOUN_AFTER = _words(
    "vibes vibe feeling feel energy ending trailer trailers soundtrack reference references moment "
    "moments style sequel remake dig comparison fight rip ripoff"
)
TEAM_BEFORE = _words("member members part join joined leader")
HUMAN_VERBS = _words(
    "said says asked asks told tells died dies dying kills killed kill wants wanted knows knew thinks tried "
    "tries loves loved saves saved save became becomes himself herself lost learns learned realizes "
    "realized needs gets got looks looked sounds sounded felt feels"
)
PRONOUNS = _words("he she his her him hers himself herself")
COPULAS = _words("is was has had")
PLURAL_AFTER = _words("were are have themselves")
_LIST_GAP = re.compile(r"^[\s,/&;]*(?:(?:and|or|vs\.?|v\.?|than|then|and the|or the)\s)?[\s\"'“”*]*$", re.I)
COMPARE_BEFORE = _words("like than vs versus as unlike since")
PLACE_BEFORE = _words("in from of")
FIRST_BEFORE = _words("first original second third last previous latest")
NEXT_BEFORE = _words("next new another")
QUOTES = "\"'“”‘’*_!"  # "!" for spoiler tags: >!Onward!<
SENTENCE_END = ".!?\n:;>(\"“*"
_YEAR = re.compile(r"\b(?:19[2-9]\d|20[0-3]\d)\b")

NAMES: tuple[str, ...] = (
    "bias", *(f"kind_{k}" for k in KINDS), "one_word", "long_alias", "has_digit", "commonness_word",
    "commonness_phrase", "lower_commonness", "title_case", "all_lower", "all_caps", "exact_case",
    "sentence_start", "quoted", "the_x_movie", "a_x_movie", "movie_after", "film_noun_after",
    "franchise_after", "media_after", "number_after", "a_before", "the_before", "possessive",
    "first_before", "next_before", "team_before", "compare_before", "place_before", "cue_near", "year_near",
    "name_beside", "human_verb_after", "copula_after", "plural_after", "pronoun_after", "listed_with_film",
    "thread_film", "thread_franchise", "future", "recent", "age", "log_votes", "other_films",
    "repeated", "short_comment",
)


@dataclass(slots=True)
class Span:
    """One candidate: where it is and what it matched."""

    text: str  # the original comment
    folded: str
    start: int  # offsets into the original text
    end: int
    fstart: int  # offsets into the folded text
    fend: int
    alias: str
    kind: str
    commonness: float  # wordfreq Zipf value of the alias, 0..8
    film: Film
    options: int  # films the span fits


def _words_before(folded: str, fstart: int, n: int) -> list[str]:
    return folded[max(0, fstart - 12 * n):fstart].split()[-n:]


def _words_after(folded: str, fend: int, n: int) -> list[str]:
    return folded[fend:fend + 12 * n].split()[:n]


def _capitalised_word_beside(text: str, start: int, end: int) -> bool:
    """A capitalised word right before or after the span, not opening a sentence: "Lucy Gray"."""
    after = re.match(r" ([A-Z][a-z]+[A-Za-z]*)\b", text[end:end + 20])
    if after and after[1].lower() not in FILM_CUES:
        return True
    before = re.search(r"([A-Za-z.!?]?) ?\b([A-Z][a-z]+) $", text[max(0, start - 24):start])
    return bool(before and before[1] not in ".!?" and before[2].lower() not in FILM_CUES
                and before[2] not in ("The", "A", "An", "In", "I", "Like", "And", "Or", "Than"))


def _listed(span: Span, others: list[Span]) -> bool:
    """Another candidate film next to this one in a list or comparison: "Memento, Inception"."""
    text = span.text
    for other in others:
        if other.film.movie_id == span.film.movie_id:
            continue
        gap = text[other.end:span.start] if other.end <= span.start else text[span.end:other.start]
        if 0 < len(gap) < 12 and _LIST_GAP.match(gap):
            return True
    return False


def features(span: Span, others: list[Span], thread: Film | None, when: float | None) -> list[float]:
    """Feature vector in ``NAMES`` order; ``others`` are all candidate spans of the comment."""
    text, folded = span.text, span.folded
    surface = text[span.start:span.end]
    letters = [c for c in surface if c.isalpha()]
    words = surface.split()
    before = _words_before(folded, span.fstart, 6)
    after = _words_after(folded, span.fend, 6)
    prev = before[-1] if before else ""
    nxt = after[0] if after else ""
    if nxt == "s" and text[span.end:span.end + 1] in "'’":  # possessive: look past it
        possessive, after = True, after[1:]
        nxt = after[0] if after else ""
    else:
        possessive = False
    head = text[:span.start].rstrip(" \t")
    lower = bool(letters) and all(c.islower() for c in letters)
    film = span.film
    age = film.years_after(when)
    near = before[-5:] + after[:5]
    one_word = " " not in span.alias
    films = {o.film.movie_id for o in others}
    repeats = sum(o.film.movie_id == film.movie_id for o in others)
    return [
        1.0,
        *(float(span.kind == k) for k in KINDS),
        float(one_word),
        float(span.alias.count(" ") >= 2),
        float(any(c.isdigit() for c in span.alias)),
        span.commonness / 7.0 if one_word else 0.0,
        0.0 if one_word else span.commonness / 7.0,
        span.commonness / 7.0 if lower else 0.0,
        float(all(w[:1].isupper() or not w[:1].isalpha() for w in words if len(w) > 3 or w is words[0])),
        float(lower),
        float(len(letters) >= 2 and all(c.isupper() for c in letters)),
        float(surface in film.title),
        float(not head or head[-1] in SENTENCE_END),
        float(span.start > 0 and text[span.start - 1] in QUOTES and text[span.end:span.end + 1] in QUOTES),
        float(prev == "the" and nxt in ("movie", "film")),
        float(prev in ("a", "an") and nxt in ("movie", "film")),
        float(nxt in ("movie", "film")),
        float(nxt in FILM_NOUN_AFTER),
        float(nxt in FRANCHISE_AFTER),
        float(any(w in MEDIA_AFTER for w in after[:3])),
        float(nxt.isdigit() or nxt in ("one", "two", "three", "ii", "iii")),
        float(prev in ("a", "an")),
        float(prev == "the" and not span.alias.startswith("the ")),
        float(possessive),
        float(any(w in FIRST_BEFORE for w in before[-2:])),
        float(any(w in NEXT_BEFORE for w in before[-2:])),
        float(prev in ("of", "the") and any(w in TEAM_BEFORE for w in before[-3:-1])),
        float(prev in COMPARE_BEFORE),
        float(prev in PLACE_BEFORE),
        float(any(w in FILM_CUES for w in near)),
        float(bool(_YEAR.search(" ".join(near)))),
        float(_capitalised_word_beside(text, span.start, span.end)),
        float(nxt in HUMAN_VERBS),
        float(nxt in COPULAS),
        float(nxt in PLURAL_AFTER),
        float(any(w in PRONOUNS for w in after[:3])),
        float(_listed(span, others)),
        float(thread is not None and film.movie_id == thread.movie_id),
        float(thread is not None and film.movie_id != thread.movie_id and film.franchise is not None
              and film.franchise == thread.franchise),
        float(age < 0),
        float(0 <= age <= 1.0),
        min(abs(age), 40.0) / 40.0,
        math.log10(film.votes + 1) / 5.0,
        min(len(films) - 1, 3) / 3.0,
        float(repeats > 1),
        float(len(folded) < 60),
    ]
