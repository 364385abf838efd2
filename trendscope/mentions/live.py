"""The extractor a worker uses, rebuilt off the event loop when the catalog changes."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from trendscope.mentions.enrich import Enriched, enrich
from trendscope.mentions.extractor import MentionExtractor
from trendscope.mentions.sentiment import Sentiment

log = logging.getLogger(__name__)


def catalog_signature(movies: Iterable[Mapping[str, Any]]) -> str:
    """Changes when a movie is added or its title or release date changes."""
    digest = hashlib.sha1()
    for movie in sorted(movies, key=lambda m: m["id"]):
        digest.update(f"{movie['id']}\x1f{movie['title']}\x1f{movie.get('release_date')}\x1e".encode())
    return digest.hexdigest()


class LiveExtractor:
    """Holds the current extractor; ``refresh`` swaps in a new one built in a thread."""

    def __init__(self, seed: Sequence[Mapping[str, Any]] = (), aliases: Mapping[str, int] | None = None,
                 executor_threshold: int = 64) -> None:
        self.seed = list(seed)
        self.aliases = aliases
        self.executor_threshold = executor_threshold
        self.sentiment = Sentiment()
        self.signature = catalog_signature(self.seed)
        self.extractor = MentionExtractor(self.seed, aliases)

    def _merged(self, movies: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        by_id = {m["id"]: m for m in self.seed}
        by_id.update((m["id"], m) for m in movies)  # the live catalog wins over the seed
        return list(by_id.values())

    async def refresh(self, movies: Iterable[Mapping[str, Any]]) -> bool:
        """Rebuild (in a thread, the loop keeps serving) if the catalog changed; True if it did."""
        catalog = self._merged(movies)
        signature = catalog_signature(catalog)
        if signature == self.signature:
            return False
        self.extractor = await asyncio.to_thread(MentionExtractor, catalog, self.aliases)
        self.signature = signature
        log.info("mention extractor rebuilt for %d movies", len(catalog))
        return True

    async def enrich_all(self, items: Sequence[tuple[str, str | None, float | None]]) -> list[Enriched]:
        """Enrich (text, thread title, time) items; large batches run in a thread so the
        event loop stays responsive (the GIL still shares one core)."""
        work: Callable[[], list[Enriched]] = lambda: [  # noqa: E731
            enrich(text, thread, when, self.extractor, self.sentiment) for text, thread, when in items]
        if len(items) >= self.executor_threshold:
            return await asyncio.to_thread(work)
        return work()
