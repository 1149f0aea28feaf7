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
    with pytest.raises(AssertionError, match="grows faster than the input"):
        assert_grows_linearly(lambda: _quadratic(600), lambda: _quadratic(2_400), factor=4)
