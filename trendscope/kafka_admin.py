"""Creating TrendScope's topics with the configured partition counts."""

from __future__ import annotations

import asyncio

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from trendscope.topics import ALL_TOPICS


def bootstrap_servers(broker_url: str) -> str:
    """``kafka://h1:p1;h2:p2`` (Faust's form) -> ``h1:p1,h2:p2`` (Kafka clients' form)."""
    hosts = broker_url.removeprefix("kafka://")
    return ",".join(h.strip().removeprefix("kafka://") for h in hosts.replace(";", ",").split(","))


async def ensure_topics(bootstrap: str, partitions: int, replication: int) -> list[str]:
    """Create every missing TrendScope topic; return the names created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="trendscope-admin")
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(spec.name, num_partitions=partitions, replication_factor=replication)
            for spec in ALL_TOPICS
            if spec.name not in existing
        ]
        created = []
        for topic in missing:  # one by one: a concurrent creator is not an error
            try:
                await admin.create_topics([topic])
                created.append(topic.name)
            except TopicAlreadyExistsError:
                pass
        await _until_listed(admin, {spec.name for spec in ALL_TOPICS})
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
