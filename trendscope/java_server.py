"""What the local Java servers (Apache Kafka, Apache Cassandra) share: jars resolved from
Maven Central once, and a foreground process in its own session, stopped with its children."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path


def resolve_jars(pom: Path, jars: Path, main_jar_glob: str) -> Path:
    """Copy ``pom``'s runtime dependencies into ``jars`` with Maven, once; return ``jars``."""
    if jars.is_dir() and any(jars.glob(main_jar_glob)):
        return jars
    partial = jars.with_name("jars.partial")
    shutil.rmtree(partial, ignore_errors=True)
    subprocess.run(["mvn", "-q", "-B", "-f", str(pom), "dependency:copy-dependencies",
                    f"-DoutputDirectory={partial}", "-DincludeScope=runtime"], check=True)
    partial.rename(jars)
    return jars


def start_process(command: list[str], stdout_log: Path) -> subprocess.Popen[bytes]:
    """Start ``command`` in a new session, its output appended to ``stdout_log``."""
    with open(stdout_log, "ab") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)


def stop_process(process: subprocess.Popen[bytes], sig: signal.Signals, timeout: float) -> None:
    """Send ``sig`` to the process group and wait; SIGKILL after ``timeout``."""
    try:
        os.killpg(process.pid, sig)
        process.wait(timeout=timeout)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
