"""A dead letter is published and counted in trendscope_dlq_total under its InvalidEvent's reason.

Run in a child process: importing the agents module creates the Faust app (settings are
read at import), which must not leak into the test process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from tests.conftest import REPO

CHILD = textwrap.dedent("""
    import asyncio, json
    from prometheus_client import REGISTRY
    import trendscope.app  # first: the agents modules import each other through it
    import trendscope.agents.dead_letters as module
    from trendscope.validation import InvalidEvent

    sent = []
    class Channel:
        async def send(self, key, value):
            sent.append((key, value.reason, value.offset))
    module.dead_letters = Channel()

    def dlq(reason):
        return REGISTRY.get_sample_value("trendscope_dlq_total", {"reason": reason}) or 0.0

    async def main():
        for reason in ("bad_json", "late", "bad_json"):
            await module.send_dead_letter("reddit.comments", 0, 7, b"{", InvalidEvent(reason, "x"))
    asyncio.run(main())
    print(json.dumps({"sent": sent, "bad_json": dlq("bad_json"), "late": dlq("late"),
                      "other": dlq("missing_field")}))
""")


def test_each_dead_letter_is_sent_and_counted_by_reason(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRENDSCOPE_")}
    env |= {"TRENDSCOPE_BROKER_URL": "kafka://127.0.0.1:1", "TRENDSCOPE_STATE_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", CHILD], cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["sent"] == [["reddit.comments", "bad_json", 7], ["reddit.comments", "late", 7],
                           ["reddit.comments", "bad_json", 7]]
    assert (out["bad_json"], out["late"], out["other"]) == (2.0, 1.0, 0.0)
