"""``trendscope backtest`` end to end on constructed comments: the issue's JSON schema, the
baselines' MAE against a plain-Python computation from the comment counts, --plot."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from trendscope.mentions.sentiment import Sentiment
from trendscope.models import RedditComment

CATALOG = Path(__file__).parents[1] / "data" / "mentions" / "catalog.jsonl"
BODY = "Just saw Oppenheimer"  # one mention of 872585, sentiment 0: score = 0.3*10*n + 0.3*50
BASE = 1_700_000_040.0  # a minute start


def _comments(path: Path) -> dict[int, int]:
    rng = random.Random(8)
    counts = {m: rng.randint(1, 5) for m in sorted(rng.sample(range(240), 90))}
    lines = [RedditComment(id=f"c{m}-{j}", subreddit="movies", body=BODY,
                           created_utc=BASE + 60 * m + j).dumps()
             for m, n in counts.items() for j in range(n)]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return counts


def _expected(counts: dict[int, int]) -> dict[str, dict[str, float]]:
    """Baseline MAEs with ``idle_windows = 1``: each mentioned minute forecasts the next (0 if
    unmentioned), scored once a later minute is seen; the movie's known windows are its
    mentioned minutes plus the one unmentioned minute after each."""
    minutes = sorted(counts)
    known: list[int] = []
    pairs = []
    for i, m in enumerate(minutes):
        known.append(counts[m])
        if i + 1 < len(minutes):
            pairs.append((counts.get(m + 1, 0), counts[m], sum(known[-3:]) / len(known[-3:])))
            if m + 1 not in counts:
                known.append(0)
    out = {}
    for target, f in (("mentions", lambda n: n), ("score", lambda n: 3.0 * n + 15.0)):
        out[target] = {
            "persistence": sum(abs(f(a) - f(last)) for a, last, _ in pairs) / len(pairs),
            "moving_average": sum(abs(f(a) - (3.0 * mean + 15.0 if target == "score" else mean))
                                  for a, _, mean in pairs) / len(pairs),
            "n": len(pairs)}
    return out


def _backtest(*args: str, prelude: str = "") -> subprocess.CompletedProcess:
    code = f"{prelude}from trendscope.cli import cli; cli()"
    return subprocess.run([sys.executable, "-c", code, "backtest", *args, "--catalog", str(CATALOG)],
                          capture_output=True, timeout=300)


def _check_block(block: dict) -> None:
    assert set(block) == {"models", "baselines", "mae_ratio_vs_persistence"}
    assert set(block["baselines"]) == {"persistence", "moving_average"}
    for metrics in (*block["models"].values(), *block["baselines"].values()):
        assert {"mae", "rmse", "r2", "n"} <= set(metrics)
        assert all(isinstance(metrics[k], float) for k in ("mae", "rmse", "r2"))
        assert isinstance(metrics["n"], int)
    assert set(block["mae_ratio_vs_persistence"]) == set(block["models"])
    for name, ratio in block["mae_ratio_vs_persistence"].items():
        assert ratio == pytest.approx(block["models"][name]["mae"] / block["baselines"]["persistence"]["mae"])


def test_backtest_json_schema_baselines_and_plot(tmp_path):
    assert Sentiment().analyzer.polarity_scores(BODY)["compound"] == 0.0
    counts = _comments(tmp_path / "c.jsonl")
    result = _backtest(str(tmp_path / "c.jsonl"), "--json", str(tmp_path / "r.json"), "--idle-windows", "1",
                       "--plot", str(tmp_path / "p.png"))
    assert result.returncode == 0, result.stderr.decode()
    report = orjson.loads((tmp_path / "r.json").read_bytes())
    assert set(report) == {"models", "baselines", "mae_ratio_vs_persistence", "mentions", "details"}
    _check_block({k: report[k] for k in ("models", "baselines", "mae_ratio_vs_persistence")})
    _check_block(report["mentions"])
    expected = _expected(counts)
    for target, block in (("score", report), ("mentions", report["mentions"])):
        for name in ("persistence", "moving_average"):
            got = block["baselines"][name]["mae"]
            assert got == pytest.approx(expected[target][name], rel=1e-9), (target, name)
            assert block["baselines"][name]["n"] == expected[target]["n"] == block["models"]["linear"]["n"]
    assert (tmp_path / "p.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_without_matplotlib_fails_clearly(tmp_path):
    _comments(tmp_path / "c.jsonl")
    result = _backtest(str(tmp_path / "c.jsonl"), "--plot", str(tmp_path / "p.png"),
                       prelude="import sys; sys.modules['matplotlib'] = None; ")
    assert result.returncode != 0 and b"trendscope[plot]" in result.stderr
    assert not (tmp_path / "p.png").exists()
