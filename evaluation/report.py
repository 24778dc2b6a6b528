"""The evaluation report's data: one typed :class:`EvaluationReport` (metrics.json).

``build_report`` sees only an :class:`EvaluationInput`, i.e. ids and *redacted* text,
so personal data cannot reach metrics.json or the page. The page is drawn from the
report alone by :mod:`evaluation.render` (plots from stored points), so rendering
stays apart from the numbers and can change without touching them.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import precision_recall_curve

from evaluation.audit import AuditOptions, run_audit
from evaluation.authorities import compare_authorities
from evaluation.bootstrap import DEFAULT_LEVEL, percentile_interval, resample_counts, safe_ratio
from evaluation.headline import headline_intervals
from evaluation.jsonable import finite, to_jsonable
from evaluation.predictions import GROUP_COLUMNS, MISSING_GROUP, EvaluationInput
from evaluation.report_types import (
    Calibration,
    CalibrationSummary,
    Conformal,
    ConfusionMatrix,
    DataSection,
    EvaluationReport,
    OriginRecall,
    RedactionRecall,
    SchemeInfo,
    SelectivePrediction,
    WorstError,
)
from evaluation.wording import report_summary
from referrals.intervals import wilson_interval
from referrals.labels import LabelScheme
from scoring.metrics import (
    calibration_errors,
    concern_metrics,
    need_level_metrics,
    reliability_curve,
)

REPORT_SCHEMA_VERSION = 1
SCHEME_MISMATCH = (
    "evaluation input has {got} {what} but the label scheme {version} has {expected}"
)


@dataclass(frozen=True)
class ReportOptions:
    """Options of one evaluation; every field is recorded in the report."""

    n_boot: int = 500
    seed: int = 0
    level: float = DEFAULT_LEVEL
    conformal_target: float = 0.9
    n_worst_errors: int = 20
    max_text_chars: int = 600
    authority_min_size: int = 50
    selective_points: int = 40
    audit: AuditOptions = field(default_factory=AuditOptions)


def check_scheme(data: EvaluationInput, scheme: LabelScheme) -> None:
    """Refuse an input scored against a different label scheme (before any work)."""
    if data.concerns_true.shape[1] != len(scheme.concern_ids):
        raise ValueError(SCHEME_MISMATCH.format(
            got=data.concerns_true.shape[1], what="concern columns", version=scheme.version,
            expected=len(scheme.concern_ids)))
    if data.n_levels != len(scheme.need_level_ids):
        raise ValueError(SCHEME_MISMATCH.format(
            got=data.n_levels, what="need levels", version=scheme.version,
            expected=len(scheme.need_level_ids)))


def _per_label(
    data: EvaluationInput, concerns: dict[str, Any], concern_ids: list[str]
) -> dict[str, Any]:
    """scoring's per-category metrics plus calibration, prevalence and "uncertain" rate."""
    per_label = concerns.pop("per_category")
    for index, concern in enumerate(concern_ids):
        ece, mce = calibration_errors(y_true=data.concerns_true[:, index],
                                      y_prob=data.concerns_prob[:, index])
        per_label[concern].update({
            "ece": ece, "mce": mce,
            "brier": float(np.mean((data.concerns_prob[:, index]
                                    - data.concerns_true[:, index]) ** 2)),
            "prevalence": float(data.concerns_true[:, index].mean()),
            "uncertain_rate": (None if data.concerns_uncertain is None
                               else float(data.concerns_uncertain[:, index].mean())),
        })
    return dict(to_jsonable(per_label))


def build_report(
    data: EvaluationInput, scheme: LabelScheme, options: ReportOptions | None = None
) -> EvaluationReport:
    """Everything the evaluation reports, typed; ``to_json_dict()`` gives metrics.json."""
    options = options or ReportOptions()
    check_scheme(data, scheme)
    concern_ids, level_ids = scheme.concern_ids, scheme.need_level_ids
    weights = resample_counts(data.n_referrals, n_boot=options.n_boot, seed=options.seed)
    concerns = concern_metrics(y_true=data.concerns_true, y_pred=data.concerns_pred,
                               y_prob=data.concerns_prob, concern_ids=concern_ids)
    need = need_level_metrics(
        y_true=data.need_true, y_pred=data.need_pred, y_prob=data.need_prob,
        range_low=data.range_low, range_high=data.range_high, abstain=data.abstain,
        level_ids=level_ids,
    )
    per_label = _per_label(data, concerns, concern_ids)
    confusion = need.pop("confusion_matrix")
    audit = run_audit(data, concern_ids=concern_ids, level_ids=level_ids, weights=weights,
                      options=options.audit)
    authorities = compare_authorities(
        data, level_ids=level_ids, weights=weights, min_size=options.authority_min_size,
        family_alpha=options.audit.family_alpha, level=options.level,
    )
    headline = headline_intervals(data, concern_ids=concern_ids, weights=weights,
                                  level=options.level)
    calibration = _calibration_section(data, concerns, need, concern_ids, weights, options)
    return EvaluationReport(
        schema_version=REPORT_SCHEMA_VERSION,
        scheme=SchemeInfo(scheme.version, scheme.fingerprint, tuple(concern_ids),
                          tuple(level_ids)),
        data=_data_section(data),
        options=to_jsonable({key: value for key, value in asdict(options).items()
                             if key != "audit"}),
        overall=to_jsonable({"concerns": concerns, "need_level": need}),
        per_label=per_label,
        confusion_matrix=ConfusionMatrix(tuple(level_ids),
                                         tuple(tuple(int(c) for c in row) for row in confusion)),
        headline=headline,
        calibration=calibration,
        precision_recall_curves=_precision_recall_points(data, concern_ids),
        worst_errors=_worst_errors(data, concern_ids, level_ids, options),
        audit=audit,
        authorities=authorities,
        redaction_recall=_redaction_recall(data),
        summary=report_summary(headline=headline, calibration=calibration, audit=audit,
                               authorities=authorities, per_label=per_label,
                               n_referrals=data.n_referrals, level_ids=level_ids),
    )


def _data_section(data: EvaluationInput) -> DataSection:
    """Size, an id fingerprint (the gate checks candidate and champion saw the same data)."""
    digest = hashlib.sha256("\n".join(sorted(data.ids)).encode("utf-8")).hexdigest()
    return DataSection(
        n_referrals=data.n_referrals,
        ids_sha256=digest,
        missing_share={column: float((data.groups[column] == MISSING_GROUP).mean())
                       for column in GROUP_COLUMNS},
    )


def _calibration_section(
    data: EvaluationInput, concerns: dict[str, Any], need: dict[str, Any],
    concern_ids: list[str], weights: NDArray[Any], options: ReportOptions,
) -> Calibration:
    confidence = data.need_prob.max(1)
    correct_top = (data.need_prob.argmax(1) == data.need_true).astype(float)
    concern_reliability = {
        concern: reliability_curve(y_true=data.concerns_true[:, index],
                                   y_prob=data.concerns_prob[:, index])
        for index, concern in enumerate(concern_ids)
    }
    return Calibration(
        concerns=CalibrationSummary(finite(concerns["ece"]), finite(concerns["mce"]),
                                    finite(concerns["brier"]), to_jsonable(concern_reliability)),
        need_level=CalibrationSummary(
            finite(need["ece"]), finite(need["mce"]), finite(need["brier"]),
            to_jsonable(reliability_curve(y_true=correct_top, y_prob=confidence))),
        selective_prediction=_selective_prediction(data, options.selective_points),
        conformal=_conformal(data, weights, options),
    )


def _selective_prediction(data: EvaluationInput, points: int) -> SelectivePrediction:
    """Accuracy on kept referrals as the confidence floor rises (abstain rate 0 to 95%)."""
    confidence = data.need_prob.max(1)
    correct = (data.need_pred == data.need_true).astype(float)
    order = np.argsort(-confidence, kind="stable")
    cumulative = np.cumsum(correct[order])
    n = data.n_referrals
    curve = []
    for abstain_rate in np.linspace(0.0, 0.95, points):
        kept = max(1, round(n * (1 - abstain_rate)))
        curve.append({
            "abstain_rate": 1 - kept / n,
            "accuracy": float(cumulative[kept - 1] / kept),
            "confidence_floor": float(confidence[order][kept - 1]),
        })
    kept_mask = ~data.abstain
    operating = {
        "abstain_rate": float(data.abstain.mean()),
        "accuracy": float(correct[kept_mask].mean()) if kept_mask.any() else float("nan"),
    }
    return SelectivePrediction(tuple(to_jsonable(curve)), to_jsonable(operating))


def _conformal(data: EvaluationInput, weights: NDArray[Any], options: ReportOptions
               ) -> Conformal:
    """Coverage of the conformal need-level range against its target, with an interval.

    The guarantee is one-sided: the range's upper end is at or above the recorded level
    for at least the target share (the safety-relevant side). That upper coverage is
    what the verdict tests; two-sided coverage (the recorded level inside the range) is
    reported beside it and is lower by design.
    """
    covered = data.range_high >= data.need_true
    inside = (data.range_low <= data.need_true) & (data.need_true <= data.range_high)
    boot = safe_ratio(weights @ covered.astype(np.float32), weights.sum(1))
    low, high = percentile_interval(boot[:, None], level=options.level)
    achieved = float(covered.mean())
    by_level = {
        str(rank): finite(covered[data.need_true == rank].mean())
        for rank in range(data.n_levels) if (data.need_true == rank).any()
    }
    target = options.conformal_target
    if high[0] < target:
        verdict = "below target"
    elif low[0] > target:
        verdict = "above target (conservative)"
    else:
        verdict = "consistent with target"
    return Conformal(
        target=target,
        coverage=(finite(achieved), finite(low[0]), finite(high[0])),
        upper_coverage=finite(achieved),
        two_sided_coverage=finite(inside.mean()),
        mean_set_size=finite((data.range_high - data.range_low + 1).mean()),
        coverage_by_recorded_rank=by_level,
        verdict=verdict,
    )


def _precision_recall_points(
    data: EvaluationInput, concern_ids: list[str], points: int = 40
) -> dict[str, dict[str, list[float]]]:
    curves = {}
    for index, concern in enumerate(concern_ids):
        column = data.concerns_true[:, index]
        if column.sum() == 0 or column.sum() == len(column):
            continue
        precision, recall, _ = precision_recall_curve(column, data.concerns_prob[:, index])
        keep = np.unique(np.linspace(0, len(precision) - 1, points).astype(int))
        curves[concern] = {"precision": precision[keep].tolist(), "recall": recall[keep].tolist()}
    return dict(to_jsonable(curves))


def _worst_errors(
    data: EvaluationInput, concern_ids: list[str], level_ids: list[str],
    options: ReportOptions,
) -> tuple[WorstError, ...]:
    """Need-level errors by id with redacted text: under-triage first, most confident first."""
    top = data.n_levels - 1
    confidence = data.need_prob.max(1)
    wrong = data.need_true != data.need_pred
    under = (data.need_true == top) & (data.need_pred <= top - 2)
    distance = np.abs(data.need_true - data.need_pred)
    # lexsort: last key is primary -> under-triage, then distance, then confidence
    order = np.lexsort((-confidence, -distance, ~under))
    chosen = [int(index) for index in order if wrong[index]][: options.n_worst_errors]
    rows = []
    for index in chosen:
        text = data.redacted_texts[index]
        if len(text) > options.max_text_chars:
            text = text[: options.max_text_chars] + "…"
        rows.append(WorstError(
            id=data.ids[index],
            kind="under-triage" if under[index] else "need level error",
            recorded=level_ids[int(data.need_true[index])],
            suggested=level_ids[int(data.need_pred[index])],
            confidence=float(confidence[index]),
            abstained=bool(data.abstain[index]),
            concerns_missed=tuple(concern_ids[c] for c in np.flatnonzero(
                (data.concerns_true[index] == 1) & (data.concerns_pred[index] == 0))),
            concerns_extra=tuple(concern_ids[c] for c in np.flatnonzero(
                (data.concerns_true[index] == 0) & (data.concerns_pred[index] == 1))),
            redacted_text=text,
        ))
    return tuple(rows)


def _redaction_recall(data: EvaluationInput) -> RedactionRecall | None:
    """Name recall by origin with Wilson 95% intervals (where gold spans were available)."""
    if not data.redaction_recall:
        return None
    rows: dict[str, OriginRecall] = {}
    for origin, (found, total) in sorted(data.redaction_recall.items()):
        if total <= 0:
            rows[origin] = OriginRecall(found, total, None, None)
            continue
        rows[origin] = OriginRecall(found, total, found / total, wilson_interval(found, total))
    rated = [(row.recall, origin) for origin, row in rows.items() if row.recall is not None]
    lowest = min(rated) if rated else None
    return RedactionRecall(
        by_origin=rows,
        note=(f"Lowest name recall: {lowest[1]} at {lowest[0]:.1%}." if lowest else ""),
    )
