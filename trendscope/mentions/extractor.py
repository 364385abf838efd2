"""Which catalog movies a comment names (pure: no I/O, no Faust).

Pipeline: fold the text; Aho-Corasick over every alias (whole words, longest span wins); drop
spans that cannot be a title (initialisms not in capitals, everyday words in lower case, links,
"part 2" without a thread film to resolve it); pick one film per span (``disambiguation``);
score each span with context features and a logistic model (``features``, ``model``); keep the
best span per film when its probability reaches the model's threshold.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from wordfreq import zipf_frequency

from trendscope.mentions.aliases import (
    RELATIVE_FORMS,
    catalog_aliases,
    drop_article,
    franchise_keys,
    number,
    series,
)
from trendscope.mentions.candidates import AliasMatcher
from trendscope.mentions.disambiguation import KIND_PRIORITY, Film, choose
from trendscope.mentions.features import Span, features
from trendscope.mentions.model import LogisticModel
from trendscope.mentions.normalize import fold, fold_text
from trendscope.mentions.weights import WEIGHTS

EVERYDAY_ZIPF = 4.5  # an alias at least this common ("it", "get out") must show a capital letter
THREAD_CACHE = 10_000  # thread titles remembered
COMMON_INITIALISM_ZIPF = 3.0  # "FFS", "WW2": generated initialisms this common are other words
LATEST = frozenset(("last", "latest", "newest", "recent"))
_DECIMAL = re.compile(r"[.,]\d")
_LINK = re.compile(r"https?://|www\.|\.com\b|\br/")
_THREAD_NOISE = re.compile(r"\b(?:official|discussion|megathread|thread|spoilers?|review|trailer)\b")


@dataclass(frozen=True, slots=True)
class Mention:
    movie_id: int
    title: str
    matched: str  # the span as written in the comment
    start: int  # offsets into the original text
    end: int
    confidence: float  # 0..1


@dataclass(frozen=True, slots=True)
class _Entry:
    """One alias text: the films it fits with their alias kind, and what it needs to count."""

    options: tuple[tuple[Film, str, bool], ...]  # (film, kind, needs capitals)
    commonness: float
    relative: int | None  # "part N" forms: N


@dataclass(slots=True)
class Candidate:
    """A span with its chosen film and features (before the accept/reject step)."""

    span: Span
    features: list[float]


class MentionExtractor:
    """Finds catalog movies in comment text.

    ``aliases`` maps extra surface forms to movie ids (see ``aliases.load_aliases``); a form
    written in capitals ("A4") then counts only when written in capitals.
    """

    def __init__(self, catalog: Iterable[dict[str, Any]], aliases: Mapping[str, int] | None = None,
                 model: LogisticModel | None = None) -> None:
        movies = list(catalog)
        keys = franchise_keys(movies)
        self._films = {m["id"]: Film.from_movie(m, keys[m["id"]]) for m in movies}
        manual = dict(aliases or {})
        caps_only = {fold_text(k) for k in manual if k.isupper()}
        every = catalog_aliases(movies, manual)
        by_text: dict[str, dict[int, tuple[str, bool]]] = defaultdict(dict)
        for alias in every:
            caps = alias.kind == "initialism" or (alias.kind == "manual" and alias.text in caps_only)
            best = by_text[alias.text].get(alias.movie_id)
            if best is None or KIND_PRIORITY[alias.kind] > KIND_PRIORITY[best[0]]:
                by_text[alias.text][alias.movie_id] = (alias.kind, caps)
        texts = sorted(set(by_text) | set(RELATIVE_FORMS))
        self._matcher = AliasMatcher(texts)
        self._entries = [
            _Entry(
                tuple((self._films[i], kind, caps) for i, (kind, caps) in by_text.get(text, {}).items()),
                zipf_frequency(text, "en"),
                number(re.split(r" |(?<=[a-z])(?=\d)", text)[-1]) if text in RELATIVE_FORMS else None,
            )
            for text in self._matcher.texts
        ]
        self._title_index: dict[str, list[int]] = defaultdict(list)
        for alias in every:
            if alias.kind in ("title", "no_article"):
                self._title_index[alias.text].append(alias.movie_id)
        places = series(every)
        self._numbered = {(s.base, s.number): s.movie_id for s in places}
        self._explicit: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for place in places:
            if place.explicit:
                self._explicit[place.movie_id].append((place.base, place.number))
        self._franchises: dict[str | None, list[Film]] = defaultdict(list)
        for film in self._films.values():
            self._franchises[film.franchise].append(film)
        self._roots = {f.movie_id for f in self._films.values()
                       if f.franchise and drop_article(fold_text(f.title)) == f.franchise}
        self._model = model or LogisticModel.from_dict(WEIGHTS)
        self._threads: dict[str, Film | None] = {}

    def thread_film(self, thread_title: str | None, when: float | None = None) -> Film | None:
        """The film a thread is about, from its title ("Official Discussion - Barbie [SPOILERS]");
        cached per title (``when`` of the first call picks between same-title films)."""
        if not thread_title:
            return None
        if thread_title not in self._threads:
            if len(self._threads) >= THREAD_CACHE:
                self._threads.clear()
            folded = " ".join(_THREAD_NOISE.sub(" ", fold_text(thread_title)).split())
            options = [(self._films[i], "title") for i in self._title_index.get(folded, ())]
            if not options:  # no exact title: the longest alias in it
                spans = sorted(self._matcher.spans(folded), key=lambda m: m[0] - m[1])[:1]
                options = [(f, k) for _, _, i in spans for f, k, caps in self._entries[i].options if not caps]
            self._threads[thread_title] = choose(options, None, when)[0] if options else None
        return self._threads[thread_title]

    def candidates(self, text: str, thread_title: str | None = None, when: float | None = None
                   ) -> list[Candidate]:
        """Every span that could name a film, with its chosen film and features."""
        folded, offsets = fold(text)
        matches = self._matcher.spans(folded)
        if not matches:
            return []
        thread = self.thread_film(thread_title, when)
        spans: list[Span] = []
        latest = False  # "the last Doctor Strange and Thor": the franchises' latest films
        for fstart, fend, index in matches:
            entry = self._entries[index]
            start, end = offsets[fstart], offsets[fend - 1] + 1
            surface = text[start:end]
            options = self._options(entry, surface, thread)
            alias = self._matcher.texts[index]
            if not options or not _may_name(entry, alias, text, surface, start, end):
                continue
            film, kind = choose(options, thread, when) if len(options) > 1 else options[0]
            before = folded[max(0, fstart - 16):fstart].split()
            joined = bool(spans) and folded[spans[-1].fend:fstart].strip() in ("and", "or", "")
            latest = bool(before) and (before[-1] in LATEST or (latest and joined))
            if latest and film.movie_id in self._roots:
                film = self._latest(film, when)
            span = Span(text, folded, start, end, fstart, fend, alias, kind,
                        entry.commonness, film, len(options))
            if spans and not text[spans[-1].end:start].strip() and spans[-1].film != film:
                # two names run together ("star wars the empire strikes back"): keep the longer
                if spans[-1].end - spans[-1].start >= end - start:
                    continue
                spans.pop()
            spans.append(span)
        return [Candidate(span, features(span, spans, thread, when)) for span in spans]

    def extract(self, text: str, thread_title: str | None = None, when: float | None = None
                ) -> list[Mention]:
        """Movies the comment names, at most one Mention (its most confident span) per movie.

        ``when`` is the comment's time (epoch seconds); it helps pick between same-title films.
        """
        best: dict[int, Mention] = {}
        for candidate in self.candidates(text, thread_title, when):
            confidence = self._model.probability(candidate.features)
            span = candidate.span
            movie_id = span.film.movie_id
            if confidence >= self._model.threshold and (
                    movie_id not in best or confidence > best[movie_id].confidence):
                best[movie_id] = Mention(movie_id, span.film.title, text[span.start:span.end], span.start,
                                         span.end, round(confidence, 4))
        return sorted(best.values(), key=lambda m: m.start)

    def _latest(self, root: Film, when: float | None) -> Film:
        """The franchise's most recent film released before ``when``."""
        released = [f for f in self._franchises[root.franchise] if f.years_after(when) >= 0]
        return max(released, key=lambda f: f.released or 0.0, default=root)

    def _options(self, entry: _Entry, surface: str, thread: Film | None) -> list[tuple[Film, str]]:
        if entry.relative is not None:
            if thread is None:
                return []
            found = [self._numbered.get((base, entry.relative))
                     for base, _ in self._explicit[thread.movie_id]]
            return [(self._films[i], "relative") for i in dict.fromkeys(found) if i is not None]
        capitals = surface.split()[0].isupper()  # "JW4", "DR part 2", "MI:3"
        return [(film, kind) for film, kind, caps in entry.options if capitals or not caps]


def _may_name(entry: _Entry, alias: str, text: str, surface: str, start: int, end: int) -> bool:
    """False for spans that cannot be a title: an everyday word in lower case, a common
    initialism ("FFS"), part of a decimal ("avengers 2.8") or of a link."""
    if entry.relative is None and entry.commonness >= EVERYDAY_ZIPF and surface.islower():
        return False
    initialism = bool(entry.options) and all(kind == "initialism" for _, kind, _ in entry.options)
    if initialism and " " not in alias and entry.commonness >= COMMON_INITIALISM_ZIPF:
        return False
    if _DECIMAL.match(text, end) or (start >= 2 and _DECIMAL.match(text, start - 2)):
        return False
    left = text.rfind(" ", 0, start) + 1
    right = text.find(" ", end)
    return not _LINK.search(text[left:right if right >= 0 else len(text)])
