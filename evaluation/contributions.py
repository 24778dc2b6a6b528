"""The contribution matrix: one row per referral whose column sums give every audited metric.

Every audited metric is a ratio of sums over referrals (a false negative rate is
missed positives / positives; the recorded-minus-suggested gap is the sum of
``need_true - need_pred`` / referrals; a binned calibration error is a sum of
per-bin absolute sums / referrals). A group's metric is therefore computed from that
group's column sums, and the same sums weighted by bootstrap resample counts give
every group's metric in every resample with one matrix product.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from evaluation.audit_results import FlagKind
from evaluation.bootstrap import safe_ratio
from evaluation.predictions import EvaluationInput
from evaluation.wording import words

MetricKind = Literal["rate", "mean", "ece"]


@dataclass(frozen=True)
class MetricSpec:
    """One audited metric: where its numerator and denominator sit in the sums."""

    name: str
    label: str
    kind: MetricKind
    numerator: tuple[int, ...]
    denominator: int
    flag_kind: FlagKind | None

    @property
    def tested(self) -> bool:
        """Whether disparities in this metric are tested (ECE is descriptive only)."""
        return self.flag_kind is not None


@dataclass
class Contributions:
    """Per-referral contribution matrix (n, E) and the metrics defined on its sums."""

    matrix: NDArray[np.float64]
    columns: list[str]
    specs: list[MetricSpec]


@dataclass
class _Columns:
    """Columns added one by one; the position of each is what a MetricSpec points at."""

    n: int
    names: list[str] = field(default_factory=list)
    blocks: list[NDArray[Any]] = field(default_factory=list)

    def add(self, name: str, values: Any) -> int:
        self.names.append(name)
        self.blocks.append(np.asarray(values, dtype=float).reshape(self.n))
        return len(self.names) - 1


def _concern_error_specs(
    columns: _Columns, truth: NDArray[Any], pred: NDArray[Any], concern_ids: list[str]
) -> list[MetricSpec]:
    """False positive and false negative rate per concern category."""
    specs: list[MetricSpec] = []
    for index, concern in enumerate(concern_ids):
        positives = columns.add(f"positives.{concern}", truth[:, index])
        negatives = columns.add(f"negatives.{concern}", 1 - truth[:, index])
        false_pos = columns.add(f"false_positives.{concern}",
                                (1 - truth[:, index]) * pred[:, index])
        false_neg = columns.add(f"false_negatives.{concern}",
                                truth[:, index] * (1 - pred[:, index]))
        specs.append(MetricSpec(f"false_positive_rate.{concern}",
                                f"false positive rate for {words(concern)}", "rate",
                                (false_pos,), negatives, "model_error"))
        specs.append(MetricSpec(f"false_negative_rate.{concern}",
                                f"false negative rate for {words(concern)}", "rate",
                                (false_neg,), positives, "model_error"))
    return specs


def _bin_columns(
    columns: _Columns, prefix: str, bins: NDArray[Any], values: NDArray[Any], n_bins: int
) -> tuple[int, ...]:
    """One column per calibration bin holding the signed gaps that fall in it."""
    added = []
    for b in range(n_bins):
        in_bin = np.where(bins == b, values, 0.0)
        added.append(columns.add(f"{prefix}_{b}", in_bin.sum(1) if in_bin.ndim == 2 else in_bin))
    return tuple(added)


def build_contributions(
    data: EvaluationInput,
    *,
    concern_ids: list[str],
    level_ids: list[str],
    selection_rank: int | None = None,
    n_bins: int = 10,
) -> Contributions:
    """Contribution matrix whose column sums over any set of referrals give its metrics."""
    n = data.n_referrals
    top = len(level_ids) - 1
    selection = len(level_ids) - 2 if selection_rank is None else selection_rank
    truth, pred = data.concerns_true.astype(float), data.concerns_pred.astype(float)
    columns = _Columns(n)
    count = columns.add("referrals", np.ones(n))
    specs = _concern_error_specs(columns, truth, pred, concern_ids)
    need_true, need_pred = data.need_true, data.need_pred
    low = max(top - 2, 0)
    top_rows = columns.add("recorded_top", need_true == top)
    under = columns.add("under_triaged", (need_true == top) & (need_pred <= top - 2))
    low_rows = columns.add("recorded_low", need_true <= low)
    over = columns.add("over_triaged", (need_true <= low) & (need_pred == top))
    selected = columns.add("suggested_selection", need_pred >= selection)
    gap = columns.add("recorded_minus_suggested", need_true - need_pred)
    correct_pred = columns.add("correct", need_true == need_pred)
    confidence = data.need_prob.max(axis=1)
    correct_top = (data.need_prob.argmax(axis=1) == need_true).astype(float)
    need_calibration = columns.add("need_confidence_minus_correct", confidence - correct_top)
    cell_count = columns.add("concern_cells", np.full(n, float(len(concern_ids))))
    concern_calibration = columns.add("concern_prob_minus_true",
                                      (data.concerns_prob - truth).sum(1))
    need_bins = np.minimum((np.clip(confidence, 0, 1) * n_bins).astype(int), n_bins - 1)
    need_bin_columns = _bin_columns(columns, "need_bin", need_bins, confidence - correct_top,
                                    n_bins)
    concern_bins = np.minimum((np.clip(data.concerns_prob, 0, 1) * n_bins).astype(int),
                              n_bins - 1)
    concern_bin_columns = _bin_columns(columns, "concern_bin", concern_bins,
                                       data.concerns_prob - truth, n_bins)
    selection_words = f"{words(level_ids[selection])} or above"
    specs += [
        MetricSpec("under_triage", "under-triage rate", "rate", (under,), top_rows,
                   "model_error"),
        MetricSpec("over_triage", "over-triage rate", "rate", (over,), low_rows, "model_error"),
        MetricSpec("selection_rate", f"share suggested {selection_words}", "rate",
                   (selected,), count, "suggestion_rate"),
        MetricSpec("recorded_minus_suggested", "recorded minus suggested need level", "mean",
                   (gap,), count, "recorded_vs_suggested"),
        MetricSpec("need_calibration_gap", "need-level confidence minus accuracy", "mean",
                   (need_calibration,), count, "model_error"),
        MetricSpec("concern_calibration_gap", "concern probability minus observed rate",
                   "mean", (concern_calibration,), cell_count, "model_error"),
        MetricSpec("need_accuracy", "need-level accuracy", "mean", (correct_pred,), count, None),
        MetricSpec("need_ece", "need-level expected calibration error", "ece",
                   need_bin_columns, count, None),
        MetricSpec("concern_ece", "concern expected calibration error", "ece",
                   concern_bin_columns, cell_count, None),
    ]
    return Contributions(np.column_stack(columns.blocks), columns.names, specs)


def metric_values(sums: NDArray[Any], specs: Sequence[MetricSpec]) -> NDArray[Any]:
    """Every metric from column sums of shape (..., E); returns (..., n_metrics)."""
    values = []
    for spec in specs:
        if spec.kind == "ece":
            numerator = np.abs(sums[..., list(spec.numerator)]).sum(-1)
        else:
            numerator = sums[..., spec.numerator[0]]
        values.append(safe_ratio(numerator, sums[..., spec.denominator]))
    return np.stack(values, axis=-1)
