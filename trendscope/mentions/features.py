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


KINDS = ("title", "no_article", "main", "subtitle", "numbered", "ordinal", "initialism", "manual", "relative")
FILM_CUES = _words(
    "movie movies film films flick flicks sequel sequels prequel trailer trailers theater theaters theatre "
    "theatres cinema cinemas imax watch watched watching rewatch rewatched rewatching saw seen see seeing "
    "release released releases review reviews remake reboot box office director directed cgi cast scene "
    "scenes ending plot soundtrack score script mcu dceu rated rating screening premiere"
)
FRANCHISE_AFTER = _words("movies films franchise series trilogy saga universe fans fan fandom")
MEDIA_AFTER = _words("game games book books novel novels comic comics show shows season episode "
                      "episodes character characters costume suit brand doll dolls toy toys")
HUMAN_VERBS = _words(
    "said says asked asks told tells died dies dying kills killed kill wants wanted knows knew thinks tried "
    "tries loves loved saves saved save became becomes himself herself lost learns learned realizes "
    "realized needs gets got looks looked sounds sounded felt feels"
)
PRONOUNS = _words("he she his her him hers himself herself")
COPULAS = _words("is was has had were are")
COMPARE_BEFORE = _words("like than vs versus as unlike since")
PLACE_BEFORE = _words("in from of")
ORDER_BEFORE = _words("first second third last original new next previous latest")
QUOTES = "\"'“”‘’*_"
SENTENCE_END = ".!?\n:;>(\"“*"
_YEAR = re.compile(r"\b(?:19[2-9]\d|20[0-3]\d)\b")

NAMES: tuple[str, ...] = (
    "bias", *(f"kind_{k}" for k in KINDS), "one_word", "long_alias", "has_digit", "commonness",
    "common_lower", "title_case", "all_lower", "all_caps", "exact_case", "sentence_start", "quoted",
    "movie_after", "franchise_after", "media_after", "a_before", "the_before", "possessive", "order_before",
    "compare_before", "place_before", "cue_near", "year_near", "name_beside", "human_verb_after",
    "copula_after", "pronoun_after", "thread_film", "thread_franchise", "future", "recent", "age",
    "log_votes", "ambiguous", "other_films", "repeated",
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
    after = re.match(r" ([A-Z][a-z]+)\b", text[end:end + 20])
    if after and after[1].lower() not in FILM_CUES:
        return True
    before = re.search(r"([A-Za-z.!?]?) ?\b([A-Z][a-z]+) $", text[max(0, start - 24):start])
    return bool(before and before[1] not in ".!?" and before[2].lower() not in FILM_CUES
                and before[2] not in ("The", "A", "An", "In", "I", "Like", "And", "Or", "Than"))


def features(
    span: Span, thread: Film | None, when: float | None, other_films: int, repeats: int
) -> list[float]:
    """Feature vector in ``NAMES`` order."""
    text, folded = span.text, span.folded
    surface = text[span.start:span.end]
    letters = [c for c in surface if c.isalpha()]
    words = surface.split()
    before = _words_before(folded, span.fstart, 6)
    after = _words_after(folded, span.fend, 6)
    prev = before[-1] if before else ""
    nxt = after[0] if after else ""
    head = text[:span.start].rstrip(" \t")
    lower = bool(letters) and all(c.islower() for c in letters)
    film = span.film
    age = film.years_after(when)
    near = before[-5:] + after[:5]
    return [
        1.0,
        *(float(span.kind == k) for k in KINDS),
        float(" " not in span.alias),
        float(span.alias.count(" ") >= 2),
        float(any(c.isdigit() for c in span.alias)),
        span.commonness / 7.0,
        float(lower and span.commonness >= 3.5),
        float(all(w[:1].isupper() or not w[:1].isalpha() for w in words if len(w) > 3 or w is words[0])),
        float(lower),
        float(len(letters) >= 2 and all(c.isupper() for c in letters)),
        float(surface in film.title),
        float(not head or head[-1] in SENTENCE_END),
        float(span.start > 0 and text[span.start - 1] in QUOTES and text[span.end:span.end + 1] in QUOTES),
        float(nxt in ("movie", "film")),
        float(nxt in FRANCHISE_AFTER),
        float(nxt in MEDIA_AFTER or (nxt == "s" and len(after) > 1 and after[1] in MEDIA_AFTER)),
        float(prev in ("a", "an")),
        float(prev == "the" and not span.alias.startswith("the ")),
        float(nxt == "s" and text[span.end:span.end + 1] in "'’"),
        float(bool(before) and (prev in ORDER_BEFORE or (len(before) > 1 and before[-2] in ORDER_BEFORE))),
        float(prev in COMPARE_BEFORE),
        float(prev in PLACE_BEFORE),
        float(any(w in FILM_CUES for w in near)),
        float(bool(_YEAR.search(" ".join(near)))),
        float(_capitalised_word_beside(text, span.start, span.end)),
        float(nxt in HUMAN_VERBS),
        float(nxt in COPULAS),
        float(any(w in PRONOUNS for w in after[:3])),
        float(thread is not None and film.movie_id == thread.movie_id),
        float(thread is not None and film.movie_id != thread.movie_id and film.franchise is not None
              and film.franchise == thread.franchise),
        float(age < 0),
        float(0 <= age <= 1.0),
        min(abs(age), 40.0) / 40.0,
        math.log10(film.votes + 1) / 5.0,
        float(span.options > 1),
        min(other_films, 3) / 3.0,
        float(repeats > 1),
    ]
