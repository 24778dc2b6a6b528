"""Metrics shared by training (held-out split) and evaluation (reports).

Every function takes keyword-only arrays so ``y_true`` and ``y_pred`` cannot be
swapped. Need levels are integer ranks (0 = lowest); concerns are 0/1 matrices whose
columns follow the label scheme's concern order.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    cohen_kappa_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)

DEFAULT_BINS = 10


def calibration_errors(
    *, y_true: NDArray[Any], y_prob: NDArray[Any], n_bins: int = DEFAULT_BINS
) -> tuple[float, float]:
    """Expected and maximum calibration error over equal-width probability bins.

    ``y_true`` is 0/1 and ``y_prob`` the predicted probability of the positive class,
    both 1-D. ECE weights each bin's |accuracy - confidence| gap by its share of
    samples; MCE is the largest gap over non-empty bins.
    """
    truth = np.asarray(y_true, dtype=float).ravel()
    prob = np.clip(np.asarray(y_prob, dtype=float).ravel(), 0.0, 1.0)
    if truth.size == 0:
        return 0.0, 0.0
    bins = np.minimum((prob * n_bins).astype(int), n_bins - 1)
    ece = 0.0
    mce = 0.0
    for index in range(n_bins):
        mask = bins == index
        if not mask.any():
            continue
        gap = abs(truth[mask].mean() - prob[mask].mean())
        ece += mask.mean() * gap
        mce = max(mce, gap)
    return float(ece), float(mce)


def reliability_curve(
    *, y_true: NDArray[Any], y_prob: NDArray[Any], n_bins: int = DEFAULT_BINS
) -> list[dict[str, float]]:
    """Per-bin mean confidence, observed frequency and count (for reliability diagrams)."""
    truth = np.asarray(y_true, dtype=float).ravel()
    prob = np.clip(np.asarray(y_prob, dtype=float).ravel(), 0.0, 1.0)
    bins = np.minimum((prob * n_bins).astype(int), n_bins - 1)
    rows = []
    for index in range(n_bins):
        mask = bins == index
        if mask.any():
            rows.append(
                {
                    "bin": index,
                    "confidence": float(prob[mask].mean()),
                    "frequency": float(truth[mask].mean()),
                    "count": float(mask.sum()),
                }
            )
    return rows


def concern_metrics(
    *,
    y_true: NDArray[Any],
    y_pred: NDArray[Any],
    y_prob: NDArray[Any],
    concern_ids: list[str],
) -> dict[str, Any]:
    """Per-category precision/recall/F1/AP, micro and macro F1, Brier and ECE.

    Parameters
    ----------
    y_true, y_pred : array of shape (n_referrals, n_concerns), 0/1
    y_prob : array of shape (n_referrals, n_concerns), calibrated probabilities
    """
    truth = np.asarray(y_true, dtype=int)
    pred = np.asarray(y_pred, dtype=int)
    prob = np.asarray(y_prob, dtype=float)
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, pred, average=None, zero_division=0
    )
    per_category: dict[str, dict[str, float]] = {}
    for index, concern in enumerate(concern_ids):
        column = truth[:, index]
        ap = (
            float(average_precision_score(column, prob[:, index]))
            if 0 < column.sum() < len(column)
            else float("nan")
        )
        per_category[concern] = {
            "precision": float(precision[index]),
            "recall": float(recall[index]),
            "f1": float(f1[index]),
            "average_precision": ap,
            "support": float(support[index]),
        }
    ece, mce = calibration_errors(y_true=truth, y_prob=prob)
    return {
        "per_category": per_category,
        "micro_f1": float(f1_score(truth, pred, average="micro", zero_division=0)),
        "macro_f1": float(f1_score(truth, pred, average="macro", zero_division=0)),
        "brier": float(np.mean((prob - truth) ** 2)),
        "ece": ece,
        "mce": mce,
    }


def under_triage_rate(*, y_true: NDArray[Any], y_pred: NDArray[Any], n_levels: int) -> float:
    """Share of top-level referrals (child protection) suggested two or more levels lower.

    In the default four-level scheme: true child protection suggested as advice or
    early help. NaN when there is no top-level referral.
    """
    truth = np.asarray(y_true, dtype=int)
    pred = np.asarray(y_pred, dtype=int)
    top = n_levels - 1
    mask = truth == top
    if not mask.any():
        return float("nan")
    return float(np.mean(pred[mask] <= top - 2))


def over_triage_rate(*, y_true: NDArray[Any], y_pred: NDArray[Any], n_levels: int) -> float:
    """Share of the two lowest levels' referrals suggested as the top level."""
    truth = np.asarray(y_true, dtype=int)
    pred = np.asarray(y_pred, dtype=int)
    top = n_levels - 1
    mask = truth <= max(top - 2, 0)
    if not mask.any():
        return float("nan")
    return float(np.mean(pred[mask] == top))


def need_level_metrics(
    *,
    y_true: NDArray[Any],
    y_pred: NDArray[Any],
    y_prob: NDArray[Any],
    range_low: NDArray[Any] | None = None,
    range_high: NDArray[Any] | None = None,
    abstain: NDArray[Any] | None = None,
    level_ids: list[str],
) -> dict[str, Any]:
    """Accuracy, macro F1, QWK, confusion matrix, under/over-triage, calibration, conformal.

    Parameters
    ----------
    y_true, y_pred : array of shape (n_referrals,), integer ranks
    y_prob : array of shape (n_referrals, n_levels)
    range_low, range_high : optional conformal rank range per referral
    abstain : optional boolean flags
    """
    truth = np.asarray(y_true, dtype=int)
    pred = np.asarray(y_pred, dtype=int)
    prob = np.asarray(y_prob, dtype=float)
    n_levels = len(level_ids)
    labels = list(range(n_levels))
    confidence = prob.max(axis=1)
    correct = (prob.argmax(axis=1) == truth).astype(float)
    ece, mce = calibration_errors(y_true=correct, y_prob=confidence)
    one_hot = np.eye(n_levels)[truth]
    result: dict[str, Any] = {
        "accuracy": float(accuracy_score(truth, pred)),
        "macro_f1": float(f1_score(truth, pred, average="macro", labels=labels, zero_division=0)),
        "qwk": float(cohen_kappa_score(truth, pred, weights="quadratic", labels=labels)),
        "confusion_matrix": confusion_matrix(truth, pred, labels=labels).tolist(),
        "under_triage": under_triage_rate(y_true=truth, y_pred=pred, n_levels=n_levels),
        "over_triage": over_triage_rate(y_true=truth, y_pred=pred, n_levels=n_levels),
        "ece": ece,
        "mce": mce,
        "brier": float(np.mean(np.sum((prob - one_hot) ** 2, axis=1))),
    }
    if range_low is not None and range_high is not None:
        low = np.asarray(range_low, dtype=int)
        high = np.asarray(range_high, dtype=int)
        result["upper_coverage"] = float(np.mean(high >= truth))
        result["set_coverage"] = float(np.mean((low <= truth) & (truth <= high)))
        result["mean_set_size"] = float(np.mean(high - low + 1))
    if abstain is not None:
        flags = np.asarray(abstain, dtype=bool)
        result["abstain_rate"] = float(flags.mean())
        kept = ~flags
        result["accuracy_when_not_abstaining"] = (
            float(np.mean(pred[kept] == truth[kept])) if kept.any() else float("nan")
        )
    return result


def flatten_for_logging(metrics: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """Flatten nested metrics into MLflow-safe ``a.b.c`` keys, keeping finite scalars only."""
    flat: dict[str, float] = {}
    for key, value in metrics.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten_for_logging(value, prefix=f"{name}."))
        elif (
            isinstance(value, (int, float, np.floating, np.integer))
            and not isinstance(value, bool)
            and np.isfinite(value)
        ):
            flat[name] = float(value)
    return flat
