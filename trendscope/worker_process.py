"""Running a Faust worker as a child process, and reading its tables over HTTP.

Used by ``trendscope demo`` and by the integration tests, which need to stop, kill and
restart workers.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

PR_SET_PDEATHSIG = 1


class WorkerProcess:
    """``faust -A trendscope.app worker`` with ``TRENDSCOPE_*`` overrides in its environment."""

    def __init__(self, env: dict[str, str], log_path: Path, loglevel: str = "info") -> None:
        self.env = {**os.environ, **env}
        self.log_path = Path(log_path)
        self.loglevel = loglevel
        host = self.env.get("TRENDSCOPE_WEB_HOST", "127.0.0.1")
        self.base_url = f"http://{host}:{self.env.get('TRENDSCOPE_WEB_PORT', '6066')}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> float:
        """Start the worker; return seconds until its web server answered /healthz."""
        started = time.monotonic()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "faust", "-A", "trendscope.app", "worker",
                 "-l", self.loglevel],
                env=self.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True, preexec_fn=_die_with_parent,
            )
        while time.monotonic() - started < timeout:
            self._raise_if_exited()
            try:
                get_json(f"{self.base_url}/healthz", timeout=1)
                return time.monotonic() - started
            except OSError:
                time.sleep(0.1)
        self.kill()
        raise TimeoutError(f"worker web server not up within {timeout:.0f}s; see {self.log_path}")

    def _raise_if_exited(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(f"worker exited with {self.process.returncode}; see {self.log_path}")

    def stop(self, timeout: float = 30.0) -> int | None:
        """Graceful stop (SIGTERM), then SIGKILL after ``timeout``; return the exit code."""
        return self._signal(signal.SIGTERM, timeout)

    def kill(self) -> int | None:
        """SIGKILL the worker and everything it started."""
        return self._signal(signal.SIGKILL, 10.0)

    def _signal(self, sig: signal.Signals, timeout: float) -> int | None:
        if self.process is None:
            return None
        try:
            os.killpg(self.process.pid, sig)
            code = self.process.wait(timeout=timeout)
        except ProcessLookupError:
            code = self.process.wait()
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            code = self.process.wait()
        self.process = None
        return code

    def table(self, name: str, page_size: int = 1000) -> list[dict[str, Any]]:
        """Every row of table ``name`` held by this worker (RuntimeError once it has exited)."""
        self._raise_if_exited()
        return read_table(self.base_url, name, page_size)


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the parent dies (Linux), so no worker outlives its test
    run or demo (a worker whose broker is gone would otherwise retry forever)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def get_json(url: str, timeout: float = 10.0) -> Any:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.load(response)


def read_table(base_url: str, name: str, page_size: int = 1000) -> list[dict[str, Any]]:
    """All rows of a table, following the view's paging."""
    rows: list[dict[str, Any]] = []
    while True:
        data = get_json(f"{base_url}/api/tables/{name}?limit={page_size}&offset={len(rows)}")
        rows.extend(data["rows"])
        if len(data["rows"]) < page_size:
            return rows


def wait_for(predicate, timeout: float, interval: float = 0.25) -> Any:
    """Poll ``predicate()`` until it returns a truthy value; raise TimeoutError after ``timeout``."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except (OSError, urllib.error.URLError, KeyError, ValueError) as exc:
            last_error = exc
        time.sleep(interval)
    raise TimeoutError(f"condition not met within {timeout:.0f}s (last error: {last_error})")
