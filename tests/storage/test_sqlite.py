"""The embedded SQLite store: where it lives, WAL mode, and which store the settings pick."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing

from trendscope.settings import Settings
from trendscope.storage import open_store
from trendscope.storage.cql import CqlStore
from trendscope.storage.sqlite import SqliteStore


def settings(tmp_path, monkeypatch, **store) -> Settings:
    monkeypatch.chdir(tmp_path)  # no config/trendscope.toml or .env from the repo
    return Settings(state_dir=tmp_path / "state", store=store)


def test_no_cql_hosts_means_sqlite_in_the_state_dir(tmp_path, monkeypatch):
    store = open_store(settings(tmp_path, monkeypatch))
    assert isinstance(store, SqliteStore) and store.path == tmp_path / "state" / "trendscope.db"


def test_cql_hosts_mean_the_cql_store(tmp_path, monkeypatch):
    store = open_store(settings(tmp_path, monkeypatch, cql_hosts=["10.0.0.1:9142"], keyspace="ts"))
    assert isinstance(store, CqlStore)
    assert (store.contact_points, store.port, store.keyspace) == (["10.0.0.1"], 9142, "ts")


async def test_wal_mode_and_a_thread_of_its_own(tmp_path, monkeypatch):
    store = open_store(settings(tmp_path, monkeypatch))
    await store.init()
    with closing(sqlite3.connect(store.path)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = await store._call(lambda: threading.current_thread().name)
    assert names.startswith("trendscope-sqlite") and threading.current_thread().name != names
    await store.close()
