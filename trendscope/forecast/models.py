"""Online next-window forecasters, baselines, progressive metrics, drift, and pickled state.

A :class:`Forecaster` serves one target (``score``, ``mentions`` or ``popularity``). For
each movie key it keeps a bounded :class:`History` and at most one pending forecast. When
the movie's window t becomes final (:meth:`Forecaster.observe`): first the forecast made at
the end of t-1 for t is scored and learnt from (``learn(features_of_t-1, actual_t)``), then
t joins the history and the forecast for t+1 is made from features of windows <= t only.
Predicted log changes are clipped to the range learnt so far (see ``_Learner``).

Models predict ``log1p(next) - log1p(last)`` (the notes: 0.77x persistence for linear, raw
values 3.5x worse). ADWIN watches each model's absolute error in log space; on a drift the
model is reset (``reset``), raced by a fresh challenger that takes over once it is better
(``new``), or left alone (``ignore``); drifts are counted either way.

>>> fc = Forecaster("mentions", step=60.0)
>>> for minute, n in enumerate([4, 4, 4, 4]):
...     step = fc.observe(7, Point(time=60.0 * minute, mentions=n))
>>> step.outcomes[0].actual, step.outcomes[0].predicted["persistence"], step.forecasts[0].target_time
(4.0, 4.0, 240.0)
>>> fc.report()["baselines"]["persistence"]["mae"], fc.report()["models"]["linear"]["n"]
(0.0, 3)

A movie without a result in a window once the clock passed it had no mentions there:

>>> fc = Forecaster("mentions", step=60.0, idle_windows=2)
>>> _ = fc.observe(1, Point(time=0.0, mentions=3)), fc.observe(2, Point(time=0.0, mentions=1))
>>> step = fc.observe(2, Point(time=300.0, mentions=1))  # both movies: 60 and 120 filled, then expired
>>> [(o.forecast.key, o.forecast.target_time, o.actual, o.filled) for o in step.outcomes]
[(1, 60.0, 0.0, True), (1, 120.0, 0.0, True), (2, 60.0, 0.0, True), (2, 120.0, 0.0, True)]
"""

from __future__ import annotations

import math
import pickle
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from river import drift, ensemble, linear_model, metrics, optim, preprocessing, tree
from river.base import Regressor

from trendscope.forecast.features import Features, History, Point, features

STATE_VERSION = 2
DRIFT_POLICIES = ("reset", "new", "ignore")


def linear() -> Regressor:
    """Standard scaling + SGD linear regression: 0.79x persistence on TMDB daily, ~15k/s (the default)."""
    return preprocessing.StandardScaler() | linear_model.LinearRegression(
        optimizer=optim.SGD(0.003), intercept_lr=0.003, l2=0.001
    )


def bagged_trees(seed: int = 42) -> Regressor:
    """Standard scaling + 10 bagged Hoeffding trees (5 MB each): 0.64x persistence on TMDB daily, ~500/s."""
    return preprocessing.StandardScaler() | ensemble.BaggingRegressor(
        tree.HoeffdingTreeRegressor(grace_period=50, max_size=5.0), n_models=10, seed=seed
    )


BUILDERS = {"linear": linear, "bagged_trees": bagged_trees}


class Scores:
    """Progressive MAE, RMSE, R2 and MAPE (percent, only over non-zero actuals) of one predictor."""

    def __init__(self) -> None:
        self.mae, self.rmse, self.r2, self.mape = metrics.MAE(), metrics.RMSE(), metrics.R2(), metrics.MAPE()
        self.n = self.n_mape = 0

    def update(self, actual: float, predicted: float) -> None:
        self.n += 1
        self.mae.update(actual, predicted)
        self.rmse.update(actual, predicted)
        self.r2.update(actual, predicted)
        if actual != 0:
            self.n_mape += 1
            self.mape.update(actual, predicted)

    def as_dict(self) -> dict[str, float | int | None]:
        mape = self.mape.get() if self.n_mape else None
        return {"mae": self.mae.get(), "rmse": self.rmse.get(), "r2": self.r2.get(),
                "mape": mape, "n": self.n}


def persistence(f: Features) -> float:
    """Next = last."""
    return f.last


def moving_average(f: Features) -> float:
    """Next = mean of the last 3 known values."""
    return f.mean3


BASELINES = {"persistence": persistence, "moving_average": moving_average}


def is_baseline(model: str) -> bool:
    """Whether a model name, bare or as stored (``<target>.<name>``), names a baseline.

    >>> is_baseline("score.persistence"), is_baseline("mentions.linear"), is_baseline("moving_average")
    (True, False, True)
    """
    return model.rpartition(".")[2] in BASELINES


class _Learner:
    """A regressor on the log change, with its running log error (for the ``new`` race).

    Predicted changes are clipped to the range of changes it has learnt: a linear model
    (or a tree's linear leaves) extrapolating on an unseen feature region otherwise gave
    changes up to the old +-20 cap, i.e. predictions of ``e**20`` mentions (MAE 4.7 million
    on the real comments' sparse windows).
    """

    def __init__(self, regressor: Regressor) -> None:
        self.regressor, self.error, self.n = regressor, 0.0, 0
        self.lo = self.hi = 0.0

    def predict(self, f: Features) -> float:
        change = min(max(self.regressor.predict_one(f.x), self.lo), self.hi)
        return max(math.expm1(math.log1p(max(f.last, 0.0)) + change), 0.0)

    def learn(self, f: Features, actual: float, predicted: float) -> float:
        """Learn the log change; the absolute log error of ``predicted`` is returned."""
        change = math.log1p(max(actual, 0.0)) - math.log1p(max(f.last, 0.0))
        self.regressor.learn_one(f.x, change)
        self.lo, self.hi = min(self.lo, change), max(self.hi, change)
        err = abs(math.log1p(max(actual, 0.0)) - math.log1p(predicted))
        self.n += 1
        self.error += (err - self.error) / min(self.n, 100)
        return err


class LogChangeModel:
    """An online regressor of ``log1p(next) - log1p(last)`` with ADWIN drift handling."""

    def __init__(self, regressor: Regressor, on_drift: str = "new", delta: float = 0.002,
                 race: int = 100) -> None:
        if on_drift not in DRIFT_POLICIES:
            raise ValueError(f"on_drift must be one of {DRIFT_POLICIES}, not {on_drift!r}")
        self.on_drift, self.delta, self.race = on_drift, delta, race
        self.live, self.challenger = _Learner(regressor), None
        self.adwin = drift.ADWIN(delta=delta)
        self.version, self.drifts = 1, 0

    def predict(self, f: Features) -> float:
        return self.live.predict(f)

    def learn(self, f: Features, actual: float, predicted: float) -> bool:
        """Learn from the pair only once ``actual`` (window t+1) is final; True on a drift."""
        err = self.live.learn(f, actual, predicted)
        if self.challenger is not None:
            self.challenger.learn(f, actual, self.challenger.predict(f))
            if self.challenger.n >= self.race and self.challenger.error < self.live.error:
                self.live, self.challenger, self.version = self.challenger, None, self.version + 1
        self.adwin.update(err)
        if not self.adwin.drift_detected:
            return False
        self.drifts += 1
        if self.on_drift == "reset":
            self.live, self.version = _Learner(self.live.regressor.clone()), self.version + 1
            self.adwin = drift.ADWIN(delta=self.delta)
        elif self.on_drift == "new":
            self.challenger = _Learner(self.live.regressor.clone())
        return True


@dataclass(frozen=True, slots=True)
class Forecast:
    """Predictions for ``key``'s window starting at ``target_time``, from ``features``."""

    key: Hashable
    target_time: float
    features: Features
    predicted: dict[str, float]
    versions: dict[str, int]


@dataclass(frozen=True, slots=True)
class Outcome:
    """A forecast scored against the actual value of its (now final) target window;
    ``filled``: no result came for that window, the movie had no mentions in it."""

    forecast: Forecast
    actual: float
    filled: bool = False

    @property
    def predicted(self) -> dict[str, float]:
        return self.forecast.predicted


@dataclass(frozen=True, slots=True)
class Drift:
    """ADWIN fired: on a model's absolute log error (``abs_error``) or on the mention rate."""

    model: str
    signal: str
    time: float
    version: int


@dataclass(slots=True)
class Step:
    """What one observation produced: scored forecasts, new forecasts, drifts."""

    outcomes: list[Outcome] = field(default_factory=list)
    forecasts: list[Forecast] = field(default_factory=list)
    drifts: list[Drift] = field(default_factory=list)


class Forecaster:
    """Per-movie histories and pending forecasts for one ``target``; models, baselines, metrics.

    ``step`` is the window step in seconds (86400 for daily). Points must come in time order
    (across keys: the clock is the newest time seen). Once the clock passes a pending
    forecast's target window and no point came for it, the movie was not mentioned there:
    with ``idle_windows > 0`` the window is filled (:meth:`Point.idle`, 0 mentions) and
    scored, for up to ``idle_windows`` windows in a row after its last real one; otherwise
    (or after that) the forecast expires. At most ``max_movies`` keys are kept (least
    recently seen dropped first).
    """

    def __init__(self, target: str, step: float, models: tuple[str, ...] = ("linear",), k: int = 5,
                 on_drift: str = "new", max_movies: int = 100_000, idle_windows: int = 0,
                 delta: float = 0.002) -> None:
        self.target, self.step, self.k, self.max_movies = target, step, k, max_movies
        self.idle_windows = idle_windows
        self.models = {name: LogChangeModel(BUILDERS[name](), on_drift, delta) for name in models}
        self.scores = {name: Scores() for name in (*self.models, *BASELINES)}
        self.movies: OrderedDict[Hashable, tuple[History, Forecast | None]] = OrderedDict()
        self.rate = drift.ADWIN(delta=delta)
        self.clock = -math.inf
        self.expired = self.stale = self.filled = self.rate_drifts = 0

    def observe(self, key: Hashable, point: Point) -> Step:
        """Window ``point`` of ``key`` is final: windows before it that got no point are
        filled (or expire), the pending forecast is scored+learnt, then the next is made."""
        step = Step()
        if point.time > self.clock:
            self.clock = point.time
            self._fill(step)
        history, pending = self.movies.pop(key, None) or (History(self.k), None)
        if history.points and point.time <= history.points[-1].time:
            self.stale += 1
            self.movies[key] = (history, pending)
            return step
        self._push(key, history, pending, point, step)
        if len(self.movies) > self.max_movies:
            self.movies.popitem(last=False)
        if point.mentions is not None:  # the movies' mention rate (log1p of each final window's count)
            self.rate.update(math.log1p(max(point.mentions, 0.0)))
            if self.rate.drift_detected:
                self.rate_drifts += 1
                step.drifts.append(Drift("mentions", "mention_rate", point.time, 0))
        return step

    def _fill(self, step: Step) -> None:
        """Score every pending forecast whose target window is behind the clock."""
        for key in [k for k, (_, f) in self.movies.items() if f is not None and f.target_time < self.clock]:
            history, pending = self.movies[key]
            while pending is not None and pending.target_time < self.clock:
                if self.idle_windows <= 0:
                    self.expired += 1
                    pending = None
                    break
                self.filled += 1
                pending = self._push(key, history, pending, history.points[-1].idle(pending.target_time),
                                     step)
            self.movies[key] = (history, pending)

    def _push(self, key: Hashable, history: History, pending: Forecast | None, point: Point,
              step: Step) -> Forecast | None:
        actual = getattr(point, self.target)
        if pending is not None:
            if pending.target_time == point.time and actual is not None:
                outcome = Outcome(pending, float(actual), point.filled > 0)
                self._learn(outcome, step)
                step.outcomes.append(outcome)
            else:
                self.expired += 1
        history.push(point)
        forecast = None
        if actual is not None and (point.filled == 0 or point.filled < self.idle_windows):
            f = features(history, self.target)
            predicted = {name: model.predict(f) for name, model in self.models.items()}
            predicted |= {name: baseline(f) for name, baseline in BASELINES.items()}
            versions = {name: model.version for name, model in self.models.items()}
            forecast = Forecast(key, point.time + self.step, f, predicted, versions)
            step.forecasts.append(forecast)
        self.movies[key] = (history, forecast)
        return forecast

    def _learn(self, outcome: Outcome, step: Step) -> None:
        f, actual = outcome.forecast.features, outcome.actual
        for name, predicted in outcome.predicted.items():
            self.scores[name].update(actual, predicted)
            model = self.models.get(name)
            if model is not None and model.learn(f, actual, predicted):
                step.drifts.append(Drift(name, "abs_error", outcome.forecast.target_time, model.version))

    def report(self) -> dict[str, Any]:
        """The backtest JSON: metrics per model and baseline, MAE ratio of each model to persistence."""
        models = {name: self.scores[name].as_dict() | {"version": m.version, "drifts": m.drifts}
                  for name, m in self.models.items()}
        base = self.scores["persistence"].mae.get()
        return {
            "target": self.target,
            "models": models,
            "baselines": {name: self.scores[name].as_dict() for name in BASELINES},
            "mae_ratio_vs_persistence": {n: (s["mae"] / base if base else None) for n, s in models.items()},
            "expired": self.expired,
            "filled": self.filled,
            "mention_rate_drifts": self.rate_drifts,
        }


def dumps(forecaster: Forecaster) -> bytes:
    """Pickled state with its version (histories, pending forecasts, models, metrics)."""
    return pickle.dumps({"version": STATE_VERSION, "forecaster": forecaster}, protocol=5)


def loads(data: bytes) -> Forecaster:
    """The state :func:`dumps` wrote; a different version raises ValueError."""
    state = pickle.loads(data)
    if state.get("version") != STATE_VERSION:
        raise ValueError(f"forecast state version {state.get('version')!r}, expected {STATE_VERSION}")
    return state["forecaster"]
