"""The evaluation report as frozen, typed results (the data behind metrics.json and the page).

``build_report`` returns an :class:`EvaluationReport`; the page, the model card and
the promotion gates read its attributes. ``EvaluationReport.to_json_dict`` gives
metrics.json, byte for byte the shape the report always had (tested against a golden
file written before these types existed). Numbers are held as metrics.json holds
them: None where a value is not defined, so the object and the logged file agree.
Tables of metrics keyed by metric name (``overall``, ``per_label``) and stored plot
points stay mappings: they are data keyed by name, not fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from evaluation.audit_results import AuditResult
from evaluation.bootstrap import Interval
from evaluation.jsonable import fields_json, finite, to_jsonable

Triple = tuple[float | None, float | None, float | None]
"""(estimate, low, high); None where not defined."""


@dataclass(frozen=True, slots=True)
class Estimate:
    """A point estimate with its bootstrap interval, as metrics.json holds it."""

    estimate: float | None
    low: float | None
    high: float | None
    level: float

    @classmethod
    def from_interval(cls, interval: Interval) -> Estimate:
        """From a computed interval: NaN becomes None."""
        return cls(finite(interval.estimate), finite(interval.low), finite(interval.high),
                   interval.level)


@dataclass(frozen=True, slots=True)
class ConcernHeadline:
    """Concern categories: micro and macro F1, and precision/recall/F1 per category."""

    micro_f1: Estimate
    macro_f1: Estimate
    per_category: Mapping[str, Mapping[str, Estimate]]


@dataclass(frozen=True, slots=True)
class NeedHeadline:
    """Need level: agreement with recorded levels and the two safety-relevant error rates."""

    accuracy: Estimate
    macro_f1: Estimate
    qwk: Estimate
    under_triage: Estimate
    over_triage: Estimate


@dataclass(frozen=True, slots=True)
class Headline:
    """Headline metrics with bootstrap intervals."""

    concerns: ConcernHeadline
    need_level: NeedHeadline


@dataclass(frozen=True, slots=True)
class SchemeInfo:
    """The label scheme the report was scored against."""

    version: str
    fingerprint: str
    concern_ids: tuple[str, ...]
    need_level_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DataSection:
    """Size and an id fingerprint (the gate checks both models saw the same referrals)."""

    n_referrals: int
    ids_sha256: str
    missing_share: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class ConfusionMatrix:
    """Need level: rows recorded, columns suggested."""

    labels: tuple[str, ...]
    matrix: tuple[tuple[int, ...], ...]


@dataclass(frozen=True, slots=True)
class CalibrationSummary:
    """ECE, MCE, Brier and the reliability points behind the diagram."""

    ece: float | None
    mce: float | None
    brier: float | None
    reliability: Any
    """Stored reliability points (per concern, or one curve for the need level)."""


@dataclass(frozen=True, slots=True)
class SelectivePrediction:
    """Accuracy on kept referrals as the confidence floor rises, and where the model runs."""

    curve: tuple[Mapping[str, float], ...]
    operating_point: Mapping[str, float | None]


@dataclass(frozen=True, slots=True)
class Conformal:
    """Coverage of the conformal need-level range against its target."""

    target: float
    coverage: Triple
    upper_coverage: float | None
    two_sided_coverage: float | None
    mean_set_size: float | None
    coverage_by_recorded_rank: Mapping[str, float | None]
    verdict: str


@dataclass(frozen=True, slots=True)
class Calibration:
    """Calibration of concerns and need level, selective prediction and conformal coverage."""

    concerns: CalibrationSummary
    need_level: CalibrationSummary
    selective_prediction: SelectivePrediction
    conformal: Conformal


@dataclass(frozen=True, slots=True)
class WorstError:
    """One need-level error by id, with redacted text only."""

    id: str
    kind: str
    recorded: str
    suggested: str
    confidence: float
    abstained: bool
    concerns_missed: tuple[str, ...]
    concerns_extra: tuple[str, ...]
    redacted_text: str


@dataclass(frozen=True, slots=True)
class AuthorityGap:
    """An authority's agreement with the model and where its recorded levels sit."""

    accuracy: Triple
    qwk: float | None
    recorded_minus_suggested: Triple
    rest_of_region: float | None
    difference_from_rest: Triple
    adjusted_interval: tuple[float | None, float | None] | None
    systematic: bool
    note: str


@dataclass(frozen=True, slots=True)
class AuthorityRow:
    """One authority: its recorded and suggested mix, and (if large enough) its gap."""

    authority: str
    n: int
    recorded_mix: Mapping[str, float]
    suggested_mix: Mapping[str, float]
    status: str
    gap: AuthorityGap | None = None

    @property
    def systematic(self) -> bool:
        """Whether the authority records systematically above or below the region."""
        return self.gap is not None and self.gap.systematic

    def to_json_dict(self) -> dict[str, Any]:
        """A flat row; an authority too small to compare has no gap fields."""
        out = fields_json(self)
        del out["gap"]
        if self.gap is not None:
            out.update(fields_json(self.gap))
        return out


@dataclass(frozen=True, slots=True)
class AuthorityComparison:
    """Every authority, the minimum size compared, and the method in words."""

    authorities: tuple[AuthorityRow, ...]
    min_size: int
    method: str


@dataclass(frozen=True, slots=True)
class OriginRecall:
    """Names found by the redaction among those in gold spans, for one name origin."""

    found: int
    total: int
    recall: float | None
    ci95: tuple[float, float] | None


@dataclass(frozen=True, slots=True)
class RedactionRecall:
    """Name recall by origin, with the lowest named."""

    by_origin: Mapping[str, OriginRecall]
    note: str


@dataclass(frozen=True, slots=True)
class Summary:
    """The plain-words summary at the top of the page and the CLI's output."""

    sentences: tuple[str, ...]
    flag_sentences: tuple[str, ...]
    flags_by_kind: Mapping[str, int]
    authority_notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """Which registered model the report describes (set by ``evaluation.run``)."""

    uri: str
    name: str | None
    version: str | None
    model_version: str | None
    training_data_fingerprint: str | None


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """Everything one evaluation reports; ``to_json_dict`` is metrics.json."""

    schema_version: int
    scheme: SchemeInfo
    data: DataSection
    options: Mapping[str, Any]
    overall: Mapping[str, Any]
    """``concerns`` and ``need_level`` metric tables from ``scoring.metrics``."""
    per_label: Mapping[str, Mapping[str, Any]]
    confusion_matrix: ConfusionMatrix
    headline: Headline
    calibration: Calibration
    precision_recall_curves: Mapping[str, Mapping[str, list[float]]]
    worst_errors: tuple[WorstError, ...]
    audit: AuditResult
    authorities: AuthorityComparison
    redaction_recall: RedactionRecall | None
    summary: Summary
    model: ModelInfo | None = None
    redaction: Mapping[str, Any] | None = None
    """The redaction manifest of the evaluation data (set by ``evaluation.run``)."""
    automation_bias: Mapping[str, Any] | None = None
    """Annotation's automation-bias figures, when ``triage evaluate --automation-bias`` gave them."""

    def with_provenance(self, *, model: ModelInfo, redaction: Mapping[str, Any]) -> EvaluationReport:
        """The same report, saying which model it describes and how its input was redacted."""
        return replace(self, model=model, redaction=to_jsonable(redaction))

    def with_automation_bias(self, figures: Mapping[str, Any]) -> EvaluationReport:
        """The same report carrying annotation's automation-bias figures."""
        return replace(self, automation_bias=to_jsonable(figures))

    def to_json_dict(self) -> dict[str, Any]:
        """metrics.json: plain JSON types, NaN as null; model, redaction, automation bias only when set."""
        out = fields_json(self)
        for optional in ("model", "redaction", "automation_bias"):
            if getattr(self, optional) is None:
                del out[optional]
        return out
