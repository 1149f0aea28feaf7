"""The growth guard itself: it passes linear work and catches quadratic work."""

import pytest

from tests.scaling import assert_grows_linearly


def _linear(n: int) -> int:
    return sum(range(n))


def _quadratic(n: int) -> int:
    return sum(i * j for i in range(n) for j in range(n))


def test_linear_work_passes():
    assert_grows_linearly(lambda: _linear(500_000), lambda: _linear(2_000_000), factor=4)


def test_quadratic_work_is_caught():
    # The small input must take well above FLOOR, or the bound is the floor's (8 x 20 ms) and
    # a fast machine does 16 x the small work inside it: 600 items (10 ms) did, on one.
    with pytest.raises(AssertionError, match="grows faster than the input"):
        assert_grows_linearly(lambda: _quadratic(1_000), lambda: _quadratic(4_000), factor=4)
