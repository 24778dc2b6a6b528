"""Each eligible group against its partition's reference: differences, ratios and decisions.

Disparity is measured against a reference group (the largest by default). A test is
flagged when its multiplicity-adjusted interval for the difference excludes 0, or
when the ratio leaves 0.8–1.25 *and* its adjusted interval for the log ratio excludes
0. The adjusted interval uses the bootstrap standard error with a normal critical
value: 500 resamples cannot resolve a 0.001% percentile.

Guards against noise: a rate is tested only when, at the pooled rate, both the group
and the reference expect at least ``min_expected_events`` events and non-events
(default 10): with fewer, a ratio of 1.25 is within chance. For rates the standard
error is the larger of the bootstrap one and the two-proportion one at the pooled
rate, so a group whose few events came out low by chance does not get a falsely
narrow interval.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from evaluation.audit_options import AuditOptions
from evaluation.audit_results import ComparisonRow, ComparisonTable, Flag
from evaluation.bootstrap import nan_std, percentile_interval, safe_ratio
from evaluation.contributions import MetricSpec
from evaluation.jsonable import rounded
from evaluation.partitions import GroupStatistics, Partition
from evaluation.wording import flag_reasons, flag_sentence


@dataclass
class Comparisons:
    """Every group-versus-reference comparison of one partition, as arrays (G_other, M)."""

    partition: Partition
    specs: list[MetricSpec]
    others: list[int]
    reference: int
    estimate: NDArray[Any]
    reference_value: NDArray[Any]
    group_low: NDArray[Any]
    group_high: NDArray[Any]
    difference: NDArray[Any]
    difference_low: NDArray[Any]
    difference_high: NDArray[Any]
    se: NDArray[Any]
    ratio: NDArray[Any]
    ratio_low: NDArray[Any]
    ratio_high: NDArray[Any]
    log_ratio_se: NDArray[Any]
    status: NDArray[Any]
    ratio_tested: NDArray[Any]

    @property
    def single(self) -> bool:
        """Whether the partition is one attribute (not a pair)."""
        return len(self.partition.attributes) == 1

    @property
    def tests_per_metric(self) -> NDArray[Any]:
        """Tests made per metric column: difference tests plus ratio tests."""
        result: NDArray[Any] = (self.status == "tested").sum(axis=0) + self.ratio_tested.sum(axis=0)
        return result


@dataclass
class _PooledRates:
    """Two-proportion quantities at the pooled rate of a group and its reference."""

    pooled: NDArray[Any]
    expected: NDArray[Any]
    inverse_sizes: NDArray[Any]

    @property
    def null_se(self) -> NDArray[Any]:
        result: NDArray[Any] = np.sqrt(np.clip(self.pooled * (1 - self.pooled), 0, None)
                                       * self.inverse_sizes)
        return result


def _pooled_rates(
    chosen: list[MetricSpec], group_sums: NDArray[Any], others: list[int], reference_slot: int
) -> _PooledRates:
    numerators = [spec.numerator[0] for spec in chosen]
    denominators = [spec.denominator for spec in chosen]
    events = group_sums[others][:, numerators]
    totals = group_sums[others][:, denominators]
    ref_events = group_sums[reference_slot, numerators][None, :]
    ref_totals = group_sums[reference_slot, denominators][None, :]
    pooled = safe_ratio(events + ref_events, totals + ref_totals)
    smaller = np.minimum(totals, ref_totals)
    expected = smaller * np.minimum(pooled, 1 - pooled)
    inverse_sizes = safe_ratio(1.0, totals) + safe_ratio(1.0, ref_totals)
    return _PooledRates(pooled, expected, inverse_sizes)


def _status(
    estimate: NDArray[Any], reference_value: NDArray[Any], se: NDArray[Any],
    expected: NDArray[Any], is_rate: NDArray[Any], options: AuditOptions,
) -> NDArray[Any]:
    """Why a comparison is or is not tested (the last matching reason wins)."""
    defined = np.isfinite(estimate) & np.isfinite(reference_value)[None, :]
    enough = ~is_rate[None, :] | (np.nan_to_num(expected) >= options.min_expected_events)
    varies = np.isfinite(se) & (se > 0)
    status = np.full(estimate.shape, "tested", dtype=object)
    status[~varies] = "no variation"
    status[~enough] = "too few events"
    status[~defined] = "undefined (no eligible referrals)"
    return status


def compare(
    *, part: Partition, specs: list[MetricSpec], stats: GroupStatistics, reference_slot: int,
    group_sums: NDArray[Any], options: AuditOptions,
) -> Comparisons:
    """Difference and ratio of every eligible group against the reference, vectorised.

    ``group_sums`` holds the eligible groups' column sums, in ``stats.eligible`` order.
    """
    eligible, point, boot = stats.eligible, stats.point, stats.boot
    tested = [m for m, spec in enumerate(specs) if spec.tested]
    chosen = [specs[m] for m in tested]
    others = [slot for slot in range(len(eligible)) if slot != reference_slot]
    estimate = point[others][:, tested]
    reference_value = point[reference_slot, tested]
    group_boot = boot[:, others][:, :, tested]
    ref_boot = boot[:, reference_slot, tested][:, None, :]
    difference_boot = group_boot - ref_boot
    difference_low, difference_high = percentile_interval(difference_boot, level=options.level)
    is_rate = np.array([spec.kind == "rate" for spec in chosen])
    rates = _pooled_rates(chosen, group_sums, others, reference_slot)
    boot_se = nan_std(difference_boot)
    se = np.where(is_rate[None, :], np.fmax(boot_se, rates.null_se), boot_se)
    status = _status(estimate, reference_value, se, rates.expected, is_rate, options)
    positive = (np.nan_to_num(estimate) > 0) & (np.nan_to_num(reference_value) > 0)[None, :]
    ratio_tested = (status == "tested") & is_rate[None, :] & positive
    ratio = np.where(ratio_tested, safe_ratio(estimate, reference_value[None, :]), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_boot = np.log(group_boot) - np.log(ref_boot)
    ratio_low, ratio_high = percentile_interval(np.exp(log_boot), level=options.level)
    null_log_se = np.sqrt(np.clip(safe_ratio(1 - rates.pooled, rates.pooled), 0, None)
                          * rates.inverse_sizes)
    return Comparisons(
        partition=part, specs=chosen, others=[int(eligible[slot]) for slot in others],
        reference=int(eligible[reference_slot]), estimate=estimate,
        reference_value=reference_value, group_low=stats.low[others][:, tested],
        group_high=stats.high[others][:, tested], difference=estimate - reference_value[None, :],
        difference_low=difference_low, difference_high=difference_high, se=se,
        ratio=ratio, ratio_low=np.where(ratio_tested, ratio_low, np.nan),
        ratio_high=np.where(ratio_tested, ratio_high, np.nan),
        log_ratio_se=np.fmax(nan_std(log_boot), null_log_se), status=status,
        ratio_tested=ratio_tested,
    )


@dataclass
class _Decisions:
    """The adjusted tests of one partition, as arrays (G_other, M)."""

    z: NDArray[Any]
    difference_flag: NDArray[Any]
    ratio_flag: NDArray[Any]
    adjusted_low: NDArray[Any]
    adjusted_high: NDArray[Any]


def _test(found: Comparisons, z_adjusted: NDArray[Any], options: AuditOptions) -> _Decisions:
    """Apply the adjusted critical value to the difference and the ratio."""
    tested = found.status == "tested"
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(tested, found.difference / found.se, 0.0)
        log_ratio = np.log(found.ratio)
    difference_flag = tested & (np.abs(z) > z_adjusted)
    low_band, high_band = options.ratio_band
    outside = found.ratio_tested & ((found.ratio < low_band) | (found.ratio > high_band))
    # A question with no comparisons has an infinite critical value; inf x 0 standard
    # error must read "not flagged", not NaN.
    with np.errstate(invalid="ignore"):
        threshold = np.nan_to_num(z_adjusted * found.log_ratio_se, nan=np.inf)
    ratio_flag = outside & (np.abs(np.nan_to_num(log_ratio)) > threshold)
    with np.errstate(invalid="ignore"):
        adjusted_low = np.where(tested, found.difference - z_adjusted * found.se, np.nan)
        adjusted_high = np.where(tested, found.difference + z_adjusted * found.se, np.nan)
    return _Decisions(z, difference_flag, ratio_flag, adjusted_low, adjusted_high)


def _row(found: Comparisons, tests: _Decisions, row: int, column: int, flagged: bool
         ) -> ComparisonRow:
    return ComparisonRow(
        group=found.partition.labels[found.others[row]], metric=found.specs[column].name,
        status=str(found.status[row, column]),
        group_value=rounded(found.estimate[row, column]),
        reference_value=rounded(found.reference_value[column]),
        difference=rounded(found.difference[row, column]),
        difference_low=rounded(found.difference_low[row, column]),
        difference_high=rounded(found.difference_high[row, column]),
        adjusted_low=rounded(tests.adjusted_low[row, column]),
        adjusted_high=rounded(tests.adjusted_high[row, column]),
        ratio=rounded(found.ratio[row, column]), ratio_low=rounded(found.ratio_low[row, column]),
        ratio_high=rounded(found.ratio_high[row, column]), z=rounded(tests.z[row, column]),
        flagged=flagged,
    )


def _flag(found: Comparisons, tests: _Decisions, row: int, column: int,
          options: AuditOptions) -> Flag:
    part, spec, index = found.partition, found.specs[column], found.others[row]
    assert spec.flag_kind is not None  # only tested metrics are compared
    flag = Flag(
        partition=part.name, group=part.labels[index], reference=part.labels[found.reference],
        metric=spec.name, metric_label=spec.label, kind=spec.flag_kind,
        n_group=int(part.sizes[index]), n_reference=int(part.sizes[found.reference]),
        group_value=float(found.estimate[row, column]),
        reference_value=float(found.reference_value[column]),
        group_ci95=(float(found.group_low[row, column]), float(found.group_high[row, column])),
        difference=float(found.difference[row, column]),
        difference_ci95=(float(found.difference_low[row, column]),
                         float(found.difference_high[row, column])),
        difference_ci_adjusted=(float(tests.adjusted_low[row, column]),
                                float(tests.adjusted_high[row, column])),
        ratio=rounded(found.ratio[row, column]),
        ratio_ci95=(rounded(found.ratio_low[row, column]), rounded(found.ratio_high[row, column])),
        z=float(tests.z[row, column]),
        reasons=flag_reasons(difference_flagged=bool(tests.difference_flag[row, column]),
                             ratio_flagged=bool(tests.ratio_flag[row, column]),
                             ratio=float(found.ratio[row, column]), band=options.ratio_band),
    )
    return replace(flag, sentence=flag_sentence(flag))


def decide(
    found: Comparisons, z_adjusted: NDArray[Any], options: AuditOptions
) -> tuple[ComparisonTable, list[Flag]]:
    """Apply the adjusted critical values; return the comparison table and the flags."""
    tests = _test(found, z_adjusted, options)
    rows: list[ComparisonRow] = []
    flags: list[Flag] = []
    for row in range(len(found.others)):
        for column, spec in enumerate(found.specs):
            flagged = bool(tests.difference_flag[row, column] or tests.ratio_flag[row, column]) \
                and (spec.flag_kind != "suggestion_rate" or options.flag_suggestion_rates)
            rows.append(_row(found, tests, row, column, flagged))
            if flagged:
                flags.append(_flag(found, tests, row, column, options))
    return ComparisonTable(tuple(rows)), flags
