"""Forecast state: one versioned, compressed pickle of River models, metrics and movie
histories per ``trendscope.trends`` partition (``trendscope.forecast.online``), keyed
``p<partition>`` and written under an event of that partition, so its changelog record
lands in the partition it belongs to and is restored with it."""

from __future__ import annotations

from trendscope.app import app, settings

forecast_state = app.Table("forecast_state", key_type=str, value_type=bytes,  # bytes: "raw" codec
                           partitions=settings.partitions,
                           help="Pickled forecasters (River models, metrics, histories) per partition")
