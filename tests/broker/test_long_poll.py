import asyncio

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.consumer.fetcher import Fetcher

from trendscope.broker import long_poll
from trendscope.broker.embedded import EmbeddedBroker
from trendscope.kafka_admin import bootstrap_servers, ensure_topics
from trendscope.topics import DLQ

pytestmark = pytest.mark.embedded


async def _count_fetches_while_idle(bootstrap: str, seconds: float, run: str) -> tuple[int, list[bytes]]:
    await ensure_topics(bootstrap, partitions=4, replication=1)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    await producer.send_and_wait(f"idle-{run}", b"first")
    # noida answers at once for partitions that were never written to (here: the DLQ)
    consumer = AIOKafkaConsumer(f"idle-{run}", DLQ.name, bootstrap_servers=bootstrap,
                                auto_offset_reset="earliest", group_id=f"idle-{run}", fetch_max_wait_ms=500)
    await consumer.start()
    try:
        received = [(await consumer.getone()).value]
        before = calls[0]
        await asyncio.sleep(seconds)  # idle: nothing new on the topic
        idle_fetches = calls[0] - before
        await producer.send_and_wait(f"idle-{run}", b"second")
        received.append((await asyncio.wait_for(consumer.getone(), 5)).value)
        return idle_fetches, received
    finally:
        await consumer.stop()
        await producer.stop()


calls = [0]


def test_empty_fetches_from_noida_are_spaced_out(tmp_path, monkeypatch):
    original = Fetcher._proc_fetch_request

    async def counting(self, *args):
        calls[0] += 1
        return await original(self, *args)

    monkeypatch.setattr(Fetcher, "_proc_fetch_request", counting)
    with EmbeddedBroker("noida", tmp_path) as broker:
        bootstrap = bootstrap_servers(broker.url)
        spinning, _ = asyncio.run(_count_fetches_while_idle(bootstrap, 1.0, "a"))
        long_poll.install(max_wait=0.1)
        spaced, received = asyncio.run(_count_fetches_while_idle(bootstrap, 1.0, "b"))
    assert spinning > 100, "noida answers empty fetches at once (else this patch is moot)"
    assert spaced <= 15, "at most about one empty fetch per 100 ms"
    assert received == [b"first", b"second"], "data still flows with the patch"
