"""Doctests of the pure window and scoring modules (they pin real values)."""

import doctest
import importlib

import pytest

MODULES = [
    "trendscope.windows.ranges",
    "trendscope.windows.aggregate",
    "trendscope.windows.watermark",
    "trendscope.windows.finality",
    "trendscope.scoring.trendscore",
    "trendscope.scoring.momentum",
    "trendscope.scoring.rating",
    "trendscope.scoring.asof",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("name", MODULES)
def test_pure_modules_do_not_import_faust(name):
    import subprocess
    import sys

    code = f"import sys, {name}; print('faust' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        == "False\n"
    )
