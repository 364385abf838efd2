"""TMDB poller: the three movie lists each cycle, details on request, and the latest catalog."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence

from trendscope.models import MovieSnapshot
from trendscope.sources.tmdb.client import LIST_PATHS, TmdbAuthError, TmdbClient, TmdbError, TmdbUnavailable
from trendscope.sources.tmdb.parse import snapshot_from_movie, snapshots_from_list_page
from trendscope.validation import InvalidEvent

log = logging.getLogger(__name__)

DETAILS = "details"  # source_list of snapshots from /movie/{id}


def supersedes(snapshot: MovieSnapshot, current: MovieSnapshot | None) -> bool:
    """Whether ``snapshot`` replaces ``current`` as a movie's latest (``fetched_at``; ties: newcomer)."""
    return current is None or snapshot.fetched_at >= current.fetched_at


class Catalog:
    """The latest snapshot per movie id (the Faust catalog table mirrors this)."""

    def __init__(self) -> None:
        self._latest: dict[int, MovieSnapshot] = {}

    def update(self, snapshot: MovieSnapshot) -> bool:
        """Store ``snapshot`` unless the stored one is newer (``fetched_at``; ties: newcomer wins)."""
        if not supersedes(snapshot, self._latest.get(snapshot.movie_id)):
            return False
        self._latest[snapshot.movie_id] = snapshot
        return True

    def get(self, movie_id: int) -> MovieSnapshot | None:
        """The latest snapshot of ``movie_id``, if any."""
        return self._latest.get(movie_id)

    def missing(self, ids: Iterable[int]) -> list[int]:
        """The ids not in the catalog, deduplicated, in first-seen order."""
        return [movie_id for movie_id in dict.fromkeys(ids) if movie_id not in self._latest]


class TmdbPoller:
    """Polls ``lists`` x ``pages`` each cycle; ``fetched_at`` is when each response arrived."""

    def __init__(
        self,
        client: TmdbClient,
        pages: int = 1,
        clock: Callable[[], float] = time.time,
        *,
        lists: Sequence[str] = tuple(LIST_PATHS),
        catalog: Catalog | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.client = client
        self.pages = pages
        self.lists = tuple(lists)
        self.catalog = catalog if catalog is not None else Catalog()
        self._clock = clock
        self._sleep = sleep
        self._pending: dict[int, None] = {}  # ordered set of ids awaiting details

    async def poll_once(self) -> list[MovieSnapshot]:
        """Every list page once; a page that keeps failing is logged and skipped.

        Raises :class:`TmdbAuthError` (401), which no retry can fix.
        """
        snapshots: list[MovieSnapshot] = []
        for list_name in self.lists:
            for page in range(1, self.pages + 1):
                try:
                    body = await self.client.list_page(list_name, page)
                    snapshots += snapshots_from_list_page(body, list_name, self._clock())
                except TmdbAuthError:
                    raise
                except (TmdbError, InvalidEvent) as exc:
                    log.warning("TMDB %s page %d skipped this cycle: %s", list_name, page, exc)
        self._remember(snapshots)
        return snapshots

    def request_details(self, ids: Iterable[int], *, refresh: bool = False) -> None:
        """Queue ``/movie/{id}`` for ids not in the catalog (all of them if ``refresh``)."""
        ids = [i for i in ids if isinstance(i, int) and not isinstance(i, bool) and i > 0]
        for movie_id in ids if refresh else self.catalog.missing(ids):
            self._pending[movie_id] = None

    @property
    def pending(self) -> list[int]:
        """Ids queued for details, oldest first."""
        return list(self._pending)

    async def fetch_details(self) -> list[MovieSnapshot]:
        """Details of every queued id; 404 gives a ``retired`` snapshot. Transient failures stay queued."""
        snapshots: list[MovieSnapshot] = []
        for movie_id in list(self._pending):
            try:
                body = await self.client.movie_details(movie_id)
                fetched_at = self._clock()
                if body is None:
                    snapshots.append(self._retired(movie_id, fetched_at))
                else:
                    snapshots.append(snapshot_from_movie(body, DETAILS, fetched_at))
            except TmdbAuthError:
                raise
            except TmdbUnavailable as exc:
                log.warning("TMDB details of %d postponed to the next cycle: %s", movie_id, exc)
                continue
            except (TmdbError, InvalidEvent) as exc:
                log.warning("TMDB details of %d dropped: %s", movie_id, exc)
            del self._pending[movie_id]
        self._remember(snapshots)
        return snapshots

    async def run(self, emit: Callable[[MovieSnapshot], Awaitable[None]], interval: float) -> None:
        """Poll lists, then queued details, emit every snapshot, sleep ``interval``; repeat.

        Transient failures skip a page or postpone a detail; a 401 logs a clear error and
        raises :class:`TmdbAuthError`, ending the loop.
        """
        while True:
            try:
                snapshots = await self.poll_once() + await self.fetch_details()
            except TmdbAuthError as exc:
                log.error("TMDB polling stopped: %s", exc)
                raise
            for snapshot in snapshots:
                await emit(snapshot)
            log.info("TMDB cycle: %d snapshots, %d details pending", len(snapshots), len(self._pending))
            await self._sleep(interval)

    def _retired(self, movie_id: int, fetched_at: float) -> MovieSnapshot:
        """The last known snapshot marked retired, or a minimal one (title ``tmdb:<id>``)."""
        last = self.catalog.get(movie_id)
        fields = last.asdict() if last is not None else {"movie_id": movie_id, "title": f"tmdb:{movie_id}"}
        return MovieSnapshot(**{**fields, "fetched_at": fetched_at, "source_list": DETAILS, "retired": True})

    def _remember(self, snapshots: Iterable[MovieSnapshot]) -> None:
        for snapshot in snapshots:
            self.catalog.update(snapshot)
