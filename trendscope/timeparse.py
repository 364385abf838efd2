"""Event times as users write them (ISO 8601 with a zone, or epoch seconds) and as we show them."""

from __future__ import annotations

from datetime import UTC, datetime


def parse_time(value: str) -> float:
    """Epoch seconds from ``value``; ValueError says what is wrong.

    >>> parse_time("2023-07-21T00:00:00Z"), parse_time("1689897600")
    (1689897600.0, 1689897600.0)
    """
    try:
        return float(value)
    except ValueError:
        pass
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"expected an ISO time or epoch seconds, got {value!r}") from None
    if parsed.tzinfo is None:
        raise ValueError(f"needs a time zone (e.g. 2023-07-21T00:00:00Z), got {value!r}")
    return parsed.timestamp()


def iso(ts: float) -> str:
    """UTC ISO 8601 with a Z.

    >>> iso(1689897600.0)
    '2023-07-21T00:00:00Z'
    """
    return datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z")
