"""Model card in Markdown, with the UK Algorithmic Transparency Recording Standard fields.

Built from a typed report plus a small YAML of organisation fields (a pydantic model
that refuses unknown keys). Required organisation fields are checked up front: a card
with a missing owner or intended use must not be published by accident.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from pydantic import field_validator

from evaluation.config_models import StrictConfig, validate_config
from evaluation.report_types import Estimate, EvaluationReport
from referrals.config_files import read_yaml
from referrals.errors import ConfigError

DEFAULT_CARD_FIELDS = "model_card.yaml"
REQUIRED_FIELDS = (
    "model_name", "organisation", "team", "senior_responsible_owner", "contact", "phase",
    "users", "intended_use", "out_of_scope", "decision_process", "human_oversight",
    "data_description", "impact_assessments", "risks_and_mitigations", "limitations",
    "ethical_considerations", "synthetic_data_caveats",
)
MISSING_FIELD = "{source}: model card field {key!r} is missing; required: {required}"


class CardFields(StrictConfig):
    """model_card.yaml: the organisation's fields, every one required and non-empty."""

    model_name: str
    organisation: str
    team: str
    senior_responsible_owner: str
    contact: str
    phase: str
    region: str | None = None
    users: list[str]
    intended_use: str
    out_of_scope: list[str]
    decision_process: str
    human_oversight: str
    data_description: str
    impact_assessments: list[str]
    risks_and_mitigations: list[str]
    limitations: list[str]
    ethical_considerations: list[str]
    synthetic_data_caveats: list[str]

    @field_validator(*REQUIRED_FIELDS, mode="before")
    @classmethod
    def _not_empty(cls, value: Any) -> Any:
        """An empty owner or intended use must not be published by accident."""
        if value in (None, "", []):
            raise ValueError("is empty")
        return value


def _missing_field_message(source: str, location: tuple[str, ...]) -> str:
    return MISSING_FIELD.format(source=source, key=location[0], required=list(REQUIRED_FIELDS))


def load_card_fields(path: str | Path | None = None) -> CardFields:
    """Organisation fields from YAML (default: the file shipped next to this module)."""
    fields, source = read_yaml(path, package="evaluation", default_name=DEFAULT_CARD_FIELDS,
                               what="model card fields file", error=ConfigError)
    return validate_config(CardFields, fields, source, what="model card fields",
                           missing=_missing_field_message)


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _ci(interval: Estimate | None, percent: bool = False) -> str:
    if interval is None or interval.estimate is None:
        return "not defined"
    scale, unit, digits = (100.0, "%", 1) if percent else (1.0, "", 3)
    low, high = interval.low, interval.high
    text = f"{scale * interval.estimate:.{digits}f}{unit}"
    if low is not None and high is not None:
        text += f" (95% CI {scale * low:.{digits}f}{unit} to {scale * high:.{digits}f}{unit})"
    return text


def _number(value: float | None, spec: str) -> str:
    """A stored number for the card; None (not defined) prints as nan, as it always has."""
    return format(math.nan if value is None else value, spec)


def _metrics_table(report: EvaluationReport) -> str:
    need, concerns = report.headline.need_level, report.headline.concerns
    calibration = report.calibration
    conformal = calibration.conformal
    coverage = conformal.coverage[0]
    return "\n".join([
        "| metric | estimate |",
        "|---|---|",
        f"| need level accuracy | {_ci(need.accuracy, True)} |",
        f"| need level macro F1 | {_ci(need.macro_f1)} |",
        f"| quadratic weighted kappa | {_ci(need.qwk)} |",
        f"| under-triage | {_ci(need.under_triage, True)} |",
        f"| over-triage | {_ci(need.over_triage, True)} |",
        f"| concern micro F1 | {_ci(concerns.micro_f1)} |",
        f"| concern macro F1 | {_ci(concerns.macro_f1)} |",
        (f"| need level ECE / MCE | {_number(calibration.need_level.ece, '.3f')} / "
         f"{_number(calibration.need_level.mce, '.3f')} |"),
        (f"| concern ECE / MCE | {_number(calibration.concerns.ece, '.3f')} / "
         f"{_number(calibration.concerns.mce, '.3f')} |"),
        (f"| conformal coverage (target {100 * conformal.target:.0f}%) | "
         f"{_number(None if coverage is None else 100 * coverage, '.1f')}% "
         f"({conformal.verdict}) |"),
    ])


def _bias_section(report: EvaluationReport) -> list[str]:
    audit = report.audit
    no_flag = ("No group was flagged." if audit.multiple_comparisons.n_comparisons
               else "No groups could be compared (too few referrals per group): no finding "
                    "either way.")
    flag_lines = [flag.sentence for flag in audit.flags] or [no_flag]
    systematic = [row.gap.note for row in report.authorities.authorities
                  if row.gap is not None and row.gap.systematic] or [
        "No authority sits systematically above or below the rest of the region."]
    return [
        "## Bias audit results",
        audit.method.summary,
        audit.multiple_comparisons.statement,
        _bullets(flag_lines),
        f"{len(audit.too_small)} group(s) were too small to test (listed in the report).",
        "### Authorities",
        _bullets(systematic),
    ]


def _atrs_section(fields: CardFields) -> list[str]:
    """The UK Algorithmic Transparency Recording Standard's tier 1 and tier 2 fields."""
    return [
        "## Algorithmic Transparency Recording Standard",
        "### Tier 1 summary",
        (f"{fields.organisation} uses {fields.model_name} ({fields.phase}) to suggest "
         f"concern categories and a need level for children's social care referrals, for "
         f"screening staff to check. People make every decision. Contact: {fields.contact}."),
        "### Tier 2: owner and responsibility",
        _bullets([f"Organisation: {fields.organisation}", f"Team: {fields.team}",
                  f"Senior responsible owner: {fields.senior_responsible_owner}",
                  f"Contact: {fields.contact}", f"Phase: {fields.phase}"]),
        "### Tier 2: description",
        fields.intended_use,
        "### Tier 2: decision-making process and human oversight",
        fields.decision_process,
        fields.human_oversight,
        "### Tier 2: data",
        fields.data_description,
        "### Tier 2: impact assessments",
        _bullets(fields.impact_assessments),
        "### Tier 2: risks and mitigations",
        _bullets(fields.risks_and_mitigations),
    ]


def build_model_card(report: EvaluationReport, fields: CardFields) -> str:
    """Markdown model card from a typed report and the organisation's fields."""
    scheme = report.scheme
    sections = [
        f"# Model card: {fields.model_name}",
        (f"Label scheme version {scheme.version} ({len(scheme.concern_ids)} concern "
         f"categories; need levels {', '.join(scheme.need_level_ids)}). Evaluated on "
         f"{report.data.n_referrals:,} referrals."),
        "## Intended use",
        fields.intended_use,
        "**Suggestions for human review only, not decisions.** Out of scope:",
        _bullets(fields.out_of_scope),
        "## Users",
        _bullets(fields.users),
        "## Data",
        fields.data_description,
        "## Metrics",
        _metrics_table(report),
        *_bias_section(report),
        "## Limitations",
        _bullets(fields.limitations),
        "## Ethical considerations",
        _bullets(fields.ethical_considerations),
        "## Caveats of synthetic data",
        _bullets(fields.synthetic_data_caveats),
        *_atrs_section(fields),
    ]
    return "\n\n".join(sections) + "\n"
