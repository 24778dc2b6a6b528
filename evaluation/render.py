"""The report page: one self-contained HTML file drawn from an :class:`EvaluationReport`.

Rendering is kept apart from the numbers: this module formats, draws plots from the
stored points and fills ``templates/report.html``; it computes no statistic. The
template is rendered with autoescape on, and every value is escaped with the standard
library's ``html.escape`` (the ``finalize`` hook), so text from the data (redacted
narratives, authority names) cannot inject markup and the entities are the ones the
page has always used. The only markup passed in is the model card, which
:mod:`evaluation.markdown` escapes before adding its few tags.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, cast

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from evaluation.automation_bias import AutomationBias, bias_rows
from evaluation.markdown import markdown_to_html
from evaluation.report_types import Estimate, EvaluationReport
from evaluation.wording import words
from scoring.plots import (
    confusion_matrix_figure,
    disparity_forest_figure,
    figure_to_data_uri,
    precision_recall_points_figure,
    reliability_points_figure,
    selective_prediction_figure,
)

SECTION_IDS = (
    "summary", "error-rates", "calibration", "bias-audit", "automation-bias", "authorities",
    "worst-errors", "model-card",
)
FORESTED_METRICS = ("recorded_minus_suggested", "under_triage", "selection_rate")
KEY_METRICS = ("under_triage", "selection_rate", "recorded_minus_suggested",
               "need_calibration_gap", "need_ece")
FLAG_KIND_LABELS = {
    "model_error": "model error",
    "recorded_vs_suggested": "recorded decisions sit away from the model",
    "suggestion_rate": "difference in suggestions",
}
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

Rows = list[list[str]]


def _escape(value: Any) -> Any:
    """Escape every output value with ``html.escape`` (Markup passes through as is)."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape("" if value is None else str(value), quote=True))


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("evaluation", "templates"), autoescape=True,
                       finalize=_escape, undefined=StrictUndefined, trim_blocks=True,
                       lstrip_blocks=True, keep_trailing_newline=False)


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}" if math.isfinite(value) else "–"
    return str(value)


def _interval_cell(interval: Estimate | Sequence[float | None] | None, percent: bool = False
                   ) -> str:
    """``estimate (low–high)``, as a percentage for rates; a dash where not defined."""
    if isinstance(interval, Estimate):
        estimate, low, high = interval.estimate, interval.low, interval.high
    elif isinstance(interval, (list, tuple)) and len(interval) == 3:
        estimate, low, high = interval
    else:
        return _fmt(interval)
    if estimate is None:
        return "–"
    scale, suffix, digits = (100.0, "%", 1) if percent else (1.0, "", 3)
    text = f"{scale * estimate:.{digits}f}{suffix}"
    if low is not None and high is not None:
        text += f" ({scale * low:.{digits}f}–{scale * high:.{digits}f})"
    return text


def render_html(report: EvaluationReport, model_card_markdown: str) -> str:
    """A self-contained HTML page (inline CSS, PNG plots as data URIs), all text escaped."""
    return _environment().get_template("report.html").render(
        css=Markup(CSS), sections=SECTION_IDS, summary=_summary(report),
        errors=_error_rates(report), calibration=_calibration(report), audit=_audit(report),
        authorities=_authorities(report), worst_errors=_worst_errors(report),
        automation_bias=_automation_bias(report), model_card=Markup(markdown_to_html(model_card_markdown)),
    )


def _automation_bias(report: EvaluationReport) -> dict[str, Any] | None:
    if report.automation_bias is None:
        return None
    figures = AutomationBias.model_validate(report.automation_bias)
    return {"project": figures.project, "rows": bias_rows(figures)}


def _summary(report: EvaluationReport) -> dict[str, Any]:
    kinds = {flag.sentence: flag.kind for flag in report.audit.flags}
    return {
        "sentences": report.summary.sentences,
        "flags": [(FLAG_KIND_LABELS.get(kinds.get(sentence, ""), ""), sentence)
                  for sentence in report.summary.flag_sentences],
        "notes": report.summary.authority_notes,
    }


def _error_rates(report: EvaluationReport) -> dict[str, Any]:
    need, concerns = report.headline.need_level, report.headline.concerns
    headline_rows = [
        ["need level accuracy", _interval_cell(need.accuracy, True)],
        ["need level macro F1", _interval_cell(need.macro_f1)],
        ["quadratic weighted kappa", _interval_cell(need.qwk)],
        ["under-triage", _interval_cell(need.under_triage, True)],
        ["over-triage", _interval_cell(need.over_triage, True)],
        ["concern micro F1", _interval_cell(concerns.micro_f1)],
        ["concern macro F1", _interval_cell(concerns.macro_f1)],
    ]
    label_rows = []
    for concern, row in report.per_label.items():
        intervals = concerns.per_category.get(concern, {})
        uncertain = row.get("uncertain_rate")
        label_rows.append([
            concern, _interval_cell(intervals.get("precision")),
            _interval_cell(intervals.get("recall")), _interval_cell(intervals.get("f1")),
            _fmt(row.get("average_precision")), _fmt(row.get("support"), 0),
            "n/a" if uncertain is None else f"{100 * uncertain:.1f}%",
        ])
    matrix = report.confusion_matrix
    return {
        "headline_rows": headline_rows,
        "label_rows": label_rows,
        "confusion": figure_to_data_uri(confusion_matrix_figure(
            [list(row) for row in matrix.matrix], list(report.scheme.need_level_ids),
            "Need level: recorded vs suggested")),
        "curves": figure_to_data_uri(precision_recall_points_figure(
            {concern: dict(points) for concern, points in report.precision_recall_curves.items()},
            "Concern categories: precision-recall")),
    }


def _calibration(report: EvaluationReport) -> dict[str, Any]:
    calibration = report.calibration
    concern_cal, need_cal, conformal = (calibration.concerns, calibration.need_level,
                                        calibration.conformal)
    selective = calibration.selective_prediction
    coverage = [math.nan if value is None else value for value in conformal.coverage]
    two_sided = math.nan if conformal.two_sided_coverage is None else conformal.two_sided_coverage
    set_size = math.nan if conformal.mean_set_size is None else conformal.mean_set_size
    return {
        "rows": [
            ["concerns (all categories pooled)", _fmt(concern_cal.ece), _fmt(concern_cal.mce),
             _fmt(concern_cal.brier)],
            ["need level (top-label confidence)", _fmt(need_cal.ece), _fmt(need_cal.mce),
             _fmt(need_cal.brier)],
        ],
        "per_label": [[concern, _fmt(row.get("ece")), _fmt(row.get("mce")),
                       _fmt(row.get("brier"))] for concern, row in report.per_label.items()],
        "reliability": figure_to_data_uri(reliability_points_figure(
            concern_cal.reliability, "Concern categories: reliability")),
        "need_reliability": figure_to_data_uri(reliability_points_figure(
            {"need level": need_cal.reliability}, "Need level: reliability", columns=1)),
        "selective": figure_to_data_uri(selective_prediction_figure(
            [dict(point) for point in selective.curve],
            cast(dict[str, float], dict(selective.operating_point)), "Selective prediction")),
        "conformal_text": (
            f"The conformal need-level range's upper end was at or above the recorded level "
            f"for {100 * coverage[0]:.1f}% (95% CI {100 * coverage[1]:.1f}% to "
            f"{100 * coverage[2]:.1f}%) against a target of {100 * conformal.target:.0f}%: "
            f"{conformal.verdict}. The recorded level lay inside the range for "
            f"{100 * two_sided:.1f}%. Mean range size {set_size:.2f} levels."
        ),
    }


def _forests(report: EvaluationReport) -> list[tuple[str, str]]:
    """Forest plots of the key gaps by group, single attributes only (reference squares)."""
    audit = report.audit
    flagged = {(flag.group, flag.metric) for flag in audit.flags}
    images = []
    for metric in FORESTED_METRICS:
        rows: list[dict[str, Any]] = []
        for partition in audit.partitions:
            if len(partition.attributes) != 1:
                continue
            for group in partition.groups:
                if group.metrics is None:
                    continue
                estimate, low, high = group.metrics[metric]
                if estimate is None:
                    continue
                rows.append({"label": group.group, "estimate": estimate, "low": low,
                             "high": high, "reference": group.status == "reference",
                             "flagged": (group.group, metric) in flagged})
        if rows:
            uri = figure_to_data_uri(disparity_forest_figure(
                rows, f"{words(metric)} by group (95% CI; reference squares)", words(metric)))
            images.append((uri, f"forest plot of {metric} by group"))
    return images


def _partition_tables(report: EvaluationReport) -> list[dict[str, Any]]:
    """Per single attribute: each group's size, status and key metrics with intervals."""
    tables = []
    for partition in report.audit.partitions:
        if len(partition.attributes) != 1:
            continue
        rows: Rows = []
        for group in partition.groups:
            cells = [group.group, str(group.n), group.status]
            cells += ([_interval_cell(group.metrics[name], name.endswith("rate")
                                      or name == "under_triage") for name in KEY_METRICS]
                      if group.metrics else ["–"] * len(KEY_METRICS))
            rows.append(cells)
        tables.append({"name": partition.name, "rows": rows,
                       "headers": ["group", "n", "status", *[words(m) for m in KEY_METRICS]]})
    return tables


def _audit(report: EvaluationReport) -> dict[str, Any]:
    audit, recall = report.audit, report.redaction_recall
    return {
        "method": audit.method.summary,
        "statement": audit.multiple_comparisons.statement,
        "flag_rows": [[flag.partition, flag.group, flag.metric_label, words(flag.kind),
                       flag.sentence] for flag in audit.flags],
        "forests": _forests(report),
        "partitions": _partition_tables(report),
        "min_group_size": audit.min_group_size,
        "too_small": "; ".join(f"{row.group} ({row.n})" for row in audit.too_small),
        "recall_rows": [] if recall is None else [
            [origin, str(row.found), str(row.total),
             _interval_cell((row.recall, *(row.ci95 or (None, None))), True)]
            for origin, row in recall.by_origin.items()],
        "recall_note": "" if recall is None else recall.note,
        "precision_note": _redaction_precision(report.redaction),
    }


def _redaction_precision(redaction: Mapping[str, Any] | None) -> str:
    """Precision beside recall, from the redaction measured on this data's gold spans."""
    if not redaction or redaction.get("person_precision") is None:
        return ""
    return (f"On these referrals' gold spans the redaction found people with recall "
            f"{_fmt(redaction.get('person_recall'))} and precision {_fmt(redaction['person_precision'])}; "
            f"every type but event dates and case references: precision "
            f"{_fmt(redaction.get('precision_excluding_policy_types'))}; structured identifiers: recall "
            f"{_fmt(redaction.get('structured_recall'))}; leak rate {_fmt(redaction.get('leak_rate'))}.")


def _mix(mix: Mapping[str, float], level_ids: Sequence[str]) -> str:
    return ", ".join(f"{words(level)} {100 * (mix.get(level) or 0):.0f}%" for level in level_ids)


def _authorities(report: EvaluationReport) -> dict[str, Any]:
    rows: Rows = []
    forest = []
    for row in report.authorities.authorities:
        gap = row.gap
        rows.append([
            row.authority, str(row.n), _mix(row.recorded_mix, report.scheme.need_level_ids),
            _interval_cell(gap.accuracy if gap else None, True),
            _fmt(gap.qwk if gap else None),
            _interval_cell(gap.recorded_minus_suggested if gap else None),
            gap.note if gap else row.status,
        ])
        if gap and gap.recorded_minus_suggested[0] is not None:
            estimate, low, high = gap.recorded_minus_suggested
            forest.append({"label": row.authority, "estimate": estimate, "low": low,
                           "high": high, "flagged": gap.systematic})
    figure = ""
    if forest:
        figure = figure_to_data_uri(disparity_forest_figure(
            forest, "Recorded minus suggested need level by authority (95% CI)",
            "levels (positive: recorded above suggestion)"))
    return {"method": report.authorities.method, "rows": rows, "forest": figure}


def _worst_errors(report: EvaluationReport) -> Rows:
    return [[
        row.id, row.kind, row.recorded, row.suggested, _fmt(row.confidence, 2),
        ", ".join(row.concerns_missed), ", ".join(row.concerns_extra), row.redacted_text,
    ] for row in report.worst_errors]
