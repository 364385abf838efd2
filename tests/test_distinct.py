import random

from trendscope.distinct import add


def test_redelivered_ids_count_once_in_any_order():
    ids = [f"c{i}" for i in range(50)]
    deliveries = ids + random.Random(3).sample(ids, 20)  # at-least-once: some twice
    random.Random(4).shuffle(deliveries)
    state = None
    for event_id in deliveries:
        state, _ = add(state, event_id)
    assert state["count"] == len(set(deliveries)) == 50
    assert sorted(state["ids"]) == sorted(ids)


def test_add_does_not_mutate_its_input():
    first, _ = add(None, "a")
    second, _ = add(first, "b")
    assert first == {"count": 1, "ids": ["a"]}
    assert second["count"] == 2
