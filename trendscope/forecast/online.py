"""One partition's online forecasts (pure): final WindowResults in, Prediction and drift records out.

For each configured window kind and each target (``score``, ``mentions``) a
:class:`~trendscope.forecast.models.Forecaster` sees the partition's final results in
order. Each forecast is sent as one :class:`Prediction` per model and baseline
(``actual``/``error`` empty), and again with ``actual`` and ``error = predicted - actual``
once its target window is final (or filled: no result came, so 0 mentions). The store's
prediction key has no target, so ``model`` is ``"<target>.<name>"`` (``score.linear``,
``mentions.persistence``). ADWIN drifts become :class:`ForecastDrift` records on the same
topic. The whole state pickles (zlib) into one bounded, versioned blob per partition.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterator
from typing import Any

from trendscope.forecast.features import Point, features_hash
from trendscope.forecast.models import Forecast, Forecaster, Outcome, Step
from trendscope.models import ForecastDrift, Prediction, WindowResult
from trendscope.settings import ForecastSettings, ScoreSettings, WindowSettings

TARGETS = ("score", "mentions")
STATE_VERSION = 1
Record = Prediction | ForecastDrift


def window_step(kind: str, windows: WindowSettings) -> float:
    """Seconds between consecutive windows of ``kind``."""
    return float(windows.tumbling_seconds if kind == "tumbling" else windows.hopping_step_seconds)


class PartitionForecasts:
    """The forecasters of one partition: ``(window kind, target) -> Forecaster``."""

    def __init__(self, settings: ForecastSettings, windows: WindowSettings, score: ScoreSettings) -> None:
        self.score = score
        self.forecasters = {
            (kind, target): Forecaster(target, window_step(kind, windows), tuple(settings.models),
                                       settings.history_windows, settings.on_drift, settings.max_movies,
                                       settings.idle_windows, settings.drift_delta)
            for kind in settings.window_kinds for target in TARGETS}
        self.evicted = 0

    def observe(self, result: WindowResult) -> list[Record]:
        """Records caused by one result (none if it is not final or its kind is not forecast)."""
        if not result.final:
            return []
        point = Point.from_result(result, None, self.score)
        out: list[Record] = []
        for (kind, target), forecaster in self.forecasters.items():
            if kind == result.window_kind:
                out.extend(_records(kind, target, forecaster.observe(result.movie_id, point)))
        return out

    def maes(self) -> dict[str, tuple[float, int]]:
        """``"<kind>.<target>.<name>" -> (MAE, n)`` for every model and baseline with n > 0."""
        return {f"{kind}.{target}.{name}": (s.mae.get(), s.n)
                for (kind, target), fc in self.forecasters.items()
                for name, s in fc.scores.items() if s.n}

    def dumps(self, limit: int) -> bytes:
        """The versioned, compressed state, at most ``limit`` bytes: while it is larger, the
        least recently seen quarter of each forecaster's movies is dropped (``evicted``)."""
        while True:
            data = zlib.compress(pickle.dumps({"version": STATE_VERSION, "state": self}, protocol=5), 1)
            if len(data) <= limit or not any(fc.movies for fc in self.forecasters.values()):
                return data
            for fc in self.forecasters.values():
                for _ in range(max(len(fc.movies) // 4, 1) if fc.movies else 0):
                    fc.movies.popitem(last=False)
                    self.evicted += 1

    @classmethod
    def loads(cls, data: bytes, settings: ForecastSettings, windows: WindowSettings,
              score: ScoreSettings) -> PartitionForecasts:
        """State written by :meth:`dumps` under the same settings; ValueError otherwise."""
        try:
            blob = pickle.loads(zlib.decompress(data))
        except Exception as exc:
            raise ValueError(f"unreadable forecast state: {exc}") from None
        if not isinstance(blob, dict) or blob.get("version") != STATE_VERSION:
            raise ValueError(f"forecast state version {blob.get('version')!r}, expected {STATE_VERSION}")
        state: PartitionForecasts = blob["state"]
        fresh = cls(settings, windows, score)
        if _shape(state) != _shape(fresh):
            raise ValueError("forecast state was written under other forecast settings")
        state.score = score
        return state


def combined_maes(states: list[PartitionForecasts]) -> dict[str, float]:
    """MAE per label over several partitions (weighted by their number of predictions)."""
    totals: dict[str, list[float]] = {}
    for state in states:
        for label, (mae, n) in state.maes().items():
            total = totals.setdefault(label, [0.0, 0])
            total[0] += mae * n
            total[1] += n
    return {label: s / n for label, (s, n) in totals.items() if n}


def _shape(state: PartitionForecasts) -> dict[Any, Any]:
    return {key: (fc.step, fc.k, tuple(fc.models)) for key, fc in state.forecasters.items()}


def _records(kind: str, target: str, step: Step) -> Iterator[Record]:
    for outcome in step.outcomes:
        yield from _predictions(kind, target, outcome.forecast, outcome)
    for forecast in step.forecasts:
        yield from _predictions(kind, target, forecast, None)
    for drift in step.drifts:
        yield ForecastDrift(model=f"{target}.{drift.model}", signal=drift.signal, window_kind=kind,
                            event_time=drift.time, model_version=drift.version)


def _predictions(kind: str, target: str, forecast: Forecast, outcome: Outcome | None) -> Iterator[Prediction]:
    digest = features_hash(forecast.features.x)
    for name, predicted in forecast.predicted.items():
        yield Prediction(
            movie_id=int(forecast.key), window_kind=kind, target_window_start=forecast.target_time,
            target=target, predicted=predicted, model=f"{target}.{name}",
            model_version=forecast.versions.get(name, 1), features_hash=digest,
            actual=None if outcome is None else outcome.actual,
            error=None if outcome is None else predicted - outcome.actual,
        )
