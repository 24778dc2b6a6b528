"""Authority comparison: need-level mix, agreement with the model, and where recorded
decisions sit relative to the model's suggestions.

The model is trained on the whole region, so its suggestion is a region-wide reading
of the text. An authority whose recorded levels sit above the suggestions *more than
the rest of the region does* decides higher than its peers on similar text; that is
what the note says, with a bootstrap interval adjusted for the number of authorities
compared (Bonferroni), so one authority in fifteen is not singled out by chance.
"""

from __future__ import annotations

from statistics import NormalDist
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import cohen_kappa_score

from evaluation.bootstrap import DEFAULT_LEVEL, nan_std, percentile_interval, safe_ratio
from evaluation.predictions import MISSING_GROUP, EvaluationInput

AUTHORITY_COLUMN = "authority"


def compare_authorities(
    data: EvaluationInput,
    *,
    level_ids: list[str],
    weights: NDArray[Any],
    min_size: int = 50,
    family_alpha: float = 0.05,
    level: float = DEFAULT_LEVEL,
) -> dict[str, Any]:
    """Per authority: recorded and suggested mix, accuracy, QWK, gap against the region.

    Parameters
    ----------
    weights : array (n_boot, n) of bootstrap resample counts (``resample_counts``)
    """
    authorities = data.groups[AUTHORITY_COLUMN].to_numpy()
    names = sorted(set(authorities))
    levels = len(level_ids)
    gap = (data.need_true - data.need_pred).astype(np.float32)
    correct = (data.need_true == data.need_pred).astype(np.float32)
    weights32 = np.asarray(weights, dtype=np.float32)
    boot_total_gap = weights32 @ gap
    boot_total_count = weights32.sum(1)
    compared = [name for name in names if (authorities == name).sum() >= min_size
                and name != MISSING_GROUP]
    z = NormalDist().inv_cdf(1 - family_alpha / (2 * max(len(compared), 1)))
    rows: list[dict[str, Any]] = []
    for name in names:
        mask = authorities == name
        size = int(mask.sum())
        recorded = np.bincount(data.need_true[mask], minlength=levels) / max(size, 1)
        suggested = np.bincount(data.need_pred[mask], minlength=levels) / max(size, 1)
        row: dict[str, Any] = {
            "authority": name,
            "n": size,
            "recorded_mix": {level_ids[r]: float(recorded[r]) for r in range(levels)},
            "suggested_mix": {level_ids[r]: float(suggested[r]) for r in range(levels)},
            "status": "too small" if size < min_size else (
                "ok" if name in compared else "not compared (authority missing)"),
        }
        if size < min_size:
            rows.append(row)
            continue
        mask32 = mask.astype(np.float32)
        own_count = weights32 @ mask32
        own_gap = safe_ratio(weights32 @ (gap * mask32), own_count)
        rest_gap = safe_ratio(boot_total_gap - weights32 @ (gap * mask32),
                              boot_total_count - own_count)
        accuracy_boot = safe_ratio(weights32 @ (correct * mask32), own_count)
        point_gap = float(gap[mask].mean())
        rest_point = float(gap[~mask].mean()) if (~mask).any() else float("nan")
        difference_boot = own_gap - rest_gap
        gap_low, gap_high = percentile_interval(own_gap[:, None], level=level)
        diff_low, diff_high = percentile_interval(difference_boot[:, None], level=level)
        acc_low, acc_high = percentile_interval(accuracy_boot[:, None], level=level)
        difference = point_gap - rest_point
        se = float(nan_std(difference_boot[:, None])[0])
        kappa = (float(cohen_kappa_score(data.need_true[mask], data.need_pred[mask],
                                         weights="quadratic", labels=list(range(levels))))
                 if len(set(data.need_true[mask]) | set(data.need_pred[mask])) > 1
                 else float("nan"))
        systematic = name in compared and np.isfinite(se) and se > 0 and abs(difference) > z * se
        row.update({
            "accuracy": [float(correct[mask].mean()), float(acc_low[0]), float(acc_high[0])],
            "qwk": kappa,
            "recorded_minus_suggested": [point_gap, float(gap_low[0]), float(gap_high[0])],
            "rest_of_region": rest_point,
            "difference_from_rest": [difference, float(diff_low[0]), float(diff_high[0])],
            "adjusted_interval": [difference - z * se, difference + z * se]
            if np.isfinite(se) else None,
            "systematic": bool(systematic),
            "note": _note(name, point_gap, difference, (float(diff_low[0]), float(diff_high[0])),
                          rest_point, bool(systematic)),
        })
        rows.append(row)
    return {
        "authorities": rows,
        "min_size": min_size,
        "method": (
            f"Each authority's mean recorded-minus-suggested need level is compared with the "
            f"rest of the region's; 'systematic' means the interval for the difference, "
            f"widened for {len(compared)} authorities (Bonferroni, family-wise "
            f"{family_alpha:.0%}), excludes 0."
        ),
    }


def _note(
    name: str, gap: float, difference: float, interval: tuple[float, float], rest: float,
    systematic: bool,
) -> str:
    """Plain-words note for one authority."""
    where = "above" if gap >= 0 else "below"
    base = (f"{name}: recorded need levels sit {abs(gap):.2f} levels {where} the model's "
            f"suggestions on average, against {rest:+.2f} in the rest of the region")
    if not systematic:
        return base + " — no systematic difference from the rest of the region."
    direction = "higher" if difference > 0 else "lower"
    return (
        f"{base} (difference {difference:+.2f}, 95% CI {interval[0]:.2f} to {interval[1]:.2f}): "
        f"{name} records systematically {direction} need levels than the rest of the region "
        f"for referrals the model reads alike."
    )
