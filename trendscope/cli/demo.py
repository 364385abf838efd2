"""``trendscope demo``: embedded broker + worker + replay of real data, then the table."""

from __future__ import annotations

import shutil
import time
from collections import Counter
from pathlib import Path

import typer
from rich.table import Table

from trendscope.broker.embedded import EmbeddedBroker
from trendscope.broker.probe import free_port
from trendscope.cli.common import err, fail, out, settings_or_exit
from trendscope.cli.replay_cmd import run_replay
from trendscope.kafka_admin import bootstrap_servers
from trendscope.replay import ReplayStats
from trendscope.sources.formats import read
from trendscope.sources.synthetic import synthetic_comments
from trendscope.worker_process import WorkerProcess, wait_for

REPO = Path(__file__).resolve().parents[2]
COMMENTS_CSV = Path("reddit") / "rmovies_comments.csv.gz"
TABLE = "comments_per_subreddit"


def demo(
    data: Path | None = typer.Option(None, help="shared data folder (default ../shared/data if present)"),
    limit: int = typer.Option(10_000, min=1, help="comments to replay"),
    once: bool = typer.Option(False, "--once", help="exit when the replay has been counted"),
    synthetic: bool = typer.Option(False, "--synthetic", help="synthetic comments even if real data exists"),
    timeout: float = typer.Option(600, help="seconds to wait for the worker to count everything"),
) -> None:
    """Replay real comments through an embedded broker into a worker and show its table."""
    settings = settings_or_exit()
    if settings.broker_url:
        raise fail("the demo runs on the embedded broker: unset TRENDSCOPE_BROKER_URL")
    data_dir = None if synthetic else data or default_data_dir()
    csv_path = data_dir / COMMENTS_CSV if data_dir else None
    if data is not None and not (csv_path and csv_path.is_file()):
        raise fail(f"no {COMMENTS_CSV} under {data}")
    state_dir = settings.state_dir / "demo"
    shutil.rmtree(state_dir, ignore_errors=True)  # each demo starts from empty topics and tables
    state_dir.mkdir(parents=True)
    settings = settings.model_copy(update={"state_dir": state_dir})
    port = free_port(settings.web_host) if _busy(settings.web_host, settings.web_port) else settings.web_port

    with EmbeddedBroker(settings.embedded_broker, state_dir) as broker:
        env = {"TRENDSCOPE_BROKER_URL": broker.url, "TRENDSCOPE_STATE_DIR": str(state_dir),
               "TRENDSCOPE_WEB_PORT": str(port)}
        worker = WorkerProcess(env, state_dir / "worker.log", loglevel="warn")
        err.print(f"embedded {settings.embedded_broker} broker at {bootstrap_servers(broker.url)}; "
                  f"starting worker (log: {worker.log_path})")
        worker.start()
        try:
            settings = settings.model_copy(update={"broker_url": broker.url})
            if csv_path and csv_path.is_file():
                err.print(f"replaying {limit:,} real comments from {csv_path}")
                items = read(csv_path, "csv")
            else:
                err.print(f"[yellow]no shared data: replaying {limit:,} SYNTHETIC comments[/yellow]")
                items = synthetic_comments(limit)
            stats = run_replay(settings, lambda _bootstrap: items, limit=limit)
            rows = _wait_until_counted(worker, stats.produced, timeout)
            _print_table(rows, stats)
            err.print(f"live table: {worker.base_url}/api/tables/{TABLE}")
            if not once:
                err.print("worker running; Ctrl-C to stop")
                while True:
                    time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            worker.stop()


def default_data_dir() -> Path | None:
    """``../shared/data`` beside the working directory or beside the repository, if present."""
    for candidate in (Path.cwd().parent / "shared" / "data", REPO.parent / "shared" / "data"):
        if candidate.is_dir():
            return candidate.resolve()
    return None


def _wait_until_counted(worker: WorkerProcess, expected: int, timeout: float) -> list[dict]:
    def counted() -> list[dict] | None:
        rows = worker.table(TABLE)
        return rows if sum(r["value"]["count"] for r in rows) >= expected else None

    try:
        return wait_for(counted, timeout, interval=1.0)
    except TimeoutError:
        raise fail(f"the worker did not count {expected} comments within {timeout:.0f}s", 1) from None


def _print_table(rows: list[dict], stats: ReplayStats) -> None:
    per_subreddit = Counter()
    for r in rows:
        per_subreddit[r["key"]] += r["value"]["count"]
    busiest = sorted(rows, key=lambda r: (-r["value"]["count"], r["window"]["start"]))[:15]
    table = Table(title=f"{TABLE}: {len(rows):,} one-minute windows, "
                        f"{sum(per_subreddit.values()):,} comments; busiest minutes")
    for column in ("subreddit", "window start (UTC)", "comments"):
        table.add_column(column)
    for r in busiest:
        table.add_row(r["key"], r["window"]["start_iso"], str(r["value"]["count"]))
    out.print(table)
    out.print({"per_subreddit": dict(per_subreddit), "replayed": stats.produced,
               "rejected": stats.rejected})


def _busy(host: str, port: int) -> bool:
    import socket

    with socket.socket() as sock:
        return sock.connect_ex((host, port)) == 0
