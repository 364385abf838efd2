"""The doctests pinned in the pure mention modules."""

import doctest
import importlib

import pytest

MODULES = ["normalize", "aliases", "candidates", "disambiguation", "model", "evaluation"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(f"trendscope.mentions.{name}"))
    assert result.attempted > 0
    assert result.failed == 0
