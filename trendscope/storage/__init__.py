"""Storage of final windows and predictions: one interface, SQLite and CQL back ends."""

from __future__ import annotations

from trendscope.settings import Settings
from trendscope.storage.base import TrendStore


def open_store(settings: Settings) -> TrendStore:
    """The configured store (CQL when ``store.cql_hosts`` is set, else SQLite); call ``init()`` next."""
    if settings.store.cql_hosts:
        from trendscope.storage.cql import CqlStore

        return CqlStore.from_settings(settings)
    from trendscope.storage.sqlite import SqliteStore

    return SqliteStore.from_settings(settings)


__all__ = ["TrendStore", "open_store"]
