"""Model card: content from the report and the ATRS fields; invalid fields refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from simulation import simulate_input

from evaluation.audit import AuditOptions
from evaluation.model_card import build_model_card, load_card_fields
from evaluation.report import ReportOptions, build_report
from referrals.errors import ConfigError
from referrals.labels import LabelScheme


def test_card_holds_intended_use_metrics_audit_and_atrs(scheme: LabelScheme) -> None:
    data = simulate_input(n=400, n_concerns=len(scheme.concern_ids), seed=2)
    report = build_report(data, scheme, ReportOptions(
        n_boot=40, audit=AuditOptions(attributes=("ethnicity",), pairs=False)))
    card = build_model_card(report, load_card_fields())
    for heading in ("## Intended use", "## Users", "## Data", "## Metrics",
                    "## Bias audit results", "## Limitations", "## Ethical considerations",
                    "## Caveats of synthetic data", "## Algorithmic Transparency Recording",
                    "### Tier 1 summary", "### Tier 2: owner and responsibility",
                    "### Tier 2: decision-making process and human oversight",
                    "### Tier 2: impact assessments", "### Tier 2: risks and mitigations"):
        assert heading in card
    assert "human review only, not decisions" in card
    assert "under-triage" in card


def test_missing_card_field_names_file_and_key(tmp_path: Path) -> None:
    fields = load_card_fields().model_dump()
    del fields["senior_responsible_owner"]
    path = tmp_path / "card.yaml"
    path.write_text(yaml.safe_dump(fields), encoding="utf-8")
    with pytest.raises(ConfigError, match="senior_responsible_owner"):
        load_card_fields(path)
