"""Run the doctests of the pure modules (they pin real values)."""

import doctest
import importlib

import pytest

PURE_MODULES = [
    "trendscope.distinct",
    "trendscope.timeparse",
    "trendscope.partitioning",
    *(f"trendscope.mentions.{name}" for name in
      ("normalize", "aliases", "candidates", "disambiguation", "model", "evaluation", "enrich")),
]


@pytest.mark.parametrize("name", PURE_MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
