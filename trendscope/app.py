"""The Faust app: ``faust -A trendscope.app worker -l info`` runs a TrendScope worker.

Settings are read once at import (exit code 2 on a bad value). With no broker URL the
embedded broker is started for this process and stopped when it exits.
"""

from __future__ import annotations

import sys

import faust

from trendscope.broker.embedded import EmbeddedBroker
from trendscope.settings import Settings, SettingsError, load_settings


def _load() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        print(f"trendscope: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def broker_url(settings: Settings) -> str:
    """The configured broker, or the URL of an embedded broker started for this process."""
    if settings.broker_url:
        return settings.broker_url
    return EmbeddedBroker(settings.embedded_broker, settings.state_dir).start()


def create_app(settings: Settings) -> faust.App:
    """A Faust app configured from ``settings`` (agents are attached by importing them)."""
    return faust.App(
        settings.app_id,
        broker=broker_url(settings),
        store="rocksdb://",
        datadir=str(settings.state_dir / "faust"),
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication_factor,
        web_bind=settings.web_host,
        web_host=settings.web_host,
        web_port=settings.web_port,
        # Faster group join and failure detection than Faust's 60 s / 3 s defaults.
        broker_session_timeout=10,
        broker_heartbeat_interval=1,
        consumer_auto_offset_reset="earliest",
        processing_guarantee="at_least_once",
        table_standby_replicas=0,
        stream_buffer_maxsize=8192,
        autodiscover=False,
    )


settings = _load()
app = create_app(settings)

# Importing these modules registers the agents, tables and web views on ``app``.
from trendscope import agents, web  # noqa: E402,F401
