"""What the commands share: settings with exit code 2 on errors, and a broker to talk to."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import typer
from rich.console import Console

from trendscope.broker.embedded import EmbeddedBroker
from trendscope.kafka_admin import bootstrap_servers
from trendscope.settings import Settings, SettingsError, load_settings

err = Console(stderr=True)
out = Console()


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        err.print(f"[red]trendscope:[/red] {exc}", highlight=False, markup=True)
        raise typer.Exit(2) from None


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]trendscope:[/red] {message}", highlight=False)
    return typer.Exit(code)


@contextlib.contextmanager
def broker(settings: Settings) -> Iterator[str]:
    """Bootstrap address of the configured broker, or of an embedded one for this command."""
    if settings.broker_url:
        yield bootstrap_servers(settings.broker_url)
        return
    embedded = EmbeddedBroker(settings.embedded_broker, settings.state_dir)
    try:
        url = embedded.start()
    except (RuntimeError, TimeoutError) as exc:
        raise fail(f"cannot start the embedded broker: {exc}", 1) from None
    try:
        yield bootstrap_servers(url)
    finally:
        embedded.stop()
