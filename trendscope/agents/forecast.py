"""Final WindowResults -> next-window forecasts, scores and drift events on ``trendscope.predictions``.

Thin wiring of ``trendscope.forecast.online.PartitionForecasts`` (its docstring gives the
records), one per ``trendscope.trends`` partition, restored from ``forecast_state`` the
first time the partition is seen. Results are taken in batches; the records of a batch
are sent, then each touched partition's state is written once (under its last event)
before the batch is acknowledged: a crash replays the batch from the stored state, and
results a restored state has already seen are skipped (stale), so learning never repeats.
"""

from __future__ import annotations

import logging

from faust import StreamT
from faust.types import TP, EventT

from trendscope.app import app, settings
from trendscope.channels import predictions, trends
from trendscope.forecast.online import PartitionForecasts, combined_maes
from trendscope.metrics import DRIFT, MODEL_MAE
from trendscope.models import ForecastDrift, Prediction, WindowResult
from trendscope.tables.batching import processing
from trendscope.tables.forecast import forecast_state
from trendscope.topics import TRENDS

log = logging.getLogger(__name__)
config = settings.forecast
_states: dict[int, PartitionForecasts] = {}


def _state(partition: int) -> PartitionForecasts:
    """The forecasts of ``partition``: restored from the table, or new (logged) if none fits."""
    found = _states.get(partition)
    if found is None:
        data = forecast_state.get(f"p{partition}")
        if data is not None:
            try:
                found = PartitionForecasts.loads(data, config, settings.windows, settings.score)
            except ValueError as exc:
                log.warning("forecast state of partition %d discarded: %s", partition, exc)
        found = found or PartitionForecasts(config, settings.windows, settings.score)
        _states[partition] = found
    return found


@app.on_partitions_revoked.connect
async def forget_revoked(sender: object, revoked: set[TP], **_: object) -> None:
    """A revoked partition's state is restored from the table if it comes back."""
    for tp in revoked:
        if tp.topic == TRENDS.name:
            _states.pop(tp.partition, None)


async def _send(record: Prediction | ForecastDrift, kind: str) -> None:
    if isinstance(record, Prediction):
        await predictions.send(key=str(record.movie_id), value=record)
    else:
        DRIFT.labels(model=f"{kind}.{record.model}", signal=record.signal).inc()
        await predictions.send(key=f"drift:{kind}.{record.model}", value=record)


if config.enabled:
    @app.agent(trends)
    async def forecast_windows(stream: StreamT[WindowResult]) -> None:
        async for events in stream.take_events(config.batch_size, within=0.5):
            last: dict[int, EventT] = {}
            for event in events:
                partition = event.message.partition
                result: WindowResult = event.value
                for record in _state(partition).observe(result):
                    await _send(record, result.window_kind)
                last[partition] = event
            for partition, event in last.items():  # stored before the batch is acknowledged
                with processing(event):
                    forecast_state[f"p{partition}"] = _states[partition].dumps(config.max_state_bytes)
            for label, mae in combined_maes(list(_states.values())).items():
                MODEL_MAE.labels(model=label).set(mae)
