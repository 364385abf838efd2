"""The hand-labelled mention dev set (tests/data/mentions) joined with the real comments."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import REPO, SHARED_DATA
from trendscope.mentions.aliases import MANUAL_ALIASES, load_aliases

DATA = REPO / "tests" / "data" / "mentions"
COMMENTS_CSV = SHARED_DATA / "reddit" / "rmovies_comments.csv.gz"

Pair = tuple[int, int]


@dataclass
class DevSet:
    comments: list[dict[str, Any]]  # row, body, thread_title, when
    gold: dict[int, set[int]]  # row -> movie ids
    categories: dict[int, list[str]]
    catalog: list[dict[str, Any]]
    manual: dict[str, int]

    @property
    def pairs(self) -> set[Pair]:
        return {(row, movie) for row, movies in self.gold.items() for movie in movies}


def _sample_module() -> Any:
    spec = importlib.util.spec_from_file_location("mention_sample", DATA / "sample.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_catalog() -> list[dict[str, Any]]:
    return read_jsonl(DATA / "catalog.jsonl")


def load_devset(csv_path: Path = COMMENTS_CSV) -> DevSet:
    """The 400 labelled comments (raises if the CSV differs from the one sampled)."""
    labels = {entry["row"]: entry for entry in read_jsonl(DATA / "labels.jsonl")}
    comments = [
        {"row": c["row"], "body": c["body"], "thread_title": c["thread_movie"],
         "when": float(c["created_utc"])}
        for c in _sample_module().load_sample(csv_path)
    ]
    return DevSet(
        comments=comments,
        gold={row: set(entry["movies"]) for row, entry in labels.items()},
        categories={row: [c for c in (entry.get("category") or "").split(",") if c]
                    for row, entry in labels.items()},
        catalog=load_catalog(),
        manual=load_aliases(MANUAL_ALIASES),
    )


def read_all_comments(csv_path: Path = COMMENTS_CSV) -> list[dict[str, str]]:
    """Every comment record of the CSV (for the speed measurement)."""
    return _sample_module().read_rows(csv_path)
