import json
import os
import subprocess

import pytest

from trendscope.broker.embedded import BrokerRecord, EmbeddedBroker, command, end_leftover
from trendscope.broker.probe import answers_metadata, free_port, wait_for_metadata

pytestmark = pytest.mark.embedded


@pytest.mark.parametrize("kind", ["noida", "tansu"])
def test_starts_answers_metadata_and_stops(tmp_path, kind):
    broker = EmbeddedBroker(kind, tmp_path)
    url = broker.start()
    port = int(url.rsplit(":", 1)[1])
    pid = broker.record.pid
    assert answers_metadata("127.0.0.1", port)
    broker.stop()
    assert not answers_metadata("127.0.0.1", port)
    assert not os.path.exists(f"/proc/{pid}") or _zombie(pid)
    assert not broker.record_path.exists()


def test_leftover_of_a_dead_owner_is_ended_by_pid(tmp_path):
    port = free_port()
    leftover = subprocess.Popen(command("noida", port, tmp_path / "data"), start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_metadata("127.0.0.1", port, 30)  # a running broker, not one still starting
        dead_owner = _dead_pid()
        record = BrokerRecord("noida", leftover.pid, dead_owner, port, command("noida", port, tmp_path)[0])
        (tmp_path / "embedded-broker.json").write_text(json.dumps(record.__dict__))
        broker = EmbeddedBroker("noida", tmp_path)
        broker.start()
        assert leftover.wait(timeout=15) is not None, "the leftover broker was ended"
        assert broker.record.pid != leftover.pid
        broker.stop()
    finally:
        if leftover.poll() is None:
            leftover.kill()


def test_a_reused_pid_running_something_else_is_left_alone(tmp_path):
    other = subprocess.Popen(["sleep", "30"])
    try:
        end_leftover(BrokerRecord("noida", other.pid, _dead_pid(), 1, "/nonexistent/noida-db"))
        assert other.poll() is None
    finally:
        other.kill()


def test_a_living_owners_broker_is_reused(tmp_path):
    with EmbeddedBroker("noida", tmp_path) as first:
        second = EmbeddedBroker("noida", tmp_path)
        assert second.start() == first.url
        second.stop()  # not its broker: must not stop it
        assert answers_metadata("127.0.0.1", first.record.port)


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def _zombie(pid: int) -> bool:
    try:
        return open(f"/proc/{pid}/stat").read().split(")")[-1].split()[0] == "Z"
    except OSError:
        return True
