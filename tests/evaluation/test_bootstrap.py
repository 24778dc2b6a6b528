"""Bootstrap intervals: agreement with numpy, and coverage in simulation."""

from __future__ import annotations

import numpy as np
import pytest

from evaluation.bootstrap import (
    bootstrap_interval,
    percentile_interval,
    resample_counts,
    resample_indices,
    safe_ratio,
)


def test_resample_counts_match_index_matrix() -> None:
    indices = resample_indices(30, n_boot=5, seed=3)
    counts = resample_counts(30, n_boot=5, seed=3)
    assert counts.shape == (5, 30)
    assert np.all(counts.sum(1) == 30)
    for row in range(5):
        assert np.array_equal(counts[row], np.bincount(indices[row], minlength=30))


def test_percentile_interval_matches_numpy_quantile_and_skips_nan() -> None:
    samples = np.random.default_rng(0).normal(size=(400, 3))
    samples[::5, 1] = np.nan
    low, high = percentile_interval(samples, level=0.9)
    for column in range(3):
        finite = samples[:, column][np.isfinite(samples[:, column])]
        assert low[column] == pytest.approx(np.quantile(finite, 0.05))
        assert high[column] == pytest.approx(np.quantile(finite, 0.95))


def test_percentile_interval_is_nan_with_fewer_than_two_finite_resamples() -> None:
    samples = np.full((10, 1), np.nan)
    samples[0, 0] = 1.0
    low, high = percentile_interval(samples)
    assert np.isnan(low[0]) and np.isnan(high[0])


def test_weighted_rate_equals_looped_statistic() -> None:
    rng = np.random.default_rng(1)
    outcome = (rng.random(200) < 0.3).astype(float)
    looped = bootstrap_interval(lambda values: float(values.mean()), arrays={"values": outcome},
                                n_boot=300, seed=4)
    counts = resample_counts(200, n_boot=300, seed=4)
    rates = safe_ratio(counts @ outcome, counts.sum(1))
    low, high = percentile_interval(rates[:, None])
    assert looped.low == pytest.approx(low[0])
    assert looped.high == pytest.approx(high[0])


def test_interval_covers_true_bernoulli_rate_at_about_nominal_rate() -> None:
    rng = np.random.default_rng(2024)
    true_rate, n, simulations = 0.3, 300, 200
    covered = 0
    for simulation in range(simulations):
        outcome = (rng.random(n) < true_rate).astype(np.float32)
        counts = resample_counts(n, n_boot=400, seed=simulation)
        rates = safe_ratio(counts @ outcome, counts.sum(1))
        low, high = percentile_interval(rates[:, None], level=0.95)
        covered += int(low[0] <= true_rate <= high[0])
    assert 0.9 <= covered / simulations <= 0.98
