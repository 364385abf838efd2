"""A comment -> its movie mentions, each with a sentiment (pure; what the agent and
``trendscope extract`` both call).

A mention's sentiment is VADER's compound of the sentence that holds it when the comment
has several sentences (so "Loved Barbie. Oppenheimer bored me." scores each film apart),
and of the whole comment otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trendscope.mentions.extractor import Mention as Found
from trendscope.mentions.extractor import MentionExtractor
from trendscope.mentions.sentiment import Sentiment
from trendscope.models import Mention, RedditComment

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Enriched:
    sentiment: float  # the whole comment's compound
    found: list[Found]
    mention_sentiments: list[float]


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split after . ! ? followed by space, and at line breaks.

    >>> text = "Loved Barbie. Oppenheimer bored me."
    >>> [text[s:e] for s, e in sentences(text)]
    ['Loved Barbie.', 'Oppenheimer bored me.']
    """
    spans, start = [], 0
    for gap in _SENTENCE_END.finditer(text):
        if gap.start() > start:
            spans.append((start, gap.start()))
        start = gap.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def enrich(text: str, thread_title: str | None, when: float | None,
           extractor: MentionExtractor, sentiment: Sentiment) -> Enriched:
    """Mentions of ``text`` and the sentiments that go with them."""
    found = extractor.extract(text, thread_title, when)
    whole = sentiment.compound(text)
    if not found:
        return Enriched(whole, [], [])
    parts = sentences(text)
    if len(parts) < 2:
        return Enriched(whole, found, [whole] * len(found))
    per_mention = []
    for mention in found:
        start, end = next(((s, e) for s, e in parts if s <= mention.start < e), (0, len(text)))
        per_mention.append(sentiment.compound(text[start:end]))
    return Enriched(whole, found, per_mention)


def mention_records(comment: RedditComment, enriched: Enriched) -> list[Mention]:
    """The Mention records of one comment (one per movie), bound for ``reddit.mentions``."""
    return [
        Mention(comment_id=comment.id, movie_id=found.movie_id, matched=found.matched, start=found.start,
                end=found.end, confidence=found.confidence, sentiment=score,
                created_utc=comment.created_utc)
        for found, score in zip(enriched.found, enriched.mention_sentiments, strict=True)
    ]
