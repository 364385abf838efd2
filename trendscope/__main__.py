"""``python -m trendscope`` = the ``trendscope`` command."""

from trendscope.cli import cli

cli()
