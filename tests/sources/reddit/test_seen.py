import random

import pytest

from trendscope.backoff import Backoff
from trendscope.sources.reddit.seen import SeenIds


def test_membership_and_bound_evicts_the_oldest(tmp_path):
    seen = SeenIds(tmp_path, max_size=3)
    assert [seen.add(i) for i in ("t1_a", "t1_b", "t1_a", "t1_c", "t1_d")] == [True, True, False, True, True]
    assert "t1_a" not in seen and all(i in seen for i in ("t1_b", "t1_c", "t1_d"))
    assert len(seen) == 3


def test_flush_persists_and_reload_keeps_order_and_bound(tmp_path):
    seen = SeenIds(tmp_path / "state", max_size=4)
    for i in range(6):
        seen.add(f"t1_{i}")
    assert not seen.path.exists(), "nothing is written before flush"
    seen.flush()
    assert seen.path.read_text().split() == ["t1_2", "t1_3", "t1_4", "t1_5"]
    assert list(seen.path.parent.iterdir()) == [seen.path], "no temporary file is left"

    reloaded = SeenIds(tmp_path / "state", max_size=4)
    assert len(reloaded) == 4 and "t1_5" in reloaded and "t1_1" not in reloaded
    reloaded.add("t1_6")  # evicts the oldest loaded id
    assert "t1_2" not in reloaded and "t1_3" in reloaded

    smaller = SeenIds(tmp_path / "state", max_size=2)
    assert "t1_5" in smaller and "t1_4" in smaller and "t1_3" not in smaller


def test_unflushed_ids_are_lost_flushed_ones_survive(tmp_path):
    seen = SeenIds(tmp_path)
    seen.add("t3_x")
    seen.flush()
    seen.add("t3_y")  # a crash here loses only this one
    again = SeenIds(tmp_path)
    assert "t3_x" in again and "t3_y" not in again


@pytest.mark.parametrize("bad", ["", "t1 a", "t1_a\n"])
def test_ids_with_whitespace_are_refused(tmp_path, bad):
    with pytest.raises(ValueError):
        SeenIds(tmp_path).add(bad)


def test_backoff_doubles_with_jitter_up_to_the_cap_and_resets():
    backoff = Backoff(base=1.0, cap=8.0, rng=random.Random(7))
    delays = [backoff.next_delay() for _ in range(6)]
    for delay, ceiling in zip(delays, [1, 2, 4, 8, 8, 8], strict=True):
        assert ceiling / 2 <= delay <= ceiling
    assert len(set(delays)) == 6, "jittered"
    backoff.reset()
    assert backoff.next_delay() <= 1.0
