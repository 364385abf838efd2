"""Shared fixtures: real data (skipped with a reason when absent) and a real Apache Kafka."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from trendscope.broker.apache_kafka import KafkaServer

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def shared(*parts: str) -> Path:
    """A path under ../shared/data; the calling test skips, saying why, when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data absent: {path} (the shared data folder sits beside the repo in CI)")
    return path


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data folder (skips on a clone without ../shared/data)."""
    return shared()


@pytest.fixture(scope="session")
def comments_csv() -> Path:
    """The real r/movies comments."""
    return shared("reddit", "rmovies_comments.csv.gz")


@pytest.fixture(scope="module")
def kafka(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaServer]:
    """A fresh single-node Apache Kafka 4 (KRaft) on free loopback ports for one test module."""
    server = KafkaServer(tmp_path_factory.mktemp("kafka"))
    server.start()
    yield server
    server.stop()
