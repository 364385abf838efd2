"""The recorded Reddit API responses in ../shared/data (skipped with a reason when absent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import shared

COMMENTS_2016 = "r_all_comments_listing_2016-12-22.json"
COMMENTS_2023 = "subreddit_comments_listing_2023-10-08.json"
HOT_SUBMISSIONS = "r_popular_hot_submissions_2026-04-13.json"
SUBMISSION_TREE = "submission_with_comment_tree_2025-06-19.json"


@pytest.fixture(scope="session")
def api_raw() -> Path:
    return shared("reddit", "api_raw")


@pytest.fixture(scope="session")
def recorded(api_raw: Path) -> dict[str, Any]:
    """File name -> the recorded response body (already unwrapped, read with json, not our code)."""
    return {
        name: json.loads((api_raw / name).read_text())["body"]
        for name in (COMMENTS_2016, COMMENTS_2023, HOT_SUBMISSIONS, SUBMISSION_TREE)
    }


def tree_things(body: Any) -> list[dict[str, Any]]:
    """Every thing of a body (listing or list of listings), replies depth-first, independently walked."""
    out: list[dict[str, Any]] = []
    stack = list(reversed(body if isinstance(body, list) else [body]))
    while stack:
        node = stack.pop()
        if node.get("kind") == "Listing":
            stack.extend(reversed(node["data"]["children"]))
            continue
        out.append(node)
        replies = node["data"].get("replies")
        if isinstance(replies, dict):
            stack.append(replies)
    return out
