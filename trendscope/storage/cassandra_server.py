"""A single-node Apache Cassandra 5.0 for tests, benchmarks and local development.

The jars come from Maven Central through ``.ci/cassandra/pom.xml`` into ``.cache/cassandra/``
(gitignored); the node runs ``CassandraDaemon`` in the foreground from a minimal
``cassandra.yaml`` written into a directory of the caller's choosing, on free loopback
ports, with JMX off. ``start`` returns once a CQL session answers a query.
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

from trendscope.broker.probe import free_port
from trendscope.java_server import resolve_jars, start_process, stop_process

ROOT = Path(__file__).resolve().parents[2]
POM = ROOT / ".ci" / "cassandra" / "pom.xml"
JARS = ROOT / ".cache" / "cassandra" / "jars"
HOST = "127.0.0.1"

CASSANDRA_YAML = """\
cluster_name: trendscope-test
num_tokens: 1
initial_token: 0
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch
listen_address: {host}
rpc_address: {host}
storage_port: {storage_port}
native_transport_port: {port}
start_native_transport: true
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "{host}:{storage_port}"
data_file_directories: [{data}/data]
commitlog_directory: {data}/commitlog
saved_caches_directory: {data}/saved_caches
hints_directory: {data}/hints
cdc_raw_directory: {data}/cdc_raw
commitlog_sync: periodic
commitlog_sync_period: 10000ms
auto_snapshot: false
concurrent_compactors: 1
authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer
"""

LOGBACK = """\
<configuration>
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>{log_file}</file>
    <encoder><pattern>%d %-5level [%thread] %logger{{0}} %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="FILE"/></root>
</configuration>
"""

# From Cassandra 5.0's conf/jvm17-server.options (JPMS section) and jvm-server.options.
JVM17_FLAGS = [
    "-Djdk.attach.allowAttachSelf=true",
    *(f"--add-exports={m}=ALL-UNNAMED" for m in (
        "java.base/jdk.internal.misc", "java.management.rmi/com.sun.jmx.remote.internal.rmi",
        "java.rmi/sun.rmi.registry", "java.rmi/sun.rmi.server", "java.sql/java.sql",
        "java.base/java.lang.ref", "jdk.unsupported/sun.misc",
        "jdk.compiler/com.sun.tools.javac.file", "jdk.attach/sun.tools.attach")),
    *(f"--add-opens={m}=ALL-UNNAMED" for m in (
        "java.base/java.lang.module", "java.base/jdk.internal.loader", "java.base/jdk.internal.ref",
        "java.base/jdk.internal.reflect", "java.base/jdk.internal.math", "java.base/jdk.internal.module",
        "java.base/jdk.internal.util.jar", "jdk.management/com.sun.management.internal",
        "java.base/sun.nio.ch", "java.base/java.io", "java.base/java.lang.reflect",
        "jdk.compiler/com.sun.tools.javac", "java.base/java.lang", "java.base/java.util")),
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djava.net.preferIPv4Stack=true",
]


def ensure_jars() -> Path:
    """Resolve the Cassandra jars with Maven once; return their directory."""
    return resolve_jars(POM, JARS, "cassandra-all-*.jar")


def cql_answers(host: str, port: int) -> bool:
    """True when a CQL session to host:port can read ``system.local``."""
    from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile, NoHostAvailable
    from cassandra.policies import RoundRobinPolicy

    profile = ExecutionProfile(load_balancing_policy=RoundRobinPolicy())
    cluster = Cluster(contact_points=[host], port=port, execution_profiles={EXEC_PROFILE_DEFAULT: profile},
                      connect_timeout=2, control_connection_timeout=2)
    try:
        session = cluster.connect()
        return session.execute("SELECT release_version FROM system.local").one() is not None
    except (NoHostAvailable, OSError):
        return False
    finally:
        cluster.shutdown()


class CassandraServer:
    """One Cassandra node in ``workdir``; ``start`` returns its ``host:port`` for CQL."""

    def __init__(self, workdir: Path, heap: str = "1G") -> None:
        self.workdir = Path(workdir)
        self.heap = heap
        self.port = free_port(HOST)
        self.storage_port = free_port(HOST)
        self.process: subprocess.Popen[bytes] | None = None
        self.start_seconds: float | None = None

    @property
    def contact_point(self) -> str:
        return f"{HOST}:{self.port}"

    @property
    def log_file(self) -> Path:
        return self.workdir / "cassandra.log"

    def _command(self) -> list[str]:
        data = self.workdir / "data"
        return [
            "java", "-Xms256m", f"-Xmx{self.heap}", "-Xss256k", "-XX:+UseG1GC",
            "-XX:+HeapDumpOnOutOfMemoryError", f"-XX:HeapDumpPath={self.workdir}",
            *JVM17_FLAGS,
            "-Dcassandra-foreground=yes",
            f"-Dcassandra.config=file://{self.workdir / 'cassandra.yaml'}",
            f"-Dcassandra.storagedir={data}",
            f"-Dcassandra.logdir={self.workdir}",
            f"-Dlogback.configurationFile={self.workdir / 'logback.xml'}",
            "-Dcassandra.skip_wait_for_gossip_to_settle=0",
            "-Dcassandra.superuser_setup_delay_ms=0",
            "-cp", f"{ensure_jars()}/*", "org.apache.cassandra.service.CassandraDaemon",
        ]

    def configure(self) -> None:
        """Write ``cassandra.yaml`` and the logback config (data survives restarts)."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        (self.workdir / "cassandra.yaml").write_text(CASSANDRA_YAML.format(
            host=HOST, port=self.port, storage_port=self.storage_port, data=self.workdir / "data"))
        (self.workdir / "logback.xml").write_text(LOGBACK.format(log_file=self.log_file))

    def start(self, timeout: float = 180.0) -> str:
        """Start the node and wait until CQL answers; record the time it took."""
        self.configure()
        started = time.monotonic()
        self.process = start_process(self._command(), self.workdir / "stdout.log")
        while not cql_answers(HOST, self.port):
            if self.process.poll() is not None:
                code = self.process.returncode
                self.process = None
                raise RuntimeError(f"Cassandra exited with {code} while starting; see {self.workdir}")
            if time.monotonic() - started > timeout:
                self.stop()
                raise TimeoutError(f"no CQL answer from {self.contact_point} within {timeout:.0f}s")
            time.sleep(0.5)
        self.start_seconds = time.monotonic() - started
        return self.contact_point

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        """Stop the node (SIGTERM runs Cassandra's shutdown hook) and wait for it."""
        if self.process is None:
            return
        stop_process(self.process, sig, timeout=60)
        self.process = None
