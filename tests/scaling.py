"""Guards against accidentally quadratic (or worse) code, independent of the machine's speed.

The brief measures speed in benchmarks (``make bench``), never with a wall-clock bound in a
test: on a busy 2-core CI machine "under 1 s" fails on a slow day. What a test can check is
how the cost *grows*: work on an input ``factor`` times larger should take about ``factor``
times as long. A quadratic step would take ``factor ** 2`` times as long; the bound sits in
between, and the best of a few runs keeps scheduling noise out.
"""

from __future__ import annotations

import time
from collections.abc import Callable

FLOOR = 0.02  # seconds: below this, timings are noise, and so is their ratio


def best_of(runs: int, work: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


def assert_grows_linearly(small: Callable[[], object], large: Callable[[], object], *, factor: int, runs: int = 5):
    """``large`` does ``factor`` times the work of ``small``: it may take at most about twice the linear time.

    The two are timed in turns, so that a busy moment (the other test worker, the database)
    slows both rather than only one of them.
    """
    small()  # warm-up: imports, compiled patterns, caches
    small_times, large_times = [], []
    for _ in range(runs):
        small_times.append(best_of(1, small))
        large_times.append(best_of(1, large))
    small_time, large_time = min(small_times), min(large_times)
    bound = 2 * factor * max(small_time, FLOOR)
    assert large_time <= bound, (
        f"{factor}x the input took {large_time * 1000:.0f} ms against {small_time * 1000:.0f} ms "
        f"(bound {bound * 1000:.0f} ms): the cost grows faster than the input"
    )
