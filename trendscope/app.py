"""The Faust app: ``faust -A trendscope.app worker -l info`` runs a TrendScope worker.

Settings are read once at import (exit code 2 on a bad value). With no broker URL the
embedded broker is started for this process and stopped when it exits.
"""

from __future__ import annotations

import sys
from typing import Any

import faust

from trendscope.broker import long_poll
from trendscope.broker.embedded import EmbeddedBroker, running_kind
from trendscope.kafka_admin import bootstrap_servers, ensure_topics
from trendscope.settings import Settings, SettingsError, load_settings


def _load() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        print(f"trendscope: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def broker_url(settings: Settings) -> str:
    """The configured broker, or the URL of an embedded broker started for this process."""
    url = settings.broker_url or EmbeddedBroker(settings.embedded_broker, settings.state_dir).start()
    if running_kind(settings.state_dir, url) == "noida":
        long_poll.install()  # noida answers empty fetches at once: don't spin
    return url


class TrendScopeApp(faust.App):
    """Faust app that creates TrendScope's topics before its consumer subscribes.

    Faust declares internal topics while subscribing; on a real Kafka cluster the new
    topics are not yet in the consumer's metadata then, so the first assignment misses
    them until the next metadata refresh (minutes). Creating them first avoids that.
    """

    trendscope_settings: Settings

    def Table(self, name: str, **kwargs: Any) -> faust.types.TableT:
        """A table with the RocksDB memory bounds of the settings (unless ``options`` is given)."""
        kwargs.setdefault("options", self.trendscope_settings.rocksdb.options())
        return super().Table(name, **kwargs)

    def GlobalTable(self, name: str, **kwargs: Any) -> faust.types.TableT:
        kwargs.setdefault("options", self.trendscope_settings.rocksdb.options())
        return super().GlobalTable(name, **kwargs)

    async def on_first_start(self) -> None:
        await super().on_first_start()
        conf = self.trendscope_settings
        brokers = ";".join(str(url) for url in self.conf.broker)
        await ensure_topics(bootstrap_servers(brokers), conf.partitions, conf.replication_factor)


def create_app(settings: Settings) -> TrendScopeApp:
    """A Faust app configured from ``settings`` (agents are attached by importing them)."""
    app = TrendScopeApp(
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
    app.trendscope_settings = settings
    return app


settings = _load()
app = create_app(settings)

# Importing these modules registers the agents, tables and web views on ``app``.
from trendscope.agents import comments, forecast, movies, sink, sources, windows  # noqa: E402,F401
from trendscope.web import views  # noqa: E402,F401
