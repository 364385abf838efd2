from trendscope.replay import Pacing


def test_speed_scales_event_time_gaps():
    pacing = Pacing(speed=10)
    assert pacing.delay(100.0, 160.0, index=5, elapsed=2.0) == 4.0  # due at 6 s, 2 s elapsed
    assert pacing.delay(100.0, 160.0, index=5, elapsed=7.0) == 0.0


def test_rate_spaces_records_evenly():
    assert Pacing(rate=100).delay(0, 0, index=50, elapsed=0.1) == 0.4


def test_as_fast_as_possible_never_waits():
    assert Pacing().delay(0.0, 1e9, index=10**6, elapsed=0.0) == 0.0
