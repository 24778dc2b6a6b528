"""Count-based headline metrics reproduce scoring.metrics exactly."""

from __future__ import annotations

import numpy as np
import pytest
from simulation import simulate_input

from evaluation.bootstrap import resample_counts
from evaluation.headline import headline_intervals
from referrals.labels import LabelScheme
from scoring.metrics import concern_metrics, need_level_metrics


def test_headline_point_estimates_equal_sklearn_metrics(scheme: LabelScheme) -> None:
    data = simulate_input(n=600, n_concerns=len(scheme.concern_ids), seed=5)
    weights = resample_counts(600, n_boot=50, seed=0)
    result = headline_intervals(data, concern_ids=scheme.concern_ids, weights=weights)
    concerns = concern_metrics(y_true=data.concerns_true, y_pred=data.concerns_pred,
                               y_prob=data.concerns_prob, concern_ids=scheme.concern_ids)
    need = need_level_metrics(y_true=data.need_true, y_pred=data.need_pred,
                              y_prob=data.need_prob, level_ids=scheme.need_level_ids)
    assert result.concerns.macro_f1.estimate == pytest.approx(concerns["macro_f1"])
    assert result.concerns.micro_f1.estimate == pytest.approx(concerns["micro_f1"])
    for concern in scheme.concern_ids:
        for name in ("precision", "recall", "f1"):
            assert result.concerns.per_category[concern][name].estimate == pytest.approx(
                concerns["per_category"][concern][name])
    for name in ("accuracy", "macro_f1", "qwk", "under_triage", "over_triage"):
        assert getattr(result.need_level, name).estimate == pytest.approx(need[name])
        interval = getattr(result.need_level, name)
        assert interval.low <= interval.estimate + 1e-9 <= interval.high + 2e-9


def test_headline_on_tiny_input_by_hand() -> None:
    from evaluation.headline import need_scores_from_confusion

    # recorded top level (row 3) suggested as 3, 2, 1, 0 -> under-triage 2/4
    confusion = np.zeros((4, 4))
    for suggested in (3, 2, 1, 0):
        confusion[3, suggested] += 1
    confusion[0, 3] = 1  # one advice referral suggested as child protection
    confusion[1, 1] = 1
    scores = need_scores_from_confusion(confusion)
    assert scores["under_triage"] == pytest.approx(0.5)
    assert scores["over_triage"] == pytest.approx(0.5)
    assert scores["accuracy"] == pytest.approx(2 / 6)
