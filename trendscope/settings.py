"""One settings object: env `TRENDSCOPE_*` > `.env` > TOML file > defaults.

Nested keys use `__` in the environment (``TRENDSCOPE_SCORE__W1=0.5``) and tables in
TOML (``[score] w1 = 0.5``). A bad value raises :class:`SettingsError`, which names
the key and what is allowed; the CLI and the worker turn it into exit code 2.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, FilePath, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_CONFIG_FILE = Path("config/trendscope.toml")
CONFIG_ENV_VAR = "TRENDSCOPE_CONFIG"


class SettingsError(Exception):
    """Invalid configuration: the message names every bad key and what it allows."""


class WindowSettings(BaseModel):
    tumbling_seconds: int = Field(60, gt=0)
    hopping_size_seconds: int = Field(300, gt=0)
    hopping_step_seconds: int = Field(60, gt=0)
    allowed_lateness_seconds: int = Field(600, ge=0)
    retention_seconds: int = Field(7 * 24 * 3600, gt=0)
    idle_timeout_seconds: float = Field(
        60.0, gt=0, description="a source partition silent this long (processing time) leaves the watermark"
    )
    marker_every_events: int = Field(1000, ge=1, description="a source partition sends a watermark marker")
    marker_every_seconds: float = Field(1.0, gt=0, description="... or after this long, if it has news")
    batch_size: int = Field(2000, ge=1, description="mentions the window agent takes at a time")

    @model_validator(mode="after")
    def _step_divides_size(self) -> WindowSettings:
        if self.hopping_size_seconds % self.hopping_step_seconds:
            raise ValueError("hopping_size_seconds must be a multiple of hopping_step_seconds")
        return self


class ScoreSettings(BaseModel):
    """TrendScore weights; defaults are the seed's (w1 popularity, w2 mentions, w3 sentiment)."""

    w1: float = Field(0.4, ge=0)
    w2: float = Field(0.3, ge=0)
    w3: float = Field(0.3, ge=0)
    variant: str = Field("seed", pattern="^(seed|normalised)$")
    rating_min_votes: int = Field(3000, gt=0, description="m of the Bayesian weighted rating (IMDb seed)")
    baseline_windows: int = Field(10, ge=1, description="past windows in a movie's mention baseline")
    catalog_max_age_seconds: float = Field(
        2 * 24 * 3600, gt=0, description="a movie stays in the catalog this long after a list showed it"
    )


class TmdbSettings(BaseModel):
    api_key: SecretStr | None = None
    bearer_token: SecretStr | None = None
    base_url: str = "https://api.themoviedb.org/3"
    poll_interval_seconds: float = Field(300.0, gt=0)
    pages: int = Field(1, ge=1, le=500)
    max_requests_per_second: float = Field(40.0, gt=0)
    burst: int = Field(1, ge=1, description="token-bucket size: any 1 s sees <= rate + burst requests")
    request_timeout_seconds: float = Field(10.0, gt=0)


class RedditSettings(BaseModel):
    client_id: SecretStr | None = None
    client_secret: SecretStr | None = None
    user_agent: str = "trendscope/0.1 (by u/trendscope)"
    subreddits: list[str] = Field(default_factory=lambda: ["movies"], min_length=1)
    poll_interval_seconds: float = Field(5.0, gt=0)
    seen_ids_max: int = Field(10_000, ge=100, description="ids remembered across restarts (dedup)")
    author_mode: str = Field("drop", pattern="^(keep|hash|drop)$")
    author_salt: SecretStr | None = Field(None, description="HMAC key for author_mode = hash")

    @model_validator(mode="after")
    def _salt_for_hash(self) -> RedditSettings:
        if self.author_mode == "hash" and not (self.author_salt and self.author_salt.get_secret_value()):
            raise ValueError("author_mode = hash needs author_salt")
        return self


class StoreSettings(BaseModel):
    """Where final windows and predictions go: CQL when ``cql_hosts`` is set, else SQLite in state_dir."""

    cql_hosts: list[str] = Field(default_factory=list, description="host[:port]; empty = embedded SQLite")
    keyspace: str = Field("trendscope", pattern=r"^[A-Za-z][A-Za-z0-9_]{0,47}$")
    replication: dict[str, str | int] = Field(
        default_factory=lambda: {"class": "SimpleStrategy", "replication_factor": 1})
    ttl_seconds: int = Field(30 * 24 * 3600, ge=0, description="CQL default TTL; 0 = keep forever")
    batch_size: int = Field(500, ge=1)
    max_concurrency: int = Field(64, ge=1, description="CQL requests in flight per store")
    buffer_size: int = Field(10_000, ge=1, description="rows held while the store is down")
    retry_max_seconds: float = Field(30.0, gt=0, description="cap of the retry backoff")

    @model_validator(mode="after")
    def _replication_class(self) -> StoreSettings:
        if "class" not in self.replication:
            raise ValueError("replication needs a 'class' (SimpleStrategy or NetworkTopologyStrategy)")
        return self


class RocksDBSettings(BaseModel):
    """Memory bounds of every table's RocksDB (Faust opens one DB per table and partition; its
    defaults allow 3 x 64 MiB of memtables and a 2 GiB block cache each)."""

    write_buffer_mb: int = Field(8, ge=1)
    max_write_buffers: int = Field(2, ge=2)
    block_cache_mb: int = Field(16, ge=1)

    def options(self) -> dict[str, int]:
        """A fresh ``options`` dict for ``app.Table`` (Faust pops keys from the one it gets)."""
        return {"write_buffer_size": self.write_buffer_mb << 20,
                "max_write_buffer_number": self.max_write_buffers,
                "block_cache_size": self.block_cache_mb << 20}


class MentionSettings(BaseModel):
    """Movie-mention extraction in the worker."""

    catalog_file: FilePath | None = Field(None, description="JSONL of TMDB movies known before any poll")
    aliases_file: FilePath | None = Field(None, description="extra aliases (JSON or TSV: alias, movie id)")
    batch_size: int = Field(500, ge=1, description="comments taken from the stream at once")
    executor_threshold: int = Field(64, ge=1, description="batches this large run in a thread")
    rebuild_seconds: float = Field(30.0, gt=0, description="how often catalog changes are picked up")


class ForecastSettings(BaseModel):
    """The online forecast agent (``trendscope/agents/forecast.py``)."""

    enabled: bool = True
    window_kinds: list[str] = Field(default_factory=lambda: ["tumbling"], min_length=1,
                                    description="window kinds forecast: tumbling and/or hopping")
    models: list[str] = Field(default_factory=lambda: ["linear"], min_length=1,
                              description="River models: linear and/or bagged_trees")
    history_windows: int = Field(5, ge=3, le=50, description="final windows kept per movie (lags)")
    idle_windows: int = Field(1, ge=0, description="windows in a row without a result scored as 0 mentions")
    max_movies: int = Field(2000, ge=10, description="movies kept per partition and window kind (LRU)")
    max_state_bytes: int = Field(900_000, ge=10_000, description="compressed state per partition (changelog)")
    on_drift: str = Field("new", pattern="^(reset|new|ignore)$",
                          description="a model's error drift: reset it, race a new one, or only count")
    drift_delta: float = Field(0.002, gt=0, lt=1, description="ADWIN confidence")
    batch_size: int = Field(500, ge=1, description="results taken at a time (state written once per batch)")

    @field_validator("window_kinds")
    @classmethod
    def _kinds(cls, value: list[str]) -> list[str]:
        if bad := set(value) - {"tumbling", "hopping"}:
            raise ValueError(f"unknown window kinds {sorted(bad)}: use tumbling, hopping")
        return value

    @field_validator("models")
    @classmethod
    def _models(cls, value: list[str]) -> list[str]:
        if bad := set(value) - {"linear", "bagged_trees"}:
            raise ValueError(f"unknown models {sorted(bad)}: use linear, bagged_trees")
        return value


class Settings(BaseSettings):
    """Everything TrendScope reads from its environment."""

    model_config = SettingsConfigDict(
        env_prefix="TRENDSCOPE_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="forbid",
        validate_default=True,
    )

    app_id: str = Field("trendscope", pattern=r"^[A-Za-z0-9._-]+$")
    broker_url: str = Field("", description="kafka://host:port[;host:port]; empty = embedded broker")
    embedded_broker: str = Field("noida", pattern="^(noida|tansu)$")
    state_dir: Path = Path(".state")
    partitions: int = Field(4, ge=1, le=256)
    replication_factor: int = Field(1, ge=1)
    web_host: str = "127.0.0.1"
    web_port: int = Field(6066, ge=1, le=65535)
    dlq_payload_max_bytes: int = Field(4096, ge=64)
    log_level: str = Field("info", pattern="^(debug|info|warn|error|crit)$")
    windows: WindowSettings = WindowSettings()
    score: ScoreSettings = ScoreSettings()
    tmdb: TmdbSettings = TmdbSettings()
    reddit: RedditSettings = RedditSettings()
    mentions: MentionSettings = MentionSettings()
    store: StoreSettings = StoreSettings()
    rocksdb: RocksDBSettings = RocksDBSettings()
    forecast: ForecastSettings = ForecastSettings()

    @field_validator("broker_url")
    @classmethod
    def _broker_scheme(cls, value: str) -> str:
        value = value.strip()
        if value and not value.startswith("kafka://"):
            raise ValueError("must be empty (embedded broker) or start with kafka://")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = Path(os.environ.get(CONFIG_ENV_VAR) or DEFAULT_CONFIG_FILE)
        toml = TomlConfigSettingsSource(settings_cls, toml_file=toml_file)
        return (init_settings, env_settings, dotenv_settings, toml)

    def masked(self) -> dict[str, Any]:
        """Effective settings as plain data with every secret shown as ``**********``."""
        return self.model_dump(mode="json")


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Read and validate the settings; raise :class:`SettingsError` on any bad value."""
    if config_file is not None:
        if not config_file.is_file():
            raise SettingsError(f"config file not found: {config_file}")
        os.environ[CONFIG_ENV_VAR] = str(config_file)
    else:
        configured = os.environ.get(CONFIG_ENV_VAR)
        if configured and not Path(configured).is_file():
            raise SettingsError(f"{CONFIG_ENV_VAR} names a missing file: {configured}")
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise SettingsError(_describe(exc)) from None
    except (ValueError, OSError) as exc:  # unreadable TOML, bad .env
        raise SettingsError(f"cannot read configuration: {exc}") from None


def _describe(exc: ValidationError) -> str:
    lines = ["invalid configuration:"]
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "(root)"
        env = "TRENDSCOPE_" + "__".join(str(p) for p in error["loc"]).upper()
        lines.append(f"  {key} ({env}): {error['msg']} (got {error.get('input')!r})")
    return "\n".join(lines)
