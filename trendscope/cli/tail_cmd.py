"""``trendscope tail``: print a topic's records as JSON lines."""

from __future__ import annotations

import asyncio
import sys

import orjson
import typer
from aiokafka import AIOKafkaConsumer

from trendscope.cli.common import broker, settings_or_exit
from trendscope.kafka_admin import topic_partitions


def tail(
    topic: str = typer.Argument(..., help="topic to read"),
    limit: int | None = typer.Option(None, min=1, help="stop after N records"),
    from_beginning: bool = typer.Option(False, "--from-beginning", help="start at the oldest record"),
    idle_timeout: float | None = typer.Option(None, min=0.1, help="stop after T seconds without records"),
) -> None:
    """Print records of TOPIC as JSON lines: topic, partition, offset, key, timestamp, value."""
    settings = settings_or_exit()
    with broker(settings) as bootstrap:
        asyncio.run(_tail(bootstrap, topic, limit, from_beginning, idle_timeout))


async def _tail(bootstrap: str, topic: str, limit: int | None, from_beginning: bool,
                idle_timeout: float | None) -> None:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                                client_id="trendscope-tail")
    await consumer.start()
    try:
        tps = await topic_partitions(consumer, topic)
        if not tps:
            raise typer.Exit(_missing(topic))
        consumer.assign(tps)
        if from_beginning:
            await consumer.seek_to_beginning(*tps)
        else:
            await consumer.seek_to_end(*tps)
        printed = 0
        while limit is None or printed < limit:
            batch = await consumer.getmany(timeout_ms=int((idle_timeout or 3600) * 1000))
            if not batch:
                if idle_timeout is not None:
                    return
                continue
            for records in batch.values():
                for record in records:
                    sys.stdout.write(line(record) + "\n")
                    printed += 1
                    if limit is not None and printed >= limit:
                        break
            sys.stdout.flush()
    finally:
        await consumer.stop()


def line(record) -> str:
    """One record as a JSON line; a value that is not JSON is shown as a string."""
    try:
        value = orjson.loads(record.value) if record.value is not None else None
    except orjson.JSONDecodeError:
        value = record.value.decode("utf-8", errors="backslashreplace")
    key = record.key.decode("utf-8", errors="backslashreplace") if record.key else None
    return orjson.dumps({"topic": record.topic, "partition": record.partition,
                         "offset": record.offset, "key": key, "timestamp_ms": record.timestamp,
                         "value": value}).decode()


def _missing(topic: str) -> int:
    print(f"trendscope: no topic named {topic!r}", file=sys.stderr)
    return 2
