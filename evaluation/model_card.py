"""Model card in Markdown, with the UK Algorithmic Transparency Recording Standard fields.

Built from a report dict (metrics.json) plus a small YAML of organisation fields, so
the same card can be regenerated from any logged evaluation. Required organisation
fields are checked up front: a card with a missing owner or intended use must not be
published by accident.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def load_card_fields(path: str | Path | None = None) -> dict[str, Any]:
    """Organisation fields from YAML (default: the file shipped next to this module)."""
    fields, source = read_yaml(path, package="evaluation", default_name=DEFAULT_CARD_FIELDS,
                               what="model card fields file", error=ConfigError)
    if not isinstance(fields, dict):
        raise ConfigError(f"{source}: model card fields must be a mapping")
    for key in REQUIRED_FIELDS:
        if key not in fields or fields[key] in (None, "", []):
            raise ConfigError(MISSING_FIELD.format(source=source, key=key,
                                                   required=list(REQUIRED_FIELDS)))
    return dict(fields)


def _bullets(items: list[Any]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _ci(interval: dict[str, Any] | None, percent: bool = False) -> str:
    if not interval or interval.get("estimate") is None:
        return "not defined"
    scale, unit, digits = (100.0, "%", 1) if percent else (1.0, "", 3)
    low, high = interval.get("low"), interval.get("high")
    text = f"{scale * interval['estimate']:.{digits}f}{unit}"
    if low is not None and high is not None:
        text += f" (95% CI {scale * low:.{digits}f}{unit} to {scale * high:.{digits}f}{unit})"
    return text


def build_model_card(report: dict[str, Any], fields: dict[str, Any]) -> str:
    """Markdown model card from a report dict and organisation fields."""
    need = report["headline"]["need_level"]
    concerns = report["headline"]["concerns"]
    calibration = report["calibration"]
    audit = report["audit"]
    scheme = report["scheme"]
    flags = audit["flags"]
    n = report["data"]["n_referrals"]
    no_flag = ("No group was flagged." if audit["multiple_comparisons"]["n_comparisons"]
               else "No groups could be compared (too few referrals per group): no finding either way.")
    flag_lines = [flag["sentence"] for flag in flags] or [no_flag]
    systematic = [row["note"] for row in report["authorities"]["authorities"]
                  if row.get("systematic")] or [("No authority sits systematically above or "
                                                "below the rest of the region.")]
    conformal = calibration["conformal"]
    metric_rows = [
        "| metric | estimate |",
        "|---|---|",
        f"| need level accuracy | {_ci(need['accuracy'], True)} |",
        f"| need level macro F1 | {_ci(need['macro_f1'])} |",
        f"| quadratic weighted kappa | {_ci(need['qwk'])} |",
        f"| under-triage | {_ci(need['under_triage'], True)} |",
        f"| over-triage | {_ci(need['over_triage'], True)} |",
        f"| concern micro F1 | {_ci(concerns['micro_f1'])} |",
        f"| concern macro F1 | {_ci(concerns['macro_f1'])} |",
        (f"| need level ECE / MCE | {calibration['need_level']['ece']:.3f} / "
        f"{calibration['need_level']['mce']:.3f} |"),
        (f"| concern ECE / MCE | {calibration['concerns']['ece']:.3f} / "
        f"{calibration['concerns']['mce']:.3f} |"),
        (f"| conformal coverage (target {100 * conformal['target']:.0f}%) | "
        f"{100 * conformal['coverage'][0]:.1f}% ({conformal['verdict']}) |"),
    ]
    too_small = len(audit["too_small"])
    sections = [
        f"# Model card: {fields['model_name']}",
        (f"Label scheme version {scheme['version']} ({len(scheme['concern_ids'])} concern "
        f"categories; need levels {', '.join(scheme['need_level_ids'])}). Evaluated on "
        f"{n:,} referrals."),
        "## Intended use",
        str(fields["intended_use"]),
        "**Suggestions for human review only, not decisions.** Out of scope:",
        _bullets(fields["out_of_scope"]),
        "## Users",
        _bullets(fields["users"]),
        "## Data",
        str(fields["data_description"]),
        "## Metrics",
        "\n".join(metric_rows),
        "## Bias audit results",
        audit["method"]["summary"],
        audit["multiple_comparisons"]["statement"],
        _bullets(flag_lines),
        f"{too_small} group(s) were too small to test (listed in the report).",
        "### Authorities",
        _bullets(systematic),
        "## Limitations",
        _bullets(fields["limitations"]),
        "## Ethical considerations",
        _bullets(fields["ethical_considerations"]),
        "## Caveats of synthetic data",
        _bullets(fields["synthetic_data_caveats"]),
        "## Algorithmic Transparency Recording Standard",
        "### Tier 1 summary",
        (f"{fields['organisation']} uses {fields['model_name']} ({fields['phase']}) to suggest "
        f"concern categories and a need level for children's social care referrals, for "
        f"screening staff to check. People make every decision. Contact: {fields['contact']}."),
        "### Tier 2: owner and responsibility",
        _bullets([f"Organisation: {fields['organisation']}", f"Team: {fields['team']}",
                  f"Senior responsible owner: {fields['senior_responsible_owner']}",
                  f"Contact: {fields['contact']}", f"Phase: {fields['phase']}"]),
        "### Tier 2: description",
        str(fields["intended_use"]),
        "### Tier 2: decision-making process and human oversight",
        str(fields["decision_process"]),
        str(fields["human_oversight"]),
        "### Tier 2: data",
        str(fields["data_description"]),
        "### Tier 2: impact assessments",
        _bullets(fields["impact_assessments"]),
        "### Tier 2: risks and mitigations",
        _bullets(fields["risks_and_mitigations"]),
    ]
    return "\n\n".join(sections) + "\n"
