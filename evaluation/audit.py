"""Bias audit: error rates and recorded-versus-suggested gaps disaggregated by group.

How it works, and why:

* Every audited metric is a ratio of sums over referrals (a false negative rate is
  missed positives / positives; the recorded-minus-suggested gap is the sum of
  ``need_true - need_pred`` / referrals; a binned calibration error is a sum of
  per-bin absolute sums / referrals). Each referral therefore contributes one row of
  a *contribution matrix*; a group's metric is computed from that group's column
  sums. The same sums, weighted by bootstrap resample counts, give every group's
  metric in every resample with one matrix product.
* Fairlearn's ``MetricFrame`` does the disaggregation (``by_group``, ``difference()``
  and ``ratio()``). It is fed one row per group holding that group's sums, because
  MetricFrame stacks its inputs row by row for every metric call (about 60 s for
  20,000 referrals over 21 partitions and 40 metrics); the numbers are identical to
  a row-level MetricFrame (tested against one, and against scikit-learn on masks).
* Disparity is measured against a reference group (the largest by default).
  A test is flagged when its multiplicity-adjusted interval for the difference
  excludes 0, or when the ratio leaves 0.8–1.25 *and* its adjusted interval for the
  log ratio excludes 0. Bonferroni runs over every comparison made (difference and
  ratio tests alike), so the chance of any false flag in one audit is at most
  ``family_alpha``. The adjusted interval uses the bootstrap standard error with a
  normal critical value: 500 resamples cannot resolve a 0.001% percentile.
* Guards against noise. Groups under ``min_group_size`` are listed as too small and
  never tested. A rate is tested only when, at the pooled rate, both the group and
  the reference expect at least ``min_expected_events`` events and non-events
  (default 10): with fewer, a ratio of 1.25 is within chance (with 10 expected
  events a point-estimate ratio beyond 0.8–1.25 arises by chance about half the
  time, which is why the ratio rule also needs its interval). For rates the standard
  error is the larger of the bootstrap one and the two-proportion one at the pooled
  rate, so a group whose few events came out low by chance does not get a falsely
  narrow interval.
* Calibration per group is reported as ECE, but disparity is *tested* on the signed
  calibration gap (mean confidence minus accuracy). ECE is biased upwards in small
  samples, so a smaller group would look worse calibrated than the largest group by
  construction; the signed gap has no such bias.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any, Literal

import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame
from numpy.typing import NDArray

from evaluation.bootstrap import DEFAULT_LEVEL, nan_std, percentile_interval, safe_ratio
from evaluation.predictions import GROUP_COLUMNS, EvaluationInput

FlagKind = Literal["model_error", "recorded_vs_suggested", "suggestion_rate"]
MetricKind = Literal["rate", "mean", "ece"]

PAIR_SEPARATOR = " × "
TOO_SMALL = "too small"
UNKNOWN_ATTRIBUTE = "unknown audit attribute {name!r}; allowed: {allowed}"
UNKNOWN_REFERENCE = "reference group {group!r} for {partition!r} not found; groups: {groups}"
REFERENCE_TOO_SMALL = (
    "reference group {group!r} for {partition!r} has {n} referrals, under the minimum {minimum}"
)


@dataclass(frozen=True)
class AuditOptions:
    """Knobs of the audit; defaults are the documented method."""

    attributes: tuple[str, ...] = GROUP_COLUMNS
    pairs: bool = True
    min_group_size: int = 50
    reference_groups: Mapping[str, str] = field(default_factory=dict)
    family_alpha: float = 0.05
    pair_alpha_share: float = 0.5
    level: float = DEFAULT_LEVEL
    min_expected_events: float = 10.0
    ratio_band: tuple[float, float] = (0.8, 1.25)
    selection_rank: int | None = None
    n_bins: int = 10
    flag_suggestion_rates: bool = False
    """Selection-rate gaps are reported, but by default not flagged: groups referred for
    different reasons (a police DA notification, a parent asking for help) have different
    true need mixes, so parity of suggestion rates is not a fairness criterion here."""


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


def _words(identifier: str) -> str:
    return identifier.replace("_", " ")


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
    levels = len(level_ids)
    top = levels - 1
    selection = levels - 2 if selection_rank is None else selection_rank
    truth, pred = data.concerns_true.astype(float), data.concerns_pred.astype(float)
    columns: list[str] = []
    blocks: list[NDArray[Any]] = []

    def add(name: str, values: NDArray[Any]) -> int:
        columns.append(name)
        blocks.append(np.asarray(values, dtype=float).reshape(n))
        return len(columns) - 1

    count = add("referrals", np.ones(n))
    specs: list[MetricSpec] = []
    for index, concern in enumerate(concern_ids):
        positives = add(f"positives.{concern}", truth[:, index])
        negatives = add(f"negatives.{concern}", 1 - truth[:, index])
        false_pos = add(f"false_positives.{concern}", (1 - truth[:, index]) * pred[:, index])
        false_neg = add(f"false_negatives.{concern}", truth[:, index] * (1 - pred[:, index]))
        specs.append(MetricSpec(f"false_positive_rate.{concern}",
                                f"false positive rate for {_words(concern)}", "rate",
                                (false_pos,), negatives, "model_error"))
        specs.append(MetricSpec(f"false_negative_rate.{concern}",
                                f"false negative rate for {_words(concern)}", "rate",
                                (false_neg,), positives, "model_error"))
    need_true, need_pred = data.need_true, data.need_pred
    top_rows = add("recorded_top", need_true == top)
    under = add("under_triaged", (need_true == top) & (need_pred <= top - 2))
    low_rows = add("recorded_low", need_true <= max(top - 2, 0))
    over = add("over_triaged", (need_true <= max(top - 2, 0)) & (need_pred == top))
    selected = add("suggested_selection", need_pred >= selection)
    gap = add("recorded_minus_suggested", need_true - need_pred)
    correct_pred = add("correct", need_true == need_pred)
    confidence = data.need_prob.max(axis=1)
    correct_top = (data.need_prob.argmax(axis=1) == need_true).astype(float)
    need_calibration = add("need_confidence_minus_correct", confidence - correct_top)
    cell_count = add("concern_cells", np.full(n, float(len(concern_ids))))
    concern_calibration = add("concern_prob_minus_true", (data.concerns_prob - truth).sum(1))
    need_bins = np.minimum((np.clip(confidence, 0, 1) * n_bins).astype(int), n_bins - 1)
    need_bin_columns = tuple(
        add(f"need_bin_{b}", np.where(need_bins == b, confidence - correct_top, 0.0))
        for b in range(n_bins)
    )
    prob = np.clip(data.concerns_prob, 0, 1)
    concern_bins = np.minimum((prob * n_bins).astype(int), n_bins - 1)
    residual = data.concerns_prob - truth
    concern_bin_columns = tuple(
        add(f"concern_bin_{b}", np.where(concern_bins == b, residual, 0.0).sum(1))
        for b in range(n_bins)
    )
    selection_words = f"{_words(level_ids[selection])} or above"
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
    return Contributions(np.column_stack(blocks), columns, specs)


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


def _metric_function(position: int, spec: MetricSpec, group_sums: NDArray[Any]) -> Any:
    """A MetricFrame metric: rows index groups, the metric of their pooled sums."""

    def metric(y_true: NDArray[Any], y_pred: NDArray[Any]) -> float:
        rows = np.asarray(y_true, dtype=int)
        return float(metric_values(group_sums[rows].sum(0), [spec])[0])

    metric.__name__ = spec.name
    return metric


@dataclass
class _Partition:
    name: str
    attributes: tuple[str, ...]
    labels: list[str]
    values: list[tuple[str, ...]]
    sizes: NDArray[Any]
    order: NDArray[Any]
    starts: NDArray[Any]


def _partition(groups: pd.DataFrame, attributes: tuple[str, ...]) -> _Partition:
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
    return _Partition(PAIR_SEPARATOR.join(attributes), attributes, labels, values, sizes,
                      order, starts)


def _z(two_sided_alpha: float) -> float:
    return NormalDist().inv_cdf(1.0 - two_sided_alpha / 2.0)


def _format_value(spec: MetricSpec, value: float) -> str:
    if spec.kind == "rate":
        return f"{100 * value:.1f}%"
    return f"{value:+.2f}"


def _difference_words(spec: MetricSpec, value: float) -> str:
    if spec.kind == "rate":
        return f"{100 * value:+.1f} points"
    return f"{value:+.2f}"


def flag_sentence(flag: Mapping[str, Any]) -> str:
    """The plain-words sentence for one flag (also used by the report summary)."""
    group, reference = flag["group"], flag["reference"]
    estimate, ref_value = flag["group_value"], flag["reference_value"]
    low, high = flag["group_ci95"]
    d_low, d_high = flag["difference_ci95"]
    diff = flag["difference"]
    metric = flag["metric"]
    if flag["kind"] == "recorded_vs_suggested":
        where = "above" if estimate >= 0 else "below"
        direction = "higher" if diff > 0 else "lower"
        return (
            f"Recorded need levels for {group} sit {abs(estimate):.2f} levels {where} the "
            f"model's suggestions (95% CI {low:.2f} to {high:.2f}), against {ref_value:+.2f} "
            f"for {reference} (difference {diff:+.2f}, 95% CI {d_low:.2f} to {d_high:.2f}): "
            f"recorded decisions for this group are {direction} than the text supports, "
            f"relative to {reference}."
        )
    if flag["kind"] == "suggestion_rate":
        return (
            f"The model's {flag['metric_label']} for {group} is {100 * estimate:.1f}% "
            f"(95% CI {100 * low:.1f}% to {100 * high:.1f}%), against {100 * ref_value:.1f}% "
            f"for {reference} (difference {100 * diff:+.1f} points, 95% CI {100 * d_low:.1f} "
            f"to {100 * d_high:.1f}): a difference in what the model suggests, not by itself "
            f"an error; read it with this group's error rates and recorded-minus-suggested gap."
        )
    if metric in ("need_calibration_gap", "concern_calibration_gap"):
        confident = "over-confident" if estimate > ref_value else "under-confident"
        return (
            f"The model's {flag['metric_label']} for {group} is {estimate:+.3f} (95% CI "
            f"{low:+.3f} to {high:+.3f}), against {ref_value:+.3f} for {reference} (difference "
            f"{diff:+.3f}, 95% CI {d_low:+.3f} to {d_high:+.3f}): model error; the model is "
            f"more {confident} for this group than for {reference}."
        )
    ratio = flag.get("ratio")
    ratio_words = f"ratio {ratio:.2f}; " if ratio is not None and np.isfinite(ratio) else ""
    more = "more" if diff > 0 else "less"
    return (
        f"The model's {flag['metric_label']} for {group} is {100 * estimate:.1f}% (95% CI "
        f"{100 * low:.1f}% to {100 * high:.1f}%), against {100 * ref_value:.1f}% for "
        f"{reference} ({ratio_words}difference {100 * diff:+.1f} points, 95% CI "
        f"{100 * d_low:.1f} to {100 * d_high:.1f}): model error, measured against recorded "
        f"decisions; the model makes this error {more} often for this group."
    )


COMPARISON_COLUMNS = [
    "group", "metric", "status", "group_value", "reference_value", "difference",
    "difference_low", "difference_high", "adjusted_low", "adjusted_high", "ratio",
    "ratio_low", "ratio_high", "z", "flagged",
]


@dataclass
class _Comparisons:
    """Every group-versus-reference comparison of one partition, as arrays (G_other, M)."""

    partition: _Partition
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
    def n_tests(self) -> int:
        return int((self.status == "tested").sum() + self.ratio_tested.sum())


def run_audit(
    data: EvaluationInput,
    *,
    concern_ids: list[str],
    level_ids: list[str],
    weights: NDArray[Any],
    options: AuditOptions | None = None,
) -> dict[str, Any]:
    """Disaggregate, compare each group with its reference, and flag disparities.

    Parameters
    ----------
    weights : array (n_boot, n) of bootstrap resample counts (``resample_counts``)

    Returns
    -------
    dict with ``method``, ``multiple_comparisons``, ``partitions`` (groups with
    intervals, MetricFrame between-group differences and ratios, and every comparison
    as a table), ``flags`` (each with a plain-words sentence) and ``too_small`` (every
    group below the minimum size: listed, never hidden).
    """
    options = options or AuditOptions()
    for attribute in options.attributes:
        if attribute not in GROUP_COLUMNS:
            raise ValueError(UNKNOWN_ATTRIBUTE.format(name=attribute, allowed=list(GROUP_COLUMNS)))
    contributions = build_contributions(
        data, concern_ids=concern_ids, level_ids=level_ids,
        selection_rank=options.selection_rank, n_bins=options.n_bins,
    )
    specs = contributions.specs
    matrix = contributions.matrix
    matrix32 = matrix.astype(np.float32)
    weights32 = np.asarray(weights, dtype=np.float32)
    attribute_sets: list[tuple[str, ...]] = [(a,) for a in options.attributes]
    if options.pairs:
        attribute_sets += list(itertools.combinations(options.attributes, 2))

    partitions_out: list[dict[str, Any]] = []
    comparisons: list[tuple[dict[str, Any], _Comparisons]] = []
    too_small: list[dict[str, Any]] = []
    for attributes in attribute_sets:
        part = _partition(data.groups, attributes)
        group_sums = np.add.reduceat(matrix[part.order], part.starts, axis=0)
        eligible = np.flatnonzero(part.sizes >= options.min_group_size)
        for small in np.flatnonzero(part.sizes < options.min_group_size).tolist():
            too_small.append({"partition": part.name, "group": part.labels[small],
                              "n": int(part.sizes[small])})
        reference = _reference_index(part, options, eligible)
        partition_out: dict[str, Any] = {
            "name": part.name,
            "attributes": list(attributes),
            "reference": part.labels[reference] if reference is not None else None,
            "groups": [],
            "metric_frame": None,
            "comparisons": None,
        }
        partitions_out.append(partition_out)
        if len(eligible) == 0:
            partition_out["groups"] = [
                {"group": label, "n": int(size), "status": TOO_SMALL, "metrics": None}
                for label, size in zip(part.labels, part.sizes, strict=True)
            ]
            continue
        by_group, summary = _metric_frame(part, eligible, group_sums, specs)
        partition_out["metric_frame"] = summary
        # bootstrap sums, eligible groups only: W[:, rows of group] @ contributions
        sorted_weights = weights32[:, part.order]
        sorted_matrix32 = matrix32[part.order]
        boot_sums = np.empty((weights32.shape[0], len(eligible), matrix.shape[1]))
        for slot, eligible_index in enumerate(eligible):
            start = int(part.starts[eligible_index])
            stop = start + int(part.sizes[eligible_index])
            boot_sums[:, slot, :] = sorted_weights[:, start:stop] @ sorted_matrix32[start:stop]
        boot = metric_values(boot_sums, specs)  # (B, G_eligible, M)
        low, high = percentile_interval(boot, level=options.level)
        slot_of = {int(index): slot for slot, index in enumerate(eligible)}
        for index, (label, size) in enumerate(zip(part.labels, part.sizes, strict=True)):
            if index not in slot_of:
                partition_out["groups"].append(
                    {"group": label, "n": int(size), "status": TOO_SMALL, "metrics": None})
                continue
            slot = slot_of[index]
            partition_out["groups"].append({
                "group": label,
                "n": int(size),
                "status": "reference" if index == reference else "ok",
                "metrics": {
                    spec.name: [float(by_group[slot, m]), float(low[slot, m]),
                                float(high[slot, m])]
                    for m, spec in enumerate(specs)
                },
            })
        if reference is not None and len(eligible) > 1:
            comparisons.append((partition_out, _compare(
                part=part, specs=specs, eligible=eligible, reference_slot=slot_of[reference],
                point=by_group, boot=boot, low=low, high=high,
                group_sums=group_sums[eligible], options=options,
            )))

    # Weighted Bonferroni. The audit asks two questions, each with half of the family-wise
    # alpha: "does the model err more for some group?" (model_error) and "do recorded
    # decisions sit away from the model's suggestions for some group?" (recorded_vs_
    # suggested); suggestion-rate gaps are tested only when asked to flag them. Within a
    # question, single attributes (the primary questions) and pairs each get a share, so
    # the many pair comparisons do not dilute the power to detect a disparity for a whole
    # group. The shares sum to family_alpha: the chance of any false flag is at most that.
    questions = ["model_error", "recorded_vs_suggested"] + (
        ["suggestion_rate"] if options.flag_suggestion_rates else [])
    counts: dict[tuple[bool, str], int] = {}
    for _, found in comparisons:
        single = len(found.partition.attributes) == 1
        per_column = (found.status == "tested").sum(axis=0) + found.ratio_tested.sum(axis=0)
        for spec, n in zip(found.specs, per_column, strict=True):
            if spec.flag_kind in questions:
                counts[single, spec.flag_kind] = counts.get((single, spec.flag_kind), 0) + int(n)
    single_tests = sum(n for (single, _), n in counts.items() if single)
    pair_tests = sum(n for (single, _), n in counts.items() if not single)
    pair_share = options.pair_alpha_share if pair_tests and single_tests else (
        1.0 if pair_tests else 0.0)

    def alpha_for(single: bool, kind: str) -> float:
        if kind not in questions:
            return 0.0
        share = (1 - pair_share) if single else pair_share
        return options.family_alpha / len(questions) * share / max(counts.get((single, kind), 0), 1)

    flags: list[dict[str, Any]] = []
    for partition_out, found in comparisons:
        single = len(found.partition.attributes) == 1
        alphas = np.array([alpha_for(single, spec.flag_kind) for spec in found.specs])
        z_columns = np.array([_z(a) if a > 0 else np.inf for a in alphas])
        table, partition_flags = _decide(found, z_columns, options)
        partition_out["comparisons"] = {"columns": COMPARISON_COLUMNS, "rows": table}
        partition_out["per_comparison_alpha"] = {
            spec.name: float(a) for spec, a in zip(found.specs, alphas, strict=True)}
        flags += partition_flags
    flags.sort(key=lambda flag: -abs(flag["z"]))
    parts = []
    for kind in questions:
        for single, label in ((True, "single attributes"), (False, "pairs")):
            n = counts.get((single, kind), 0)
            if n:
                parts.append(f"{kind.replace('_', ' ')}, {label}: {n} comparisons, critical z "
                             f"{_z(alpha_for(single, kind)):.2f}")
    single_alpha = alpha_for(True, "recorded_vs_suggested")
    pair_alpha = alpha_for(False, "recorded_vs_suggested")
    if single_tests + pair_tests == 0:
        statement = (
            "The audit could compare no groups: no attribute had two or more groups large "
            "enough to compare, so it says nothing about bias on this data, for or against."
        )
    else:
        statement = (
            f"Flags use Bonferroni-adjusted intervals over {single_tests + pair_tests} "
            f"comparisons, with the {options.family_alpha:.0%} family-wise error split evenly "
            f"between the questions ({'; '.join(parts)}). Where there is no real disparity, the "
            f"chance of one or more false flags in this audit is at most "
            f"{options.family_alpha:.0%}, and the expected number of false flags is at most "
            f"{options.family_alpha:.2f}."
        )
    return {
        "method": _method_text(options),
        "multiple_comparisons": {
            "method": "weighted bonferroni",
            "family_alpha": options.family_alpha,
            "n_comparisons": single_tests + pair_tests,
            "questions": questions,
            "single_attribute": {"n_comparisons": single_tests,
                                 "per_comparison_alpha_recorded_vs_suggested": single_alpha,
                                 "z_adjusted_recorded_vs_suggested": _z(single_alpha)},
            "pairs": {"n_comparisons": pair_tests,
                      "per_comparison_alpha_recorded_vs_suggested": pair_alpha,
                      "z_adjusted_recorded_vs_suggested": _z(pair_alpha) if pair_tests else None},
            "implied_false_alarm_rate": options.family_alpha,
            "statement": statement,
        },
        "partitions": partitions_out,
        "flags": flags,
        "too_small": too_small,
        "min_group_size": options.min_group_size,
    }


def _reference_index(
    part: _Partition, options: AuditOptions, eligible: NDArray[Any]
) -> int | None:
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


def _metric_frame(
    part: _Partition, eligible: NDArray[Any], group_sums: NDArray[Any],
    specs: Sequence[MetricSpec],
) -> tuple[NDArray[Any], dict[str, Any]]:
    """MetricFrame over eligible groups: by_group values plus between-group difference/ratio.

    Returns the by_group values as an array (eligible group, metric) in ``eligible``
    order, and the between-group summary for metrics.json.
    """
    sums = group_sums[eligible]
    features = pd.DataFrame(
        [part.values[index] for index in eligible], columns=list(part.attributes)
    )
    rows = np.arange(len(eligible))
    metrics = {spec.name: _metric_function(m, spec, sums) for m, spec in enumerate(specs)}
    frame = MetricFrame(metrics=metrics, y_true=rows, y_pred=rows, sensitive_features=features)
    by_group = frame.by_group
    keys = [part.values[index] for index in eligible]
    lookup = [key if len(key) > 1 else key[0] for key in keys]
    values = by_group.loc[lookup, [spec.name for spec in specs]].to_numpy(dtype=float)
    difference = frame.difference(method="between_groups")
    ratio = frame.ratio(method="between_groups")
    ratio_meaningful = {spec.name for spec in specs if spec.kind == "rate"}
    summary = {
        "difference_between_groups": {name: float(value) for name, value in difference.items()},
        "ratio_between_groups": {name: float(value) for name, value in ratio.items()
                                 if name in ratio_meaningful},
    }
    return values, summary


def _compare(
    *,
    part: _Partition,
    specs: list[MetricSpec],
    eligible: NDArray[Any],
    reference_slot: int,
    point: NDArray[Any],
    boot: NDArray[Any],
    low: NDArray[Any],
    high: NDArray[Any],
    group_sums: NDArray[Any],
    options: AuditOptions,
) -> _Comparisons:
    """Difference and ratio of every eligible group against the reference, vectorised."""
    tested = [m for m, spec in enumerate(specs) if spec.tested]
    chosen = [specs[m] for m in tested]
    others = [slot for slot in range(len(eligible)) if slot != reference_slot]
    estimate = point[others][:, tested]
    reference_value = point[reference_slot, tested]
    difference = estimate - reference_value[None, :]
    group_boot = boot[:, others][:, :, tested]
    ref_boot = boot[:, reference_slot, tested][:, None, :]
    difference_boot = group_boot - ref_boot
    difference_low, difference_high = percentile_interval(difference_boot, level=options.level)
    se = nan_std(difference_boot)

    is_rate = np.array([spec.kind == "rate" for spec in chosen])
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
    null_se = np.sqrt(np.clip(pooled * (1 - pooled), 0, None) * inverse_sizes)
    se = np.where(is_rate[None, :], np.fmax(se, null_se), se)

    defined = np.isfinite(estimate) & np.isfinite(reference_value)[None, :]
    enough = ~is_rate[None, :] | (np.nan_to_num(expected) >= options.min_expected_events)
    varies = np.isfinite(se) & (se > 0)
    status = np.full(estimate.shape, "tested", dtype=object)
    status[~varies] = "no variation"
    status[~enough] = "too few events"
    status[~defined] = "undefined (no eligible referrals)"

    positive = (np.nan_to_num(estimate) > 0) & (np.nan_to_num(reference_value) > 0)[None, :]
    ratio_tested = (status == "tested") & is_rate[None, :] & positive
    ratio = np.where(ratio_tested, safe_ratio(estimate, reference_value[None, :]), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_boot = np.log(group_boot) - np.log(ref_boot)
    ratio_low, ratio_high = percentile_interval(np.exp(log_boot), level=options.level)
    null_log_se = np.sqrt(np.clip(safe_ratio(1 - pooled, pooled), 0, None) * inverse_sizes)
    log_ratio_se = np.fmax(nan_std(log_boot), null_log_se)
    return _Comparisons(
        partition=part, specs=chosen, others=[int(eligible[slot]) for slot in others],
        reference=int(eligible[reference_slot]), estimate=estimate,
        reference_value=reference_value, group_low=low[others][:, tested],
        group_high=high[others][:, tested], difference=difference,
        difference_low=difference_low, difference_high=difference_high, se=se,
        ratio=ratio, ratio_low=np.where(ratio_tested, ratio_low, np.nan),
        ratio_high=np.where(ratio_tested, ratio_high, np.nan), log_ratio_se=log_ratio_se,
        status=status, ratio_tested=ratio_tested,
    )


def _number(value: Any) -> float | None:
    number = float(value)
    return round(number, 6) if np.isfinite(number) else None


def _decide(
    found: _Comparisons, z_adjusted: NDArray[Any], options: AuditOptions
) -> tuple[list[list[Any]], list[dict[str, Any]]]:
    """Apply the adjusted critical value; return the comparison table and the flags."""
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
    part = found.partition
    table: list[list[Any]] = []
    flags: list[dict[str, Any]] = []
    for row, index in enumerate(found.others):
        for column, spec in enumerate(found.specs):
            flagged = bool(difference_flag[row, column] or ratio_flag[row, column]) and (
                spec.flag_kind != "suggestion_rate" or options.flag_suggestion_rates)
            table.append([
                part.labels[index], spec.name, str(found.status[row, column]),
                _number(found.estimate[row, column]), _number(found.reference_value[column]),
                _number(found.difference[row, column]), _number(found.difference_low[row, column]),
                _number(found.difference_high[row, column]), _number(adjusted_low[row, column]),
                _number(adjusted_high[row, column]), _number(found.ratio[row, column]),
                _number(found.ratio_low[row, column]), _number(found.ratio_high[row, column]),
                _number(z[row, column]), flagged,
            ])
            if not flagged:
                continue
            reasons = []
            if difference_flag[row, column]:
                reasons.append("adjusted interval for the difference excludes 0")
            if ratio_flag[row, column]:
                reasons.append(f"ratio {found.ratio[row, column]:.2f} outside "
                               f"{low_band}–{high_band} and its adjusted interval excludes 1")
            flag: dict[str, Any] = {
                "partition": part.name,
                "group": part.labels[index],
                "reference": part.labels[found.reference],
                "metric": spec.name,
                "metric_label": spec.label,
                "kind": spec.flag_kind,
                "n_group": int(part.sizes[index]),
                "n_reference": int(part.sizes[found.reference]),
                "group_value": float(found.estimate[row, column]),
                "reference_value": float(found.reference_value[column]),
                "group_ci95": [float(found.group_low[row, column]),
                               float(found.group_high[row, column])],
                "difference": float(found.difference[row, column]),
                "difference_ci95": [float(found.difference_low[row, column]),
                                    float(found.difference_high[row, column])],
                "difference_ci_adjusted": [float(adjusted_low[row, column]),
                                           float(adjusted_high[row, column])],
                "ratio": _number(found.ratio[row, column]),
                "ratio_ci95": [_number(found.ratio_low[row, column]),
                               _number(found.ratio_high[row, column])],
                "z": float(z[row, column]),
                "reasons": reasons,
            }
            flag["sentence"] = flag_sentence(flag)
            flags.append(flag)
    return table, flags


def _method_text(options: AuditOptions) -> dict[str, Any]:
    low_band, high_band = options.ratio_band
    return {
        "attributes": list(options.attributes),
        "pairs": options.pairs,
        "min_group_size": options.min_group_size,
        "min_expected_events": options.min_expected_events,
        "ratio_band": [low_band, high_band],
        "reference": "the largest group unless configured",
        "summary": (
            f"Each group with at least {options.min_group_size} referrals is compared with its "
            f"reference group. A comparison is flagged when the multiplicity-adjusted interval "
            f"for the difference excludes 0, or when the ratio leaves {low_band}–{high_band} "
            f"and its adjusted interval excludes 1. Rates are tested only where both groups "
            f"expect at least {options.min_expected_events:g} events and non-events at the "
            f"pooled rate, so that a ratio outside the band is not noise. Calibration per "
            f"group is reported as ECE; disparity is tested on the signed gap between "
            f"confidence and accuracy because ECE is inflated in small groups."
        ),
    }
