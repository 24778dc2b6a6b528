"""Bias audit: error rates and recorded-versus-suggested gaps disaggregated by group.

How it works, and why (each step lives in its own module):

* :mod:`evaluation.contributions`: every audited metric is a ratio of sums over
  referrals, so each referral contributes one row of a contribution matrix; a
  group's metric comes from that group's column sums, and bootstrap resample counts
  times the same matrix give every group's metric in every resample.
* :mod:`evaluation.partitions`: referrals split by each attribute (and each pair);
  Fairlearn's MetricFrame disaggregates, the bootstrap gives intervals. Groups under
  ``min_group_size`` are listed as too small and never tested.
* :mod:`evaluation.comparisons`: each group against its reference (the largest by
  default), with guards against noise, and the flag decisions.
* :mod:`evaluation.multiplicity`: weighted Bonferroni over every comparison made, so
  the chance of any false flag in one audit is at most ``family_alpha``.
* :mod:`evaluation.wording`: the plain-words sentences.

Calibration per group is reported as ECE, but disparity is *tested* on the signed
calibration gap (mean confidence minus accuracy). ECE is biased upwards in small
samples, so a smaller group would look worse calibrated than the largest group by
construction; the signed gap has no such bias.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from evaluation.audit_options import AuditOptions
from evaluation.audit_results import (
    COMPARISON_COLUMNS,
    AuditMethod,
    AuditResult,
    Flag,
    PartitionResult,
    TooSmallGroup,
)
from evaluation.comparisons import Comparisons, compare, decide
from evaluation.contributions import Contributions, build_contributions
from evaluation.multiplicity import allocate_alpha, multiple_comparisons
from evaluation.partitions import (
    PAIR_SEPARATOR,
    REFERENCE_TOO_SMALL,
    TOO_SMALL,
    UNKNOWN_REFERENCE,
    group_results,
    group_statistics,
    make_partition,
    reference_index,
)
from evaluation.predictions import GROUP_COLUMNS, EvaluationInput
from evaluation.wording import method_summary

__all__ = [
    "COMPARISON_COLUMNS", "PAIR_SEPARATOR", "REFERENCE_TOO_SMALL", "TOO_SMALL",
    "UNKNOWN_ATTRIBUTE", "UNKNOWN_REFERENCE", "AuditOptions", "AuditResult", "run_audit",
]

UNKNOWN_ATTRIBUTE = "unknown audit attribute {name!r}; allowed: {allowed}"


def check_attributes(options: AuditOptions) -> None:
    """Refuse an attribute the evaluation input does not carry (before any work)."""
    for attribute in options.attributes:
        if attribute not in GROUP_COLUMNS:
            raise ValueError(UNKNOWN_ATTRIBUTE.format(name=attribute, allowed=list(GROUP_COLUMNS)))


def attribute_sets(options: AuditOptions) -> list[tuple[str, ...]]:
    """The partitions audited: each attribute, then each pair when pairs are asked for."""
    sets: list[tuple[str, ...]] = [(a,) for a in options.attributes]
    if options.pairs:
        sets += list(itertools.combinations(options.attributes, 2))
    return sets


@dataclass
class _AuditedPartition:
    """One partition's groups, its too-small groups and (if any) its comparisons."""

    result: PartitionResult
    too_small: list[TooSmallGroup]
    comparisons: Comparisons | None


def _audit_partition(
    groups: pd.DataFrame, attributes: tuple[str, ...], contributions: Contributions,
    weights32: NDArray[Any], matrix32: NDArray[Any], options: AuditOptions,
) -> _AuditedPartition:
    part = make_partition(groups, attributes)
    group_sums = np.add.reduceat(contributions.matrix[part.order], part.starts, axis=0)
    eligible = np.flatnonzero(part.sizes >= options.min_group_size)
    too_small = [TooSmallGroup(part.name, part.labels[small], int(part.sizes[small]))
                 for small in np.flatnonzero(part.sizes < options.min_group_size).tolist()]
    reference = reference_index(part, options, eligible)
    stats, summary, found = None, None, None
    if len(eligible):
        specs = contributions.specs
        stats, summary = group_statistics(part, eligible, group_sums, weights32, matrix32,
                                          specs, options.level)
        if reference is not None and len(eligible) > 1:
            found = compare(part=part, specs=specs, stats=stats,
                            reference_slot=stats.slot_of[reference],
                            group_sums=group_sums[eligible], options=options)
    result = PartitionResult(
        name=part.name, attributes=attributes,
        reference=part.labels[reference] if reference is not None else None,
        groups=group_results(part, stats, reference, contributions.specs),
        metric_frame=summary, comparisons=None,
    )
    return _AuditedPartition(result, too_small, found)


def audit_method(options: AuditOptions) -> AuditMethod:
    """The method section of the audit, as the report states it."""
    return AuditMethod(
        attributes=tuple(options.attributes), pairs=options.pairs,
        min_group_size=options.min_group_size, min_expected_events=options.min_expected_events,
        ratio_band=options.ratio_band, reference="the largest group unless configured",
        summary=method_summary(options),
    )


def run_audit(
    data: EvaluationInput,
    *,
    concern_ids: list[str],
    level_ids: list[str],
    weights: NDArray[Any],
    options: AuditOptions | None = None,
) -> AuditResult:
    """Disaggregate, compare each group with its reference, and flag disparities.

    Parameters
    ----------
    weights : array (n_boot, n) of bootstrap resample counts (``resample_counts``)

    Returns the method, the multiple-comparisons allocation, every partition (groups
    with intervals, MetricFrame between-group differences and ratios, and every
    comparison as a table), the flags (each with a plain-words sentence, largest |z|
    first) and every group below the minimum size: listed, never hidden.
    """
    options = options or AuditOptions()
    check_attributes(options)
    contributions = build_contributions(
        data, concern_ids=concern_ids, level_ids=level_ids,
        selection_rank=options.selection_rank, n_bins=options.n_bins,
    )
    matrix32 = contributions.matrix.astype(np.float32)
    weights32 = np.asarray(weights, dtype=np.float32)
    audited = [_audit_partition(data.groups, attributes, contributions, weights32, matrix32,
                                options) for attributes in attribute_sets(options)]
    allocation = allocate_alpha([a.comparisons for a in audited if a.comparisons], options)
    partitions: list[PartitionResult] = []
    flags: list[Flag] = []
    for item in audited:
        result = item.result
        if item.comparisons is not None:
            alphas, z_columns = allocation.z_columns(item.comparisons)
            table, partition_flags = decide(item.comparisons, z_columns, options)
            result = replace(result, comparisons=table, per_comparison_alpha={
                spec.name: float(a)
                for spec, a in zip(item.comparisons.specs, alphas, strict=True)})
            flags += partition_flags
        partitions.append(result)
    flags.sort(key=lambda flag: -abs(flag.z))
    return AuditResult(
        method=audit_method(options),
        multiple_comparisons=multiple_comparisons(allocation),
        partitions=tuple(partitions),
        flags=tuple(flags),
        too_small=tuple(small for item in audited for small in item.too_small),
        min_group_size=options.min_group_size,
    )
