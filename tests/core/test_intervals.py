"""The Wilson interval the core gives every part that reports a share of few cases."""

from __future__ import annotations

import pytest

from referrals.intervals import wilson_interval


@pytest.mark.parametrize(("count", "total", "low", "high"), [
    (5, 10, 0.2366, 0.7634),   # a textbook case: symmetric about one half
    (0, 10, 0.0, 0.2775),      # no successes: the upper bound is z^2 / (n + z^2)
    (10, 10, 0.7225, 1.0),
    (13, 15, 0.6212, 0.9626),  # the test writers' "other" origin, 13 of 15 names found
])
def test_wilson_interval_matches_worked_values(count: int, total: int, low: float, high: float) -> None:
    assert wilson_interval(count, total) == pytest.approx((low, high), abs=5e-4)


def test_wilson_interval_narrows_as_cases_grow() -> None:
    small, large = wilson_interval(9, 10), wilson_interval(900, 1000)
    assert small[1] - small[0] > 5 * (large[1] - large[0])


@pytest.mark.parametrize(("count", "total"), [(0, 0), (3, 2), (-1, 5)])
def test_wilson_interval_refuses_counts_that_make_no_share(count: int, total: int) -> None:
    with pytest.raises(ValueError, match="count"):
        wilson_interval(count, total)
