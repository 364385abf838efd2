"""Store fixtures: sample data, a real Apache Cassandra per module (or TRENDSCOPE_CQL_HOSTS)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import closing
from typing import Any

import pytest
from cassandra import OperationTimedOut
from cassandra.cluster import Cluster, NoHostAvailable, Session
from cassandra.policies import ConstantReconnectionPolicy

from trendscope.storage.base import TrendStore
from trendscope.storage.cassandra_server import CassandraServer
from trendscope.storage.cql import CqlStore, parse_hosts
from trendscope.storage.sqlite import SqliteStore

CQL_HOSTS_ENV = "TRENDSCOPE_CQL_HOSTS"
TTL = 3600


@pytest.fixture(scope="module")
def cassandra_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CassandraServer | None]:
    """A fresh Cassandra 5.0 for this module; None when TRENDSCOPE_CQL_HOSTS names a server."""
    if os.environ.get(CQL_HOSTS_ENV):
        yield None
        return
    if not (shutil.which("java") and shutil.which("mvn")):
        pytest.skip(f"Cassandra needs java and mvn; or set {CQL_HOSTS_ENV}")
    server = CassandraServer(tmp_path_factory.mktemp("cassandra"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def cql_hosts(cassandra_server: CassandraServer | None) -> list[str]:
    """TRENDSCOPE_CQL_HOSTS (comma-separated host:port), else the module's own Cassandra."""
    return [cassandra_server.contact_point] if cassandra_server else os.environ[CQL_HOSTS_ENV].split(",")


@pytest.fixture
async def cql_store(cql_hosts: list[str], cql_session: Session) -> AsyncIterator[CqlStore]:
    """A CqlStore on a keyspace of its own, dropped afterwards."""
    store = CqlStore(cql_hosts, keyspace=f"t_{uuid.uuid4().hex[:12]}", ttl_seconds=TTL, max_concurrency=32)
    await store.init()
    yield store
    await store.close()
    execute_when_up(cql_session, f"DROP KEYSPACE IF EXISTS {store.keyspace}")




@pytest.fixture
async def sqlite_store(tmp_path) -> AsyncIterator[SqliteStore]:
    store = SqliteStore(tmp_path / "trendscope.db")
    await store.init()
    yield store
    await store.close()


@pytest.fixture(params=["sqlite", pytest.param("cql", marks=pytest.mark.cassandra)])
def store(request: pytest.FixtureRequest) -> TrendStore:
    """Each behaviour test runs on both back ends."""
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture
def count_rows(request: pytest.FixtureRequest, store: TrendStore) -> Callable[[], dict[str, int]]:
    """Rows per table of ``store``, counted beside the store's own connection."""
    if isinstance(store, SqliteStore):
        def count() -> dict[str, int]:
            with closing(sqlite3.connect(store.path)) as db:
                return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                        for t in ("windows", "predictions")}
        return count
    session = request.getfixturevalue("cql_session")

    def count_cql() -> dict[str, int]:
        return {t: session.execute(f"SELECT count(*) FROM {store.keyspace}.{t}").one()[0]
                for t in ("window_history", "window_top", "predictions", "predictions_by_hour")}
    return count_cql


def execute_when_up(session: Session, cql: str, timeout: float = 90.0) -> Any:
    """Run ``cql``, retrying while the session reconnects to a node that was restarted."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return session.execute(cql, timeout=60)
        except (NoHostAvailable, OperationTimedOut):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.fixture(scope="module")
def cql_session(cql_hosts: list[str]) -> Iterator[Session]:
    """A plain driver session beside the store, for checks the store has no query for."""
    names, port = parse_hosts(cql_hosts)
    cluster = Cluster(contact_points=names, port=port, reconnection_policy=ConstantReconnectionPolicy(0.5))
    yield cluster.connect()
    cluster.shutdown()
