"""Headline metrics with bootstrap intervals, computed from resampled counts.

Every headline metric is a function of per-category TP/FP/FN counts (concerns) or of
the need-level confusion matrix. Both are sums over referrals, so one matrix product
gives them for all resamples; the metric formulas below then run on arrays with a
leading resample axis. With unit weights they reproduce ``scoring.metrics``
exactly (tested), so the intervals are intervals around the reported numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from evaluation.bootstrap import DEFAULT_LEVEL, Interval, percentile_interval, safe_ratio
from evaluation.predictions import EvaluationInput
from evaluation.report_types import ConcernHeadline, Estimate, Headline, NeedHeadline


def _zero_if_nan(values: NDArray[Any]) -> NDArray[Any]:
    """scikit-learn's ``zero_division=0``: an undefined precision/recall/F1 counts as 0."""
    return np.where(np.isfinite(values), values, 0.0)


def concern_scores_from_counts(
    *, tp: NDArray[Any], fp: NDArray[Any], fn: NDArray[Any]
) -> dict[str, NDArray[Any]]:
    """Precision, recall, F1 per category plus micro/macro F1 from counts (..., k)."""
    precision = _zero_if_nan(safe_ratio(tp, tp + fp))
    recall = _zero_if_nan(safe_ratio(tp, tp + fn))
    f1 = _zero_if_nan(safe_ratio(2 * tp, 2 * tp + fp + fn))
    total_tp, total_fp, total_fn = tp.sum(-1), fp.sum(-1), fn.sum(-1)
    micro = _zero_if_nan(safe_ratio(2 * total_tp, 2 * total_tp + total_fp + total_fn))
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "micro_f1": micro,
        "macro_f1": f1.mean(-1),
    }


def need_scores_from_confusion(confusion: NDArray[Any]) -> dict[str, NDArray[Any]]:
    """Accuracy, macro F1, QWK, under- and over-triage from confusion matrices (..., L, L).

    Rows are recorded levels, columns suggested levels. Under-triage: recorded top level
    suggested two or more levels lower; over-triage: the two lowest levels suggested as
    the top level (the definitions in ``scoring.metrics``).
    """
    matrix = np.asarray(confusion, dtype=float)
    levels = matrix.shape[-1]
    top = levels - 1
    total = matrix.sum(axis=(-2, -1))
    diagonal = np.diagonal(matrix, axis1=-2, axis2=-1)
    rows = matrix.sum(-1)
    columns = matrix.sum(-2)
    accuracy = safe_ratio(diagonal.sum(-1), total)
    f1 = _zero_if_nan(safe_ratio(2 * diagonal, rows + columns))
    ranks = np.arange(levels)
    weights = (ranks[:, None] - ranks[None, :]) ** 2 / max(top, 1) ** 2
    expected = rows[..., :, None] * columns[..., None, :]
    observed_cost = (weights * matrix).sum(axis=(-2, -1))
    expected_cost = safe_ratio((weights * expected).sum(axis=(-2, -1)), total)
    qwk = 1.0 - safe_ratio(observed_cost, expected_cost)
    low = max(top - 2, 0)
    under = safe_ratio(matrix[..., top, : top - 1].sum(-1), rows[..., top])
    over = safe_ratio(matrix[..., : low + 1, top].sum(-1), rows[..., : low + 1].sum(-1))
    return {
        "accuracy": accuracy,
        "macro_f1": f1.mean(-1),
        "qwk": qwk,
        "under_triage": under,
        "over_triage": over,
    }


def _interval(point: NDArray[Any], samples: NDArray[Any], level: float) -> Estimate:
    low, high = percentile_interval(np.asarray(samples, dtype=float)[:, None], level=level)
    return Estimate.from_interval(Interval(float(point), float(low[0]), float(high[0]), level))


def headline_intervals(
    data: EvaluationInput,
    *,
    concern_ids: list[str],
    weights: NDArray[Any],
    level: float = DEFAULT_LEVEL,
) -> Headline:
    """Bootstrap intervals for the headline metrics.

    Parameters
    ----------
    weights : array (n_boot, n) of resample counts from ``resample_counts``
    """
    truth = data.concerns_true.astype(np.float32)
    pred = data.concerns_pred.astype(np.float32)
    tp_rows, fp_rows, fn_rows = truth * pred, (1 - truth) * pred, truth * (1 - pred)
    point = concern_scores_from_counts(
        tp=tp_rows.sum(0).astype(float), fp=fp_rows.sum(0).astype(float),
        fn=fn_rows.sum(0).astype(float),
    )
    boot = concern_scores_from_counts(
        tp=(weights @ tp_rows).astype(float), fp=(weights @ fp_rows).astype(float),
        fn=(weights @ fn_rows).astype(float),
    )
    per_category = {
        concern: {name: _interval(point[name][index], boot[name][:, index], level)
                  for name in ("precision", "recall", "f1")}
        for index, concern in enumerate(concern_ids)
    }
    levels = data.n_levels
    cells = np.zeros((data.n_referrals, levels * levels), dtype=np.float32)
    cells[np.arange(data.n_referrals), data.need_true * levels + data.need_pred] = 1.0
    point_need = need_scores_from_confusion(cells.sum(0).astype(float).reshape(levels, levels))
    boot_need = need_scores_from_confusion(
        (weights @ cells).astype(float).reshape(-1, levels, levels)
    )
    return Headline(
        concerns=ConcernHeadline(
            micro_f1=_interval(point["micro_f1"], boot["micro_f1"], level),
            macro_f1=_interval(point["macro_f1"], boot["macro_f1"], level),
            per_category=per_category,
        ),
        need_level=NeedHeadline(**{
            name: _interval(point_need[name], boot_need[name], level)
            for name in ("accuracy", "macro_f1", "qwk", "under_triage", "over_triage")
        }),
    )
