"""Authority comparison: need-level mix, agreement with the model, and where recorded
decisions sit relative to the model's suggestions.

The model is trained on the whole region, so its suggestion is a region-wide reading
of the text. An authority whose recorded levels sit above the suggestions *more than
the rest of the region does* decides higher than its peers on similar text; that is
what the note says, with a bootstrap interval adjusted for the number of authorities
compared (Bonferroni), so one authority in fifteen is not singled out by chance.
"""

from __future__ import annotations

from dataclasses import replace
from statistics import NormalDist
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import cohen_kappa_score

from evaluation.bootstrap import DEFAULT_LEVEL, nan_std, percentile_interval, safe_ratio
from evaluation.jsonable import finite
from evaluation.predictions import MISSING_GROUP, EvaluationInput
from evaluation.report_types import AuthorityComparison, AuthorityGap, AuthorityRow
from evaluation.wording import authority_method, authority_note

AUTHORITY_COLUMN = "authority"


def compare_authorities(
    data: EvaluationInput,
    *,
    level_ids: list[str],
    weights: NDArray[Any],
    min_size: int = 50,
    family_alpha: float = 0.05,
    level: float = DEFAULT_LEVEL,
) -> AuthorityComparison:
    """Per authority: recorded and suggested mix, accuracy, QWK, gap against the region.

    Parameters
    ----------
    weights : array (n_boot, n) of bootstrap resample counts (``resample_counts``)
    """
    authorities = data.groups[AUTHORITY_COLUMN].to_numpy()
    names = sorted(set(authorities))
    levels = len(level_ids)
    compared = [name for name in names if (authorities == name).sum() >= min_size
                and name != MISSING_GROUP]
    z = NormalDist().inv_cdf(1 - family_alpha / (2 * max(len(compared), 1)))
    region = _Region(data, np.asarray(weights, dtype=np.float32), level, levels)
    rows: list[AuthorityRow] = []
    for name in names:
        mask = authorities == name
        size = int(mask.sum())
        recorded = np.bincount(data.need_true[mask], minlength=levels) / max(size, 1)
        suggested = np.bincount(data.need_pred[mask], minlength=levels) / max(size, 1)
        row = AuthorityRow(
            authority=name, n=size,
            recorded_mix={level_ids[r]: float(recorded[r]) for r in range(levels)},
            suggested_mix={level_ids[r]: float(suggested[r]) for r in range(levels)},
            status="too small" if size < min_size else (
                "ok" if name in compared else "not compared (authority missing)"),
        )
        if size >= min_size:
            row = replace(row, gap=region.gap(name, mask, z, name in compared))
        rows.append(row)
    return AuthorityComparison(tuple(rows), min_size,
                               authority_method(len(compared), family_alpha))


class _Region:
    """Region-wide sums the authorities are compared against, shared across authorities."""

    def __init__(
        self, data: EvaluationInput, weights32: NDArray[Any], level: float, levels: int
    ) -> None:
        self.data, self.weights32, self.level, self.levels = data, weights32, level, levels
        self.gap_rows = (data.need_true - data.need_pred).astype(np.float32)
        self.correct = (data.need_true == data.need_pred).astype(np.float32)
        self.boot_total_gap = weights32 @ self.gap_rows
        self.boot_total_count = weights32.sum(1)

    def gap(self, name: str, mask: NDArray[Any], z: float, compared: bool) -> AuthorityGap:
        """One authority's accuracy and recorded-minus-suggested gap against the rest."""
        data, weights32, gap, level = self.data, self.weights32, self.gap_rows, self.level
        mask32 = mask.astype(np.float32)
        own_count = weights32 @ mask32
        own_gap = safe_ratio(weights32 @ (gap * mask32), own_count)
        rest_gap = safe_ratio(self.boot_total_gap - weights32 @ (gap * mask32),
                              self.boot_total_count - own_count)
        accuracy_boot = safe_ratio(weights32 @ (self.correct * mask32), own_count)
        point_gap = float(gap[mask].mean())
        rest_point = float(gap[~mask].mean()) if (~mask).any() else float("nan")
        difference_boot = own_gap - rest_gap
        gap_low, gap_high = percentile_interval(own_gap[:, None], level=level)
        diff_low, diff_high = percentile_interval(difference_boot[:, None], level=level)
        acc_low, acc_high = percentile_interval(accuracy_boot[:, None], level=level)
        difference = point_gap - rest_point
        se = float(nan_std(difference_boot[:, None])[0])
        levels = self.levels
        kappa = (float(cohen_kappa_score(data.need_true[mask], data.need_pred[mask],
                                         weights="quadratic", labels=list(range(levels))))
                 if len(set(data.need_true[mask]) | set(data.need_pred[mask])) > 1
                 else float("nan"))
        systematic = compared and np.isfinite(se) and se > 0 and abs(difference) > z * se
        interval = (float(diff_low[0]), float(diff_high[0]))
        return AuthorityGap(
            accuracy=(finite(self.correct[mask].mean()), finite(acc_low[0]), finite(acc_high[0])),
            qwk=finite(kappa),
            recorded_minus_suggested=(finite(point_gap), finite(gap_low[0]), finite(gap_high[0])),
            rest_of_region=finite(rest_point),
            difference_from_rest=(finite(difference), finite(interval[0]), finite(interval[1])),
            adjusted_interval=(finite(difference - z * se), finite(difference + z * se))
            if np.isfinite(se) else None,
            systematic=bool(systematic),
            note=authority_note(name, point_gap, difference, interval, rest_point,
                                bool(systematic)),
        )
