"""A dependency-free Kafka Metadata request, to tell when a broker really answers."""

from __future__ import annotations

import socket
import struct
import time

_METADATA_API_KEY = 3
_CLIENT_ID = b"trendscope-probe"


def metadata_request(correlation_id: int) -> bytes:
    """Encode a Metadata v0 request for all topics (an empty topic array)."""
    header = struct.pack(">hhih", _METADATA_API_KEY, 0, correlation_id, len(_CLIENT_ID))
    body = header + _CLIENT_ID + struct.pack(">i", 0)
    return struct.pack(">i", len(body)) + body


def answers_metadata(host: str, port: int, timeout: float = 1.0) -> bool:
    """True when a Kafka broker at host:port answers a Metadata request."""
    correlation_id = int(time.monotonic_ns() & 0x7FFFFFFF)
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            sock.sendall(metadata_request(correlation_id))
            head = _read_exactly(sock, 8)
    except OSError:
        return False
    if head is None:
        return False
    size, got_id = struct.unpack(">ii", head)
    return size >= 4 and got_id == correlation_id


def wait_for_metadata(host: str, port: int, timeout: float) -> float:
    """Block until the broker answers; return seconds waited or raise TimeoutError."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if answers_metadata(host, port):
            return time.monotonic() - started
        time.sleep(0.05)
    raise TimeoutError(f"no Kafka Metadata answer from {host}:{port} within {timeout:.0f}s")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free on ``host`` a moment ago."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _read_exactly(sock: socket.socket, n: int) -> bytes | None:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data
