"""Groups of referrals: partitions by attribute, their sums, MetricFrame and bootstrap intervals.

Fairlearn's ``MetricFrame`` does the disaggregation (``by_group``, ``difference()``
and ``ratio()``). It is fed one row per group holding that group's sums, because
MetricFrame stacks its inputs row by row for every metric call (about 60 s for
20,000 referrals over 21 partitions and 40 metrics); the numbers are identical to
a row-level MetricFrame (tested against one, and against scikit-learn on masks).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame
from numpy.typing import NDArray

from evaluation.audit_options import AuditOptions
from evaluation.audit_results import GroupResult, MetricFrameSummary
from evaluation.bootstrap import percentile_interval
from evaluation.contributions import MetricSpec, metric_values
from evaluation.jsonable import finite

PAIR_SEPARATOR = " × "
TOO_SMALL = "too small"
UNKNOWN_REFERENCE = "reference group {group!r} for {partition!r} not found; groups: {groups}"
REFERENCE_TOO_SMALL = (
    "reference group {group!r} for {partition!r} has {n} referrals, under the minimum {minimum}"
)


@dataclass
class Partition:
    """Referrals split by one attribute or a pair: labels, sizes and the row order by group."""

    name: str
    attributes: tuple[str, ...]
    labels: list[str]
    values: list[tuple[str, ...]]
    sizes: NDArray[Any]
    order: NDArray[Any]
    starts: NDArray[Any]


def make_partition(groups: pd.DataFrame, attributes: tuple[str, ...]) -> Partition:
    """Split referrals by ``attributes``; groups sorted by value, rows ordered group by group."""
    grouped = groups.groupby(list(attributes), sort=True)
    codes = grouped.ngroup().to_numpy()
    keys = list(grouped.size().index)  # in ngroup order
    values = [tuple(str(part) for part in (key if isinstance(key, tuple) else (key,)))
              for key in keys]
    order = np.argsort(codes, kind="stable")
    sizes = np.bincount(codes, minlength=len(values))
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int)
    labels = [" & ".join(f"{a}={v}" for a, v in zip(attributes, value, strict=True))
              for value in values]
    return Partition(PAIR_SEPARATOR.join(attributes), attributes, labels, values, sizes,
                     order, starts)


def reference_index(part: Partition, options: AuditOptions, eligible: NDArray[Any]) -> int | None:
    """The group others are compared with: the configured one, else the largest."""
    chosen = options.reference_groups.get(part.name)
    if chosen is None:
        return int(np.argmax(part.sizes)) if len(eligible) else None
    matches = [index for index, value in enumerate(part.values)
               if PAIR_SEPARATOR.join(value) == chosen or part.labels[index] == chosen]
    if not matches:
        raise ValueError(UNKNOWN_REFERENCE.format(group=chosen, partition=part.name,
                                                  groups=part.labels))
    index = matches[0]
    if part.sizes[index] < options.min_group_size:
        raise ValueError(REFERENCE_TOO_SMALL.format(group=chosen, partition=part.name,
                                                    n=int(part.sizes[index]),
                                                    minimum=options.min_group_size))
    return index


def _metric_function(spec: MetricSpec, group_sums: NDArray[Any]) -> Any:
    """A MetricFrame metric: rows index groups, the metric of their pooled sums."""

    def metric(y_true: NDArray[Any], y_pred: NDArray[Any]) -> float:
        rows = np.asarray(y_true, dtype=int)
        return float(metric_values(group_sums[rows].sum(0), [spec])[0])

    metric.__name__ = spec.name
    return metric


def metric_frame(
    part: Partition, eligible: NDArray[Any], group_sums: NDArray[Any],
    specs: Sequence[MetricSpec],
) -> tuple[NDArray[Any], MetricFrameSummary]:
    """MetricFrame over eligible groups: by_group values plus between-group difference/ratio.

    Returns the by_group values as an array (eligible group, metric) in ``eligible``
    order, and the between-group summary for metrics.json.
    """
    sums = group_sums[eligible]
    features = pd.DataFrame(
        [part.values[index] for index in eligible], columns=list(part.attributes)
    )
    rows = np.arange(len(eligible))
    metrics = {spec.name: _metric_function(spec, sums) for spec in specs}
    frame = MetricFrame(metrics=metrics, y_true=rows, y_pred=rows, sensitive_features=features)
    by_group = frame.by_group
    keys = [part.values[index] for index in eligible]
    lookup = [key if len(key) > 1 else key[0] for key in keys]
    values = by_group.loc[lookup, [spec.name for spec in specs]].to_numpy(dtype=float)
    difference = frame.difference(method="between_groups")
    ratio = frame.ratio(method="between_groups")
    ratio_meaningful = {spec.name for spec in specs if spec.kind == "rate"}
    summary = MetricFrameSummary(
        difference_between_groups={name: finite(value) for name, value in difference.items()},
        ratio_between_groups={name: finite(value) for name, value in ratio.items()
                               if name in ratio_meaningful},
    )
    return values, summary


def bootstrap_metrics(
    part: Partition, eligible: NDArray[Any], weights32: NDArray[Any], matrix32: NDArray[Any],
    specs: Sequence[MetricSpec],
) -> NDArray[Any]:
    """Every eligible group's metrics in every resample: array (B, G_eligible, M).

    Only eligible groups are summed: ``W[:, rows of group] @ contributions``.
    """
    sorted_weights = weights32[:, part.order]
    sorted_matrix32 = matrix32[part.order]
    boot_sums = np.empty((weights32.shape[0], len(eligible), matrix32.shape[1]))
    for slot, eligible_index in enumerate(eligible):
        start = int(part.starts[eligible_index])
        stop = start + int(part.sizes[eligible_index])
        boot_sums[:, slot, :] = sorted_weights[:, start:stop] @ sorted_matrix32[start:stop]
    return metric_values(boot_sums, specs)


@dataclass
class GroupStatistics:
    """Point estimates, bootstrap replicates and percentile bounds for eligible groups."""

    eligible: NDArray[Any]
    point: NDArray[Any]
    boot: NDArray[Any]
    low: NDArray[Any]
    high: NDArray[Any]

    @property
    def slot_of(self) -> dict[int, int]:
        """Group index -> its row in the (eligible group, metric) arrays."""
        return {int(index): slot for slot, index in enumerate(self.eligible)}


def group_results(
    part: Partition, stats: GroupStatistics | None, reference: int | None,
    specs: Sequence[MetricSpec],
) -> tuple[GroupResult, ...]:
    """Every group of the partition, eligible or too small, in group order."""
    slot_of = stats.slot_of if stats is not None else {}
    results = []
    for index, (label, size) in enumerate(zip(part.labels, part.sizes, strict=True)):
        if stats is None or index not in slot_of:
            results.append(GroupResult(label, int(size), TOO_SMALL, None))
            continue
        slot = slot_of[index]
        results.append(GroupResult(
            group=label, n=int(size), status="reference" if index == reference else "ok",
            metrics={spec.name: (finite(stats.point[slot, m]), finite(stats.low[slot, m]),
                                 finite(stats.high[slot, m]))
                     for m, spec in enumerate(specs)},
        ))
    return tuple(results)


def group_statistics(
    part: Partition, eligible: NDArray[Any], group_sums: NDArray[Any], weights32: NDArray[Any],
    matrix32: NDArray[Any], specs: Sequence[MetricSpec], level: float,
) -> tuple[GroupStatistics, MetricFrameSummary]:
    """MetricFrame point estimates and bootstrap intervals for the eligible groups."""
    point, summary = metric_frame(part, eligible, group_sums, specs)
    boot = bootstrap_metrics(part, eligible, weights32, matrix32, specs)
    low, high = percentile_interval(boot, level=level)
    return GroupStatistics(eligible, point, boot, low, high), summary
