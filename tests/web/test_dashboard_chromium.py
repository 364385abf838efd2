"""The dashboard in headless Chromium: the top table and the movie chart show the store's rows."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.web import rows
from tests.web.test_api_views import expected_top

pytestmark = pytest.mark.embedded
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


class Page(HTMLParser):
    """What the test looks at: top rows, chart series, prediction, model rows, health values."""

    def __init__(self) -> None:
        super().__init__()
        self.body: dict[str, str | None] = {}
        self.top: list[dict[str, str | None]] = []
        self.series: dict[str, list[float]] = {}
        self.chart_movie: str | None = None
        self.band: list[float] | None = None
        self.predicted: float | None = None
        self.models: list[str] = []
        self.metrics: dict[str, str] = {}
        self.status = ""
        self._text_of: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "body":
            self.body = a
        elif tag == "tr" and "data-movie-id" in a:
            self.top.append(a)
        elif tag == "path" and "data-series" in a:
            self.series[a["data-series"]] = json.loads(a["data-values"])
        elif tag == "div" and a.get("id") == "chart":
            self.chart_movie = a.get("data-movie-id")
        elif tag == "rect" and "data-band" in a:
            self.band = json.loads(a["data-band"])
        elif tag == "circle" and "data-predicted" in a:
            self.predicted = float(a["data-predicted"])
        elif tag == "tr" and "data-model" in a:
            self.models.append(a["data-model"])
        elif tag == "dd":
            self._text_of = "metric:" + (a.get("data-metric") or "")
        elif tag == "span" and a.get("id") == "status":
            self._text_of = "status"

    def handle_data(self, data: str) -> None:
        if self._text_of == "status":
            self.status += data
        elif self._text_of and self._text_of.startswith("metric:"):
            self.metrics[self._text_of[7:]] = data

    def handle_endtag(self, tag: str) -> None:
        if tag in ("dd", "span"):
            self._text_of = None


def chromium(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                           "--window-size=1400,900", "--virtual-time-budget=8000", *args, url],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def browser() -> str:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (Debian package 'chromium'; CI installs it)")
    return CHROMIUM


def test_dashboard_renders_store_values(served, browser, tmp_path):
    url = f"{served.url}/?refresh=1000"
    dom = chromium(url, tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    page = Page()
    page.feed(dom.stdout)
    assert page.body.get("data-loaded") == "true", "the page never finished a refresh"
    assert page.status.startswith("updated"), page.status

    top = expected_top("hopping")
    assert [(int(r["data-movie-id"]), float(r["data-score"])) for r in page.top] == top

    first = top[0][0]
    assert page.chart_movie == str(first)
    history = sorted((w for w in rows.windows() if w.movie_id == first and w.window_kind == "hopping"),
                     key=lambda w: w.window_start)
    assert page.series["score"] == [w.score for w in history]
    assert page.series["mentions"] == [w.mentions for w in history]
    assert page.series["sentiment"] == pytest.approx([w.avg_sentiment for w in history])

    assert first in rows.FORECAST_MOVIES, "test data: the top movie should have a forecast"
    # the page shows a model, not a baseline
    linear = [p for p in rows.predictions() if p.model == "score.linear"]
    scored = [abs(p.actual - p.predicted) for p in linear if p.actual is not None]
    pending = next(p for p in linear if p.movie_id == first and p.actual is None)
    mae = sum(scored) / len(scored)
    assert page.predicted == pending.predicted
    assert page.band == pytest.approx([pending.predicted - mae, pending.predicted + mae])

    assert sorted(page.models) == sorted(rows.MODELS)
    assert page.metrics["DLQ"] == "0"
    float(page.metrics["events/s"])  # measured between two polls

    shot = tmp_path / "dashboard.png"
    result = chromium(url, tmp_path, f"--screenshot={shot}")
    assert result.returncode == 0, result.stderr[-2000:]
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1400, 900)
    assert len(png) > 30_000, "a blank page compresses far smaller"
