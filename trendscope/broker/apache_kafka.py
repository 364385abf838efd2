"""A single-node Apache Kafka 4.x (KRaft) for tests, benchmarks and local development.

The jars come from Maven Central through ``.ci/kafka/pom.xml`` into ``.cache/kafka/``
(gitignored); the broker is formatted with Kafka's storage tool and started on free
loopback ports in a directory of the caller's choosing.
"""

from __future__ import annotations

import base64
import signal
import subprocess
import uuid
from pathlib import Path

from trendscope.broker.probe import free_port, wait_for_metadata
from trendscope.java_server import resolve_jars, start_process, stop_process

ROOT = Path(__file__).resolve().parents[2]
POM = ROOT / ".ci" / "kafka" / "pom.xml"
JARS = ROOT / ".cache" / "kafka" / "jars"
HOST = "127.0.0.1"

SERVER_PROPERTIES = """\
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@{host}:{controller_port}
listeners=PLAINTEXT://{host}:{port},CONTROLLER://{host}:{controller_port}
advertised.listeners=PLAINTEXT://{host}:{port}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs={data_dir}
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
group.initial.rebalance.delay.ms=0
log.flush.interval.messages=9223372036854775807
"""

LOG4J2 = """\
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = {log_file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka
logger.kafka.level = info
"""


def ensure_jars() -> Path:
    """Resolve the Kafka jars with Maven once; return their directory."""
    return resolve_jars(POM, JARS, "kafka_2.13-*.jar")


def cluster_uuid() -> str:
    """A Kafka cluster id: base64url of a random UUID, never starting with '-' (read as an option)."""
    while True:
        candidate = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not candidate.startswith("-"):
            return candidate


class KafkaServer:
    """One KRaft broker+controller in ``workdir``; ``start`` returns its bootstrap address."""

    def __init__(self, workdir: Path, heap: str = "512m") -> None:
        self.workdir = Path(workdir)
        self.heap = heap
        self.port = free_port(HOST)
        self.controller_port = free_port(HOST)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"{HOST}:{self.port}"

    @property
    def url(self) -> str:
        return f"kafka://{self.bootstrap}"

    def _java(self, main: str, *args: str) -> list[str]:
        return ["java", f"-Xmx{self.heap}", "-Xms128m", "-XX:+UseSerialGC",
                f"-Dlog4j2.configurationFile={self.workdir / 'log4j2.properties'}",
                "-cp", f"{ensure_jars()}/*", main, *args]

    def format(self) -> None:
        """Write the config and format the storage (once per workdir)."""
        data_dir = self.workdir / "data"
        self.workdir.mkdir(parents=True, exist_ok=True)
        (self.workdir / "server.properties").write_text(SERVER_PROPERTIES.format(
            host=HOST, port=self.port, controller_port=self.controller_port, data_dir=data_dir))
        (self.workdir / "log4j2.properties").write_text(
            LOG4J2.format(log_file=self.workdir / "kafka.log"))
        if (data_dir / "meta.properties").exists():
            return
        cluster_id = cluster_uuid()
        subprocess.run(
            self._java("kafka.tools.StorageTool", "format", "-t", cluster_id,
                       "-c", str(self.workdir / "server.properties")),
            check=True, stdout=subprocess.DEVNULL,
        )

    def start(self, timeout: float = 60.0) -> str:
        """Start the broker and wait until it answers a Metadata request."""
        self.format()
        self.process = start_process(self._java("kafka.Kafka", str(self.workdir / "server.properties")),
                                     self.workdir / "stdout.log")
        try:
            wait_for_metadata(HOST, self.port, timeout)
        except TimeoutError:
            self.stop()
            raise
        return self.bootstrap

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        """Stop the broker (SIGTERM = controlled shutdown) and wait for it."""
        if self.process is None:
            return
        stop_process(self.process, sig, timeout=30)
        self.process = None
