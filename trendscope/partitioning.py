"""Which partition a key lands in: murmur2 of the key bytes, as aiokafka's (and Java's)
default partitioner places keyed records."""

from __future__ import annotations

from aiokafka.partitioner import murmur2


def partition_for(key: str, partitions: int) -> int:
    """Partition of ``key`` (a movie id as decimal text) among ``partitions``.

    >>> [partition_for(str(movie_id), 4) for movie_id in (550, 872585, 346698)]
    [0, 0, 2]
    """
    return (murmur2(key.encode()) & 0x7FFFFFFF) % partitions
