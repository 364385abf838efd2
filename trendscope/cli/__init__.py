"""The ``trendscope`` command line (typer)."""

from trendscope.cli.main import cli

__all__ = ["cli"]
