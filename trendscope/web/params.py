"""Query parameters of the trends/movies/predictions API, parsed and validated (pure).

Every function raises :class:`~trendscope.web.table_pages.BadQuery` (the views answer 400 with
its message) and never touches the store. Windows are named by their length (``1m``, ``5m``,
derived from the settings) or by their kind (``tumbling``, ``hopping``, as stored).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from trendscope.timeparse import parse_time
from trendscope.web.table_pages import MAX_LIMIT, BadQuery
from trendscope.windows.ranges import WindowSpec

DEFAULT_WINDOW = "5m"
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def window_label(spec: WindowSpec) -> str:
    """A window's name by its length: ``1m``, ``5m``, ``90s``.

    >>> window_label(WindowSpec("hopping", 300, 60)), window_label(WindowSpec("tumbling", 90, 90))
    ('5m', '90s')
    """
    return f"{spec.size // 60}m" if spec.size % 60 == 0 else f"{spec.size}s"


def window_names(specs: Iterable[WindowSpec]) -> dict[str, str]:
    """Accepted ``window=`` values -> stored window kind (labels first, then the kinds)."""
    specs = list(specs)
    return {**{window_label(s): s.kind for s in specs}, **{s.kind: s.kind for s in specs}}


@dataclass(frozen=True, slots=True)
class TopQuery:
    kind: str
    at: float | None  # None: the latest final window
    limit: int
    provisional: bool


@dataclass(frozen=True, slots=True)
class HistoryQuery:
    kind: str
    from_: float | None
    to: float | None
    limit: int


@dataclass(frozen=True, slots=True)
class PredictionsQuery:
    movie_id: int | None
    limit: int


def parse_top(query: Mapping[str, str], windows: Mapping[str, str]) -> TopQuery:
    """``?window=5m&at=latest|TIME&limit=20&provisional=false``."""
    _only(query, {"window", "at", "limit", "provisional"})
    at = query.get("at", "latest")
    return TopQuery(parse_window(query.get("window"), windows),
                    None if at == "latest" else parse_time_param("at", at),
                    parse_limit(query.get("limit"), 20), parse_bool("provisional", query.get("provisional")))


def parse_history(query: Mapping[str, str], windows: Mapping[str, str]) -> HistoryQuery:
    """``?window=5m&from=TIME&to=TIME&limit=N``: windows with ``from <= start < to``."""
    _only(query, {"window", "from", "to", "limit"})
    from_ = parse_time_param("from", query.get("from"))
    to = parse_time_param("to", query.get("to"))
    if from_ is not None and to is not None and from_ >= to:
        raise BadQuery("from must be before to")
    return HistoryQuery(parse_window(query.get("window"), windows), from_, to,
                        parse_limit(query.get("limit"), 100))


def parse_predictions(query: Mapping[str, str]) -> PredictionsQuery:
    """``?movie_id=N&limit=N``."""
    _only(query, {"movie_id", "limit"})
    movie = query.get("movie_id")
    return PredictionsQuery(None if movie in (None, "") else parse_movie_id(movie),
                            parse_limit(query.get("limit"), 100))


def parse_movie(query: Mapping[str, str]) -> int:
    """``?limit=N``: the number of last windows of each kind (default 20)."""
    _only(query, {"limit"})
    return parse_limit(query.get("limit"), 20)


def parse_window(value: str | None, windows: Mapping[str, str]) -> str:
    name = DEFAULT_WINDOW if value is None else value
    if name not in windows:
        raise BadQuery(f"window must be one of {', '.join(windows)}, got {name!r}")
    return windows[name]


def parse_limit(value: str | None, default: int) -> int:
    if value is None:
        return default
    try:
        limit = int(value)
    except ValueError:
        raise BadQuery(f"limit must be an integer, got {value!r}") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise BadQuery(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    return limit


def parse_time_param(name: str, value: str | None) -> float | None:
    if value is None or value == "":
        return None
    try:
        return parse_time(value)
    except ValueError as exc:
        raise BadQuery(f"{name}: {exc}") from None


def parse_movie_id(value: str) -> int:
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise BadQuery(f"movie id must be a positive integer, got {value!r}")
    return int(value)


def parse_bool(name: str, value: str | None) -> bool:
    if value is None:
        return False
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise BadQuery(f"{name} must be true or false, got {value!r}")


def _only(query: Mapping[str, str], allowed: set[str]) -> None:
    unknown = sorted(set(query) - allowed)
    if unknown:
        raise BadQuery(f"unknown parameter {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")
    repeated = [k for k in allowed if len(_all(query, k)) > 1]
    if repeated:
        raise BadQuery(f"parameter {repeated[0]!r} given more than once")


def _all(query: Mapping[str, str], key: str) -> list[str]:
    getall = getattr(query, "getall", None)  # aiohttp's MultiDict keeps repeated keys
    return list(getall(key, [])) if getall else ([query[key]] if key in query else [])
