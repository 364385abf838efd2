"""Entry point: ``trendscope [--config FILE] COMMAND``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import orjson
import typer

from trendscope.cli import backtest_cmd, demo, extract_cmd, replay_cmd, store_cmd, tail_cmd
from trendscope.cli.common import fail, out, settings_or_exit
from trendscope.settings import CONFIG_ENV_VAR

cli = typer.Typer(help="TrendScope: real-time movie trends on Faust.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
config_cli = typer.Typer(help="Inspect the effective configuration.", no_args_is_help=True)
cli.add_typer(config_cli, name="config")
db_cli = typer.Typer(help="The store of final windows and predictions.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
db_cli.command("init")(store_cmd.db_init)


@cli.callback()
def main(
    config: Path | None = typer.Option(
        None, "--config", help="TOML settings file (default config/trendscope.toml)"),
) -> None:
    """Settings precedence: TRENDSCOPE_* environment > .env > TOML file > defaults."""
    if config is not None:
        if not config.is_file():
            raise fail(f"config file not found: {config}")
        os.environ[CONFIG_ENV_VAR] = str(config.resolve())  # inherited by worker processes


@config_cli.command("show")
def config_show() -> None:
    """Print the effective settings as JSON, secrets masked."""
    settings = settings_or_exit()
    out.print_json(orjson.dumps(settings.masked()).decode())


@cli.command()
def worker(
    loglevel: str = typer.Option("info", "--loglevel", "-l", help="debug|info|warn|error"),
) -> None:
    """Run a Faust worker (the same as ``faust -A trendscope.app worker``)."""
    settings_or_exit()
    args = [sys.executable, "-m", "faust", "-A", "trendscope.app", "worker", "-l", loglevel]
    os.execv(sys.executable, args)


cli.command("replay")(replay_cmd.replay)
cli.command("tail")(tail_cmd.tail)
cli.command("demo")(demo.demo)
cli.command("extract")(extract_cmd.extract)
cli.command("backtest")(backtest_cmd.backtest)
cli.command("top")(store_cmd.top)
cli.command("history")(store_cmd.history)
