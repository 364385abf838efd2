"""Creating TrendScope's topics with the configured partition counts."""

from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from trendscope.topics import ALL_TOPICS, BY_NAME


def bootstrap_servers(broker_url: str) -> str:
    """``kafka://h1:p1;h2:p2`` (Faust's form) -> ``h1:p1,h2:p2`` (Kafka clients' form)."""
    hosts = broker_url.removeprefix("kafka://")
    return ",".join(h.strip().removeprefix("kafka://") for h in hosts.replace(";", ",").split(","))


async def ensure_topics(bootstrap: str, partitions: int, replication: int,
                        extra: tuple[str, ...] = ()) -> list[str]:
    """Create every missing TrendScope topic (and ``extra`` ones); return the names created."""
    names = [spec.name for spec in ALL_TOPICS] + [name for name in extra if name not in BY_NAME]
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="trendscope-admin")
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [NewTopic(name, num_partitions=partitions, replication_factor=replication)
                   for name in names if name not in existing]
        created = []
        for topic in missing:  # one by one: a concurrent creator is not an error
            try:
                await admin.create_topics([topic])
                created.append(topic.name)
            except TopicAlreadyExistsError:
                pass
        await _until_listed(admin, set(names))
        return created
    finally:
        await admin.close()


async def _until_listed(admin: AIOKafkaAdminClient, names: set[str], timeout: float = 15.0) -> None:
    """Wait until the cluster's metadata lists ``names`` (creation propagates asynchronously)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not names <= set(await admin.list_topics()):
        if loop.time() > deadline:
            raise TimeoutError(f"topics not listed after {timeout:.0f}s: {sorted(names)}")
        await asyncio.sleep(0.1)


async def topic_partitions(consumer: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    """The partitions of ``topic`` (refreshing metadata once if unknown); empty if no such topic."""
    partitions = consumer.partitions_for_topic(topic)
    if not partitions:
        await consumer._client.force_metadata_update()
        partitions = consumer.partitions_for_topic(topic)
    return [TopicPartition(topic, p) for p in sorted(partitions or ())]
