"""What the bias audit found, as frozen, typed results.

The audit's output is read by the report page, the model card and the promotion gate,
and is logged as part of metrics.json. Holding it in typed objects lets those readers
use attributes that a type checker follows instead of string paths into a dict; the
``to_json_dict`` methods keep metrics.json exactly in the shape it always had.

Numbers are held as metrics.json holds them: floats, with None where a value is not
defined (NaN), so a reader of the object and a reader of the logged file see the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from evaluation.jsonable import fields_json, to_jsonable

FlagKind = Literal["model_error", "recorded_vs_suggested", "suggestion_rate"]

COMPARISON_COLUMNS = (
    "group", "metric", "status", "group_value", "reference_value", "difference",
    "difference_low", "difference_high", "adjusted_low", "adjusted_high", "ratio",
    "ratio_low", "ratio_high", "z", "flagged",
)

MetricInterval = tuple[float | None, float | None, float | None]
"""(estimate, low, high) of one group metric; None where not defined."""


@dataclass(frozen=True, slots=True)
class GroupResult:
    """One group of one partition: its size, status and metrics with intervals."""

    group: str
    n: int
    status: str
    """``reference``, ``ok`` or ``too small`` (then ``metrics`` is None)."""
    metrics: Mapping[str, MetricInterval] | None


@dataclass(frozen=True, slots=True)
class TooSmallGroup:
    """A group under the minimum size: listed, never tested, never hidden."""

    partition: str
    group: str
    n: int


@dataclass(frozen=True, slots=True)
class MetricFrameSummary:
    """Fairlearn MetricFrame's between-group difference and (for rates) ratio."""

    difference_between_groups: Mapping[str, float | None]
    ratio_between_groups: Mapping[str, float | None]


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """One group against its partition's reference on one tested metric (six decimals)."""

    group: str
    metric: str
    status: str
    group_value: float | None
    reference_value: float | None
    difference: float | None
    difference_low: float | None
    difference_high: float | None
    adjusted_low: float | None
    adjusted_high: float | None
    ratio: float | None
    ratio_low: float | None
    ratio_high: float | None
    z: float | None
    flagged: bool


@dataclass(frozen=True, slots=True)
class ComparisonTable:
    """Every comparison of one partition; in metrics.json a column list and row lists."""

    rows: tuple[ComparisonRow, ...]

    def to_json_dict(self) -> dict[str, Any]:
        """``{"columns": [...], "rows": [[...], ...]}`` (compact for tens of thousands of rows)."""
        return {
            "columns": list(COMPARISON_COLUMNS),
            "rows": [[to_jsonable(getattr(row, column)) for column in COMPARISON_COLUMNS]
                     for row in self.rows],
        }


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """One partition (an attribute or a pair of attributes): groups and comparisons."""

    name: str
    attributes: tuple[str, ...]
    reference: str | None
    groups: tuple[GroupResult, ...]
    metric_frame: MetricFrameSummary | None
    comparisons: ComparisonTable | None
    per_comparison_alpha: Mapping[str, float] | None = None
    """Set only where comparisons were made (absent from metrics.json otherwise)."""

    def to_json_dict(self) -> dict[str, Any]:
        """The partition as metrics.json holds it."""
        out = fields_json(self)
        if self.per_comparison_alpha is None:
            del out["per_comparison_alpha"]
        return out


@dataclass(frozen=True, slots=True)
class Flag:
    """A disparity the audit flags, with the numbers behind it and a plain-words sentence."""

    partition: str
    group: str
    reference: str
    metric: str
    metric_label: str
    kind: FlagKind
    n_group: int
    n_reference: int
    group_value: float
    reference_value: float
    group_ci95: tuple[float, float]
    difference: float
    difference_ci95: tuple[float, float]
    difference_ci_adjusted: tuple[float, float]
    ratio: float | None
    ratio_ci95: tuple[float | None, float | None]
    z: float
    reasons: tuple[str, ...]
    sentence: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """(partition, group, metric): what makes a flag "the same" across two models."""
        return (self.partition, self.group, self.metric)


@dataclass(frozen=True, slots=True)
class QuestionShare:
    """Comparisons made on single attributes or on pairs, and their critical value."""

    n_comparisons: int
    per_comparison_alpha_recorded_vs_suggested: float
    z_adjusted_recorded_vs_suggested: float | None


@dataclass(frozen=True, slots=True)
class MultipleComparisons:
    """How the family-wise error is shared out, and what that means in words."""

    method: str
    family_alpha: float
    n_comparisons: int
    questions: tuple[str, ...]
    single_attribute: QuestionShare
    pairs: QuestionShare
    implied_false_alarm_rate: float
    statement: str


@dataclass(frozen=True, slots=True)
class AuditMethod:
    """The audit's settings as the report states them."""

    attributes: tuple[str, ...]
    pairs: bool
    min_group_size: int
    min_expected_events: float
    ratio_band: tuple[float, float]
    reference: str
    summary: str


@dataclass(frozen=True, slots=True)
class AuditResult:
    """The whole bias audit: method, multiplicity, partitions, flags and small groups."""

    method: AuditMethod
    multiple_comparisons: MultipleComparisons
    partitions: tuple[PartitionResult, ...]
    flags: tuple[Flag, ...]
    too_small: tuple[TooSmallGroup, ...]
    min_group_size: int

    def to_json_dict(self) -> dict[str, Any]:
        """The audit section of metrics.json."""
        return fields_json(self)

    def partition(self, name: str) -> PartitionResult:
        """The partition called ``name`` (``ethnicity``, ``ethnicity × gender``...)."""
        for found in self.partitions:
            if found.name == name:
                return found
        raise KeyError(f"no partition {name!r}; partitions: {[p.name for p in self.partitions]}")
