"""The evaluation report: one dict (metrics.json) and one self-contained HTML page.

``build_report`` sees only an :class:`EvaluationInput`, i.e. ids and *redacted* text,
so personal data cannot reach metrics.json or the page. ``render_html`` works from
the dict alone (plots are drawn from stored points), so a report can be re-rendered
from an MLflow artifact without the data. Every text value is HTML-escaped.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import precision_recall_curve

from evaluation.audit import AuditOptions, run_audit
from evaluation.authorities import compare_authorities
from evaluation.bootstrap import DEFAULT_LEVEL, percentile_interval, resample_counts, safe_ratio
from evaluation.headline import headline_intervals
from evaluation.predictions import GROUP_COLUMNS, MISSING_GROUP, EvaluationInput
from referrals.labels import LabelScheme
from scoring.metrics import (
    calibration_errors,
    concern_metrics,
    need_level_metrics,
    reliability_curve,
)
from scoring.plots import (
    confusion_matrix_figure,
    disparity_forest_figure,
    figure_to_data_uri,
    precision_recall_points_figure,
    reliability_points_figure,
    selective_prediction_figure,
)

REPORT_SCHEMA_VERSION = 1
SECTION_IDS = (
    "summary", "error-rates", "calibration", "bias-audit", "authorities", "worst-errors",
    "model-card",
)
SCHEME_MISMATCH = (
    "evaluation input has {got} {what} but the label scheme {version} has {expected}"
)
FORESTED_METRICS = ("recorded_minus_suggested", "under_triage", "selection_rate")


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


def to_jsonable(value: Any) -> Any:
    """Plain JSON types; NaN and infinities become None (JSON has no NaN)."""
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item) for item in value]
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return number if math.isfinite(number) else None
    return value


def build_report(
    data: EvaluationInput, scheme: LabelScheme, options: ReportOptions | None = None
) -> dict[str, Any]:
    """Everything the evaluation reports, as one JSON-safe dict (the metrics.json shape)."""
    options = options or ReportOptions()
    concern_ids, level_ids = scheme.concern_ids, scheme.need_level_ids
    if data.concerns_true.shape[1] != len(concern_ids):
        raise ValueError(SCHEME_MISMATCH.format(
            got=data.concerns_true.shape[1], what="concern columns", version=scheme.version,
            expected=len(concern_ids)))
    if data.n_levels != len(level_ids):
        raise ValueError(SCHEME_MISMATCH.format(
            got=data.n_levels, what="need levels", version=scheme.version,
            expected=len(level_ids)))
    weights = resample_counts(data.n_referrals, n_boot=options.n_boot, seed=options.seed)
    concerns = concern_metrics(y_true=data.concerns_true, y_pred=data.concerns_pred,
                               y_prob=data.concerns_prob, concern_ids=concern_ids)
    need = need_level_metrics(
        y_true=data.need_true, y_pred=data.need_pred, y_prob=data.need_prob,
        range_low=data.range_low, range_high=data.range_high, abstain=data.abstain,
        level_ids=level_ids,
    )
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
    confusion = need.pop("confusion_matrix")
    audit = run_audit(data, concern_ids=concern_ids, level_ids=level_ids, weights=weights,
                      options=options.audit)
    authorities = compare_authorities(
        data, level_ids=level_ids, weights=weights, min_size=options.authority_min_size,
        family_alpha=options.audit.family_alpha, level=options.level,
    )
    report: dict[str, Any] = {
        "schema_version": REPORT_SCHEMA_VERSION,
        "scheme": {"version": scheme.version, "fingerprint": scheme.fingerprint,
                   "concern_ids": concern_ids, "need_level_ids": level_ids},
        "data": _data_section(data),
        "options": {key: value for key, value in asdict(options).items() if key != "audit"},
        "overall": {"concerns": concerns, "need_level": need},
        "per_label": per_label,
        "confusion_matrix": {"labels": level_ids, "matrix": confusion},
        "headline": headline_intervals(data, concern_ids=concern_ids, weights=weights,
                                       level=options.level),
        "calibration": _calibration_section(data, concerns, need, concern_ids, weights,
                                            options),
        "precision_recall_curves": _precision_recall_points(data, concern_ids),
        "worst_errors": _worst_errors(data, concern_ids, level_ids, options),
        "audit": audit,
        "authorities": authorities,
        "redaction_recall": _redaction_recall(data),
    }
    report["summary"] = _summary(report, level_ids)
    return dict(to_jsonable(report))


def _data_section(data: EvaluationInput) -> dict[str, Any]:
    """Size, an id fingerprint (the gate checks candidate and champion saw the same data)."""
    digest = hashlib.sha256("\n".join(sorted(data.ids)).encode("utf-8")).hexdigest()
    return {
        "n_referrals": data.n_referrals,
        "ids_sha256": digest,
        "missing_share": {column: float((data.groups[column] == MISSING_GROUP).mean())
                          for column in GROUP_COLUMNS},
    }


def _calibration_section(
    data: EvaluationInput, concerns: dict[str, Any], need: dict[str, Any],
    concern_ids: list[str], weights: NDArray[Any], options: ReportOptions,
) -> dict[str, Any]:
    confidence = data.need_prob.max(1)
    correct_top = (data.need_prob.argmax(1) == data.need_true).astype(float)
    return {
        "concerns": {
            "ece": concerns["ece"], "mce": concerns["mce"], "brier": concerns["brier"],
            "reliability": {
                concern: reliability_curve(y_true=data.concerns_true[:, index],
                                           y_prob=data.concerns_prob[:, index])
                for index, concern in enumerate(concern_ids)
            },
        },
        "need_level": {
            "ece": need["ece"], "mce": need["mce"], "brier": need["brier"],
            "reliability": reliability_curve(y_true=correct_top, y_prob=confidence),
        },
        "selective_prediction": _selective_prediction(data, options.selective_points),
        "conformal": _conformal(data, weights, options),
    }


def _selective_prediction(data: EvaluationInput, points: int) -> dict[str, Any]:
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
    return {"curve": curve, "operating_point": operating}


def _conformal(data: EvaluationInput, weights: NDArray[Any], options: ReportOptions) -> dict[
        str, Any]:
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
        str(rank): float(covered[data.need_true == rank].mean())
        for rank in range(data.n_levels) if (data.need_true == rank).any()
    }
    target = options.conformal_target
    if high[0] < target:
        verdict = "below target"
    elif low[0] > target:
        verdict = "above target (conservative)"
    else:
        verdict = "consistent with target"
    return {
        "target": target,
        "coverage": [achieved, float(low[0]), float(high[0])],
        "upper_coverage": achieved,
        "two_sided_coverage": float(inside.mean()),
        "mean_set_size": float((data.range_high - data.range_low + 1).mean()),
        "coverage_by_recorded_rank": by_level,
        "verdict": verdict,
    }


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
    return curves


def _worst_errors(
    data: EvaluationInput, concern_ids: list[str], level_ids: list[str],
    options: ReportOptions,
) -> list[dict[str, Any]]:
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
        missed = [concern_ids[c] for c in np.flatnonzero(
            (data.concerns_true[index] == 1) & (data.concerns_pred[index] == 0))]
        extra = [concern_ids[c] for c in np.flatnonzero(
            (data.concerns_true[index] == 0) & (data.concerns_pred[index] == 1))]
        text = data.redacted_texts[index]
        if len(text) > options.max_text_chars:
            text = text[: options.max_text_chars] + "…"
        rows.append({
            "id": data.ids[index],
            "kind": "under-triage" if under[index] else "need level error",
            "recorded": level_ids[int(data.need_true[index])],
            "suggested": level_ids[int(data.need_pred[index])],
            "confidence": float(confidence[index]),
            "abstained": bool(data.abstain[index]),
            "concerns_missed": missed,
            "concerns_extra": extra,
            "redacted_text": text,
        })
    return rows


def _redaction_recall(data: EvaluationInput) -> dict[str, Any] | None:
    """Name recall by origin with Wilson 95% intervals (where gold spans were available)."""
    if not data.redaction_recall:
        return None
    rows: dict[str, dict[str, Any]] = {}
    z = 1.959964
    for origin, (found, total) in sorted(data.redaction_recall.items()):
        if total <= 0:
            rows[origin] = {"found": found, "total": total, "recall": None, "ci95": None}
            continue
        p = found / total
        centre = (p + z * z / (2 * total)) / (1 + z * z / total)
        half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (
            1 + z * z / total)
        rows[origin] = {"found": found, "total": total, "recall": p,
                        "ci95": [max(0.0, centre - half), min(1.0, centre + half)]}
    rated = [(row["recall"], origin) for origin, row in rows.items() if row["recall"] is not None]
    lowest = min(rated) if rated else None
    return {
        "by_origin": rows,
        "note": (f"Lowest name recall: {lowest[1]} at {lowest[0]:.1%}." if lowest else ""),
    }


def _words(identifier: str) -> str:
    return identifier.replace("_", " ")


def _uncertain_sentence(report: dict[str, Any]) -> str:
    """How often the most-flagged concern carried "uncertain": a flag on every referral is noise."""
    rates = {c: row["uncertain_rate"] for c, row in report["per_label"].items()
             if row.get("uncertain_rate") is not None}
    if not rates:
        return ""
    worst = max(rates, key=lambda c: rates[c])
    return (f" The concern most often flagged uncertain was {_words(worst)}, on "
            f"{100 * rates[worst]:.1f}% of referrals.")


def _summary(report: dict[str, Any], level_ids: list[str]) -> dict[str, Any]:
    """Plain-words sentences: headline numbers, then every flag and what kind it is."""
    need = report["headline"]["need_level"]
    concerns = report["headline"]["concerns"]
    n = report["data"]["n_referrals"]
    conformal = report["calibration"]["conformal"]
    low_levels = " or ".join(_words(level) for level in level_ids[: max(len(level_ids) - 2, 1)])
    sentences = [
        (f"On {n:,} referrals the model's suggested need level matched the recorded level for "
        f"{_pct(need['accuracy'])} (quadratic weighted kappa {_num(need['qwk'])})."),
        (f"Under-triage (recorded {_words(level_ids[-1])} suggested as {low_levels}): "
        f"{_pct(need['under_triage'])}; over-triage (recorded {low_levels} suggested as "
        f"{_words(level_ids[-1])}): {_pct(need['over_triage'])}."),
        (f"Concern categories: micro F1 {_num(concerns['micro_f1'])}, macro F1 "
        f"{_num(concerns['macro_f1'])}." + _uncertain_sentence(report)),
        (f"Need-level calibration error (ECE) {report['calibration']['need_level']['ece']:.3f}; "
        f"the conformal range's upper end was at or above the recorded level for "
        f"{100 * conformal['coverage'][0]:.1f}% "
        f"against a target of {100 * conformal['target']:.0f}% ({conformal['verdict']})."),
    ]
    flags = report["audit"]["flags"]
    kinds = {"model_error": 0, "recorded_vs_suggested": 0, "suggestion_rate": 0}
    for flag in flags:
        kinds[flag["kind"]] = kinds.get(flag["kind"], 0) + 1
    if flags:
        sentences.append(
            f"The bias audit raised {len(flags)} flag(s): {kinds['model_error']} on the model's "
            f"error rates, {kinds['recorded_vs_suggested']} where recorded decisions sit away "
            f"from the model's suggestions, {kinds['suggestion_rate']} on how often the model "
            f"suggests higher levels."
        )
    elif report["audit"]["multiple_comparisons"]["n_comparisons"] == 0:
        sentences.append("The bias audit could compare no groups, so it raised no flags and "
                         "shows nothing either way.")
    else:
        sentences.append("The bias audit raised no flags.")
    sentences.append(report["audit"]["multiple_comparisons"]["statement"])
    systematic = [row["note"] for row in report["authorities"]["authorities"]
                  if row.get("systematic")]
    return {
        "sentences": sentences,
        "flag_sentences": [flag["sentence"] for flag in flags],
        "flags_by_kind": kinds,
        "authority_notes": systematic,
    }


def _pct(interval: dict[str, float]) -> str:
    if interval["estimate"] is None or not np.isfinite(interval["estimate"]):
        return "not defined"
    return (f"{100 * interval['estimate']:.1f}% (95% CI {100 * interval['low']:.1f}% to "
            f"{100 * interval['high']:.1f}%)")


def _num(interval: dict[str, float]) -> str:
    if interval["estimate"] is None or not np.isfinite(interval["estimate"]):
        return "not defined"
    return f"{interval['estimate']:.3f} (95% CI {interval['low']:.3f} to {interval['high']:.3f})"


# ---------------------------------------------------------------------------- HTML

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:0 auto;max-width:1100px;
padding:1rem 2rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem}h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2.2rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.85rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.flag{color:#a00;font-weight:600}.muted{color:#666}
img{max-width:100%;height:auto;border:1px solid #eee;margin:.4rem 0}
nav a{margin-right:1rem}.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.5rem}
pre{white-space:pre-wrap}
"""


def _e(value: Any) -> str:
    """Escape any value for HTML text or attribute context."""
    return html.escape("" if value is None else str(value), quote=True)


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}" if math.isfinite(value) else "–"
    return str(value)


def _interval_cell(interval: Any, percent: bool = False) -> str:
    if isinstance(interval, dict):
        estimate, low, high = interval.get("estimate"), interval.get("low"), interval.get("high")
    elif isinstance(interval, list) and len(interval) == 3:
        estimate, low, high = interval
    else:
        return _e(_fmt(interval))
    if estimate is None:
        return "–"
    scale = 100.0 if percent else 1.0
    suffix = "%" if percent else ""
    digits = 1 if percent else 3
    text = f"{scale * estimate:.{digits}f}{suffix}"
    if low is not None and high is not None:
        text += f" ({scale * low:.{digits}f}–{scale * high:.{digits}f})"
    return _e(text)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    """Table from already-escaped cells (callers escape with _e / _interval_cell)."""
    head = "".join(f"<th>{_e(header)}</th>" for header in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _image(uri: str, alt: str) -> str:
    return f'<img src="{_e(uri)}" alt="{_e(alt)}">'


def render_html(report: dict[str, Any], model_card_markdown: str) -> str:
    """A self-contained HTML page (inline CSS, PNG plots as data URIs), all text escaped."""
    level_ids = report["scheme"]["need_level_ids"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Referral triage evaluation report</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>Referral triage: evaluation and bias audit</h1>",
        ('<p class="note">The model suggests concern categories and a need level for a '
        "person to review. It does not make decisions.</p>"),
        "<nav>" + "".join(f'<a href="#{section}">{_e(section.replace("-", " "))}</a>'
                          for section in SECTION_IDS) + "</nav>",
        _summary_html(report),
        _error_rates_html(report, level_ids),
        _calibration_html(report),
        _audit_html(report),
        _authorities_html(report, level_ids),
        _worst_errors_html(report),
        '<section id="model-card"><h2>Model card</h2>'
        + markdown_to_html(model_card_markdown) + "</section>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _summary_html(report: dict[str, Any]) -> str:
    summary = report["summary"]
    items = "".join(f"<li>{_e(sentence)}</li>" for sentence in summary["sentences"])
    flags = summary["flag_sentences"]
    kinds = {flag["sentence"]: flag["kind"] for flag in report["audit"]["flags"]}
    labels = {"model_error": "model error", "recorded_vs_suggested":
              "recorded decisions sit away from the model", "suggestion_rate":
              "difference in suggestions"}
    flag_items = "".join(
        f'<li><span class="flag">[{_e(labels.get(kinds.get(sentence, ""), ""))}]</span> '
        f"{_e(sentence)}</li>" for sentence in flags
    ) or "<li>No group was flagged.</li>"
    notes = "".join(f"<li>{_e(note)}</li>" for note in summary["authority_notes"])
    return (
        '<section id="summary"><h2>Summary</h2>'
        f"<ul>{items}</ul><h3>Flags raised</h3><ul>{flag_items}</ul>"
        + (f"<h3>Authorities</h3><ul>{notes}</ul>" if notes else "")
        + "</section>"
    )


def _error_rates_html(report: dict[str, Any], level_ids: list[str]) -> str:
    need = report["headline"]["need_level"]
    concerns = report["headline"]["concerns"]
    headline_rows = [
        [_e("need level accuracy"), _interval_cell(need["accuracy"], True)],
        [_e("need level macro F1"), _interval_cell(need["macro_f1"])],
        [_e("quadratic weighted kappa"), _interval_cell(need["qwk"])],
        [_e("under-triage"), _interval_cell(need["under_triage"], True)],
        [_e("over-triage"), _interval_cell(need["over_triage"], True)],
        [_e("concern micro F1"), _interval_cell(concerns["micro_f1"])],
        [_e("concern macro F1"), _interval_cell(concerns["macro_f1"])],
    ]
    label_rows = []
    for concern, row in report["per_label"].items():
        intervals = concerns["per_category"].get(concern, {})
        label_rows.append([
            _e(concern), _interval_cell(intervals.get("precision")),
            _interval_cell(intervals.get("recall")), _interval_cell(intervals.get("f1")),
            _e(_fmt(row.get("average_precision"))), _e(_fmt(row.get("support"), 0)),
            _e("n/a" if row.get("uncertain_rate") is None else f"{100 * row['uncertain_rate']:.1f}%"),
        ])
    confusion = figure_to_data_uri(confusion_matrix_figure(
        report["confusion_matrix"]["matrix"], level_ids, "Need level: recorded vs suggested"))
    curves = figure_to_data_uri(precision_recall_points_figure(
        report["precision_recall_curves"], "Concern categories: precision-recall"))
    return (
        '<section id="error-rates"><h2>Error rates</h2>'
        "<p>Point estimates with 95% bootstrap intervals (resampling referrals).</p>"
        + _table(["metric", "estimate (95% CI)"], headline_rows)
        + _image(confusion, "need level confusion matrix")
        + "<h3>Per concern category</h3>"
        + _table(["concern", "precision", "recall", "F1", "average precision", "support", "flagged uncertain"],
                 label_rows)
        + _image(curves, "precision-recall curves") + "</section>"
    )


def _calibration_html(report: dict[str, Any]) -> str:
    calibration = report["calibration"]
    concern_cal, need_cal = calibration["concerns"], calibration["need_level"]
    conformal = calibration["conformal"]
    rows = [
        [_e("concerns (all categories pooled)"), _e(_fmt(concern_cal["ece"])),
         _e(_fmt(concern_cal["mce"])), _e(_fmt(concern_cal["brier"]))],
        [_e("need level (top-label confidence)"), _e(_fmt(need_cal["ece"])),
         _e(_fmt(need_cal["mce"])), _e(_fmt(need_cal["brier"]))],
    ]
    per_label = [[_e(concern), _e(_fmt(row.get("ece"))), _e(_fmt(row.get("mce"))),
                  _e(_fmt(row.get("brier")))] for concern, row in report["per_label"].items()]
    reliability = figure_to_data_uri(reliability_points_figure(
        concern_cal["reliability"], "Concern categories: reliability"))
    need_reliability = figure_to_data_uri(reliability_points_figure(
        {"need level": need_cal["reliability"]}, "Need level: reliability", columns=1))
    selective = calibration["selective_prediction"]
    selective_uri = figure_to_data_uri(selective_prediction_figure(
        selective["curve"], selective["operating_point"], "Selective prediction"))
    coverage = conformal["coverage"]
    conformal_text = (
        f"The conformal need-level range's upper end was at or above the recorded level for "
        f"{100 * coverage[0]:.1f}% (95% CI {100 * coverage[1]:.1f}% to {100 * coverage[2]:.1f}%) "
        f"against a target of {100 * conformal['target']:.0f}%: {conformal['verdict']}. The "
        f"recorded level lay inside the range for {100 * conformal['two_sided_coverage']:.1f}%. "
        f"Mean range size "
        f"{conformal['mean_set_size']:.2f} levels."
    )
    return (
        '<section id="calibration"><h2>Calibration</h2>'
        + _table(["", "ECE", "MCE", "Brier"], rows)
        + _table(["concern", "ECE", "MCE", "Brier"], per_label)
        + _image(reliability, "reliability diagrams per concern")
        + _image(need_reliability, "need level reliability diagram")
        + f"<p>{_e(conformal_text)}</p>"
        + _image(selective_uri, "selective prediction curve") + "</section>"
    )


def _audit_html(report: dict[str, Any]) -> str:
    audit = report["audit"]
    flag_rows = [[
        _e(flag["partition"]), _e(flag["group"]), _e(flag["metric_label"]),
        _e(flag["kind"].replace("_", " ")), _e(flag["sentence"]),
    ] for flag in audit["flags"]]
    parts = [
        '<section id="bias-audit"><h2>Bias audit</h2>',
        f"<p>{_e(audit['method']['summary'])}</p>",
        f"<p>{_e(audit['multiple_comparisons']['statement'])}</p>",
        "<h3>Flags</h3>",
        _table(["partition", "group", "metric", "kind", "in plain words"], flag_rows)
        if flag_rows else "<p>No group was flagged.</p>",
    ]
    flagged = {(flag["group"], flag["metric"]) for flag in audit["flags"]}
    for metric in FORESTED_METRICS:
        rows: list[dict[str, Any]] = []
        for partition in audit["partitions"]:
            if len(partition["attributes"]) != 1:
                continue
            for group in partition["groups"]:
                if group["metrics"] is None:
                    continue
                estimate, low, high = group["metrics"][metric]
                if estimate is None:
                    continue
                rows.append({"label": group["group"], "estimate": estimate, "low": low,
                             "high": high, "reference": group["status"] == "reference",
                             "flagged": (group["group"], metric) in flagged})
        if rows:
            uri = figure_to_data_uri(disparity_forest_figure(
                rows, f"{metric.replace('_', ' ')} by group (95% CI; reference squares)",
                metric.replace("_", " ")))
            parts.append(_image(uri, f"forest plot of {metric} by group"))
    key_metrics = ("under_triage", "selection_rate", "recorded_minus_suggested",
                   "need_calibration_gap", "need_ece")
    for partition in audit["partitions"]:
        if len(partition["attributes"]) != 1:
            continue
        table_rows: list[list[str]] = []
        for group in partition["groups"]:
            metrics = group["metrics"]
            cells = [_e(group["group"]), _e(group["n"]), _e(group["status"])]
            cells += ([_interval_cell(metrics[name], name.endswith("rate")
                                      or name == "under_triage") for name in key_metrics]
                      if metrics else ["–"] * len(key_metrics))
            table_rows.append(cells)
        parts.append(f"<h3>{_e(partition['name'])}</h3>")
        parts.append(_table(["group", "n", "status", *[m.replace("_", " ") for m in key_metrics]],
                            table_rows))
    small = audit["too_small"]
    parts.append(f"<h3>Groups too small to test (under {audit['min_group_size']} referrals)</h3>")
    parts.append("<p>" + (_e("; ".join(f"{row['group']} ({row['n']})" for row in small))
                          if small else "None.") + "</p>")
    recall = report.get("redaction_recall")
    if recall:
        recall_rows = [[_e(origin), _e(row["found"]), _e(row["total"]),
                        _interval_cell([row["recall"], *(row["ci95"] or [None, None])], True)]
                       for origin, row in recall["by_origin"].items()]
        parts.append("<h3>Redaction recall by name origin</h3>")
        parts.append(_table(["origin", "found", "total", "recall (95% CI)"], recall_rows))
        parts.append(f"<p>{_e(recall['note'])}</p>")
    parts.append('<p class="muted">Every comparison, with its intervals, is in metrics.json '
                 "(audit.partitions[].comparisons).</p></section>")
    return "".join(parts)


def _authorities_html(report: dict[str, Any], level_ids: list[str]) -> str:
    rows, forest = [], []
    for row in report["authorities"]["authorities"]:
        mix = ", ".join(f"{_words(level)} {100 * (row['recorded_mix'].get(level) or 0):.0f}%"
                        for level in level_ids)
        rows.append([
            _e(row["authority"]), _e(row["n"]), _e(mix),
            _interval_cell(row.get("accuracy"), True), _e(_fmt(row.get("qwk"))),
            _interval_cell(row.get("recorded_minus_suggested")), _e(row.get("note", row["status"])),
        ])
        gap = row.get("recorded_minus_suggested")
        if gap and gap[0] is not None:
            forest.append({"label": row["authority"], "estimate": gap[0], "low": gap[1],
                           "high": gap[2], "flagged": row.get("systematic", False)})
    figure = ""
    if forest:
        figure = _image(figure_to_data_uri(disparity_forest_figure(
            forest, "Recorded minus suggested need level by authority (95% CI)",
            "levels (positive: recorded above suggestion)")), "authority forest plot")
    return (
        '<section id="authorities"><h2>Authorities</h2>'
        f"<p>{_e(report['authorities']['method'])}</p>"
        + _table(["authority", "n", "recorded mix", "accuracy", "QWK",
                  "recorded minus suggested", "note"], rows)
        + figure + "</section>"
    )


def _worst_errors_html(report: dict[str, Any]) -> str:
    rows = [[
        _e(row["id"]), _e(row["kind"]), _e(row["recorded"]), _e(row["suggested"]),
        _e(_fmt(row["confidence"], 2)), _e(", ".join(row["concerns_missed"])),
        _e(", ".join(row["concerns_extra"])), _e(row["redacted_text"]),
    ] for row in report["worst_errors"]]
    return (
        '<section id="worst-errors"><h2>Worst errors</h2>'
        "<p>Under-triage first, then the largest and most confident need-level errors. "
        "Text is shown redacted.</p>"
        + _table(["id", "kind", "recorded", "suggested", "confidence", "concerns missed",
                  "concerns extra", "redacted text"], rows) + "</section>"
    )


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")


def _inline(text: str) -> str:
    escaped = html.escape(text, quote=True)
    escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
    return _CODE.sub(r"<code>\1</code>", escaped)


def markdown_to_html(markdown: str) -> str:
    """A small Markdown subset (headings, lists, tables, paragraphs, bold, code) to HTML.

    Text is escaped before any markup is added, so the card cannot inject HTML. A full
    Markdown library would be a new dependency for one section.
    """
    out: list[str] = []
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index].rstrip()
        if not line.strip():
            index += 1
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if heading:
            level = min(len(heading.group(1)) + 1, 6)  # the page's h1 is the report title
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
            index += 1
            continue
        if line.lstrip().startswith(("- ", "* ")):
            items = []
            while index < len(lines) and lines[index].lstrip().startswith(("- ", "* ")):
                items.append(f"<li>{_inline(lines[index].lstrip()[2:])}</li>")
                index += 1
            out.append("<ul>" + "".join(items) + "</ul>")
            continue
        if line.startswith("|"):
            rows = []
            while index < len(lines) and lines[index].startswith("|"):
                cells = [cell.strip() for cell in lines[index].strip().strip("|").split("|")]
                if not all(re.fullmatch(r":?-{2,}:?", cell) for cell in cells):
                    rows.append(cells)
                index += 1
            if rows:
                head = "".join(f"<th>{_inline(cell)}</th>" for cell in rows[0])
                body = "".join("<tr>" + "".join(f"<td>{_inline(cell)}</td>" for cell in row)
                               + "</tr>" for row in rows[1:])
                out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
            continue
        paragraph = []
        while index < len(lines) and lines[index].strip() and not re.match(
                r"^(#{1,6}\s|\||\s*[-*]\s)", lines[index]):
            paragraph.append(lines[index].strip())
            index += 1
        out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
    return "\n".join(out)
