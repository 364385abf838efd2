import asyncio
import itertools
import time

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.consumer.fetcher import Fetcher

from trendscope.broker import long_poll
from trendscope.broker.embedded import EmbeddedBroker
from trendscope.kafka_admin import bootstrap_servers, ensure_topics
from trendscope.topics import DLQ


def _patched(monkeypatch, has_new_data: bool):
    calls = []

    async def answers_at_once(self, assignment, node_id, request):
        calls.append(time.monotonic())
        return has_new_data

    monkeypatch.setattr(Fetcher, "_proc_fetch_request", answers_at_once)
    long_poll.install(max_wait=0.1)
    return calls


async def _fetch_for(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await Fetcher._proc_fetch_request(None, None, 1, None)


def test_empty_answers_are_spaced_by_max_wait(monkeypatch):
    calls = _patched(monkeypatch, has_new_data=False)
    asyncio.run(_fetch_for(0.5))
    assert 2 <= len(calls) <= 6  # at most one empty fetch per 100 ms
    assert min(b - a for a, b in itertools.pairwise(calls)) >= 0.09


def test_answers_with_data_are_not_delayed(monkeypatch):
    calls = _patched(monkeypatch, has_new_data=True)
    asyncio.run(_fetch_for(0.2))
    assert len(calls) > 100


def test_install_twice_wraps_once(monkeypatch):
    _patched(monkeypatch, has_new_data=False)
    patched = Fetcher._proc_fetch_request
    long_poll.install()
    assert Fetcher._proc_fetch_request is patched


@pytest.mark.embedded
def test_records_still_flow_from_noida_with_the_patch(tmp_path, monkeypatch):
    monkeypatch.setattr(Fetcher, "_proc_fetch_request", Fetcher._proc_fetch_request)  # undone after
    long_poll.install()

    async def run(bootstrap: str) -> list[bytes]:
        await ensure_topics(bootstrap, partitions=4, replication=1, extra=("flow",))
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
        await producer.start()
        # DLQ partitions were never written to: noida answers fetches for them at once
        consumer = AIOKafkaConsumer("flow", DLQ.name, bootstrap_servers=bootstrap,
                                    auto_offset_reset="earliest", group_id="flow")
        await consumer.start()
        try:
            await producer.send_and_wait("flow", b"first")
            received = [(await asyncio.wait_for(consumer.getone(), 10)).value]
            await asyncio.sleep(0.5)
            await producer.send_and_wait("flow", b"second")
            received.append((await asyncio.wait_for(consumer.getone(), 10)).value)
            return received
        finally:
            await consumer.stop()
            await producer.stop()

    with EmbeddedBroker("noida", tmp_path) as broker:
        assert asyncio.run(run(bootstrap_servers(broker.url))) == [b"first", b"second"]
