"""Metrics against values computed by hand on tiny inputs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scoring.metrics import (
    calibration_errors,
    concern_metrics,
    flatten_for_logging,
    need_level_metrics,
    over_triage_rate,
    under_triage_rate,
)

LEVELS = ["information_advice", "early_help", "child_in_need", "child_protection"]


def test_calibration_errors_by_hand() -> None:
    # bin 2 (0.2-0.3): probs 0.25, 0.25 with truths 0, 1 -> gap |0.5-0.25| = 0.25, weight 0.5
    # bin 9 (0.9-1.0): probs 0.95, 0.95 with truths 1, 1 -> gap 0.05, weight 0.5
    ece, mce = calibration_errors(y_true=np.array([0, 1, 1, 1]), y_prob=np.array([0.25, 0.25, 0.95, 0.95]))
    assert ece == pytest.approx(0.5 * 0.25 + 0.5 * 0.05)
    assert mce == pytest.approx(0.25)


def test_perfectly_calibrated_bins_have_zero_error() -> None:
    truth = np.array([1, 0, 0, 0, 0] * 4)
    ece, _ = calibration_errors(y_true=truth, y_prob=np.full(20, 0.2))
    assert ece == pytest.approx(0.0, abs=1e-12)


def test_under_and_over_triage_by_hand() -> None:
    truth = np.array([3, 3, 3, 3, 0, 1, 2])
    pred = np.array([3, 2, 1, 0, 3, 1, 3])
    # top-level referrals: predictions 3, 2, 1, 0 -> two of four at advice/early help
    assert under_triage_rate(y_true=truth, y_pred=pred, n_levels=4) == pytest.approx(0.5)
    # lowest two levels: predictions 3, 1 -> one of two at child protection
    assert over_triage_rate(y_true=truth, y_pred=pred, n_levels=4) == pytest.approx(0.5)
    assert math.isnan(under_triage_rate(y_true=np.array([0]), y_pred=np.array([0]), n_levels=4))


def test_need_level_metrics_by_hand() -> None:
    truth = np.array([0, 1, 2, 3])
    pred = np.array([0, 1, 2, 2])
    prob = np.eye(4)[pred] * 0.7 + 0.075
    metrics = need_level_metrics(
        y_true=truth, y_pred=pred, y_prob=prob,
        range_low=np.array([0, 0, 2, 2]), range_high=np.array([1, 1, 2, 3]),
        abstain=np.array([True, True, False, True]), level_ids=LEVELS,
    )
    assert metrics["accuracy"] == pytest.approx(0.75)
    assert metrics["confusion_matrix"][3] == [0, 0, 1, 0]
    assert metrics["under_triage"] == pytest.approx(0.0)
    assert metrics["upper_coverage"] == pytest.approx(1.0)
    assert metrics["mean_set_size"] == pytest.approx((2 + 2 + 1 + 2) / 4)
    assert metrics["abstain_rate"] == pytest.approx(0.75)
    assert metrics["accuracy_when_not_abstaining"] == pytest.approx(1.0)
    # QWK by hand: observed weighted disagreement one cell (3->2), weight (1/3)^2
    observed = (1 / 9) / 4
    expected_matrix = np.outer(np.bincount(truth, minlength=4), np.bincount(pred, minlength=4)) / 16
    weights = np.array([[(i - j) ** 2 / 9 for j in range(4)] for i in range(4)])
    assert metrics["qwk"] == pytest.approx(1 - observed / float((weights * expected_matrix).sum()))


def test_concern_metrics_by_hand() -> None:
    truth = np.array([[1, 0], [1, 1], [0, 0], [0, 1]])
    pred = np.array([[1, 0], [0, 1], [1, 0], [0, 1]])
    prob = np.array([[0.9, 0.1], [0.4, 0.8], [0.6, 0.2], [0.1, 0.7]])
    metrics = concern_metrics(y_true=truth, y_pred=pred, y_prob=prob, concern_ids=["neglect", "behaviour"])
    neglect = metrics["per_category"]["neglect"]
    assert neglect["precision"] == pytest.approx(0.5)
    assert neglect["recall"] == pytest.approx(0.5)
    assert metrics["per_category"]["behaviour"]["f1"] == pytest.approx(1.0)
    assert metrics["macro_f1"] == pytest.approx(0.75)
    assert metrics["micro_f1"] == pytest.approx(2 * 3 / (2 * 3 + 1 + 1))
    assert metrics["brier"] == pytest.approx(float(np.mean((prob - truth) ** 2)))


def test_flatten_keeps_finite_scalars_only() -> None:
    flat = flatten_for_logging({"a": {"b": 1, "c": float("nan"), "d": [1, 2]}, "e": 0.5, "f": True})
    assert flat == {"a.b": 1.0, "e": 0.5}
