"""Report: shape, sections, escaping, JSON validity, and no personal data (canary)."""

from __future__ import annotations

import json
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

import pytest
from simulation import simulate_input

from evaluation.audit import AuditOptions
from evaluation.model_card import build_model_card, load_card_fields
from evaluation.render import SECTION_IDS, render_html
from evaluation.report import ReportOptions, build_report
from evaluation.report_types import EvaluationReport
from referrals.labels import LabelScheme

FAST = ReportOptions(n_boot=60, audit=AuditOptions(attributes=("ethnicity", "authority"),
                                                   pairs=False))
CANARY_NAME = "Zebedee Quillfeather"
CANARY_NHS = "943 476 5919"


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name == "id" and value)
        self.scripts += tag == "script"


@pytest.fixture(scope="module")
def report_and_data(scheme: LabelScheme) -> tuple[EvaluationReport, Any]:
    data = simulate_input(n=800, n_concerns=len(scheme.concern_ids), seed=9)
    data.redacted_texts[0] = "<script>alert('x')</script> & <PERSON> said"
    data.need_true[0], data.need_pred[0] = 3, 0  # an under-triage case, listed first
    data.groups.loc[1, "authority"] = "<img src=x onerror=alert(1)>"
    data.redaction_recall = {"polish": (45, 50), "english": (98, 100)}
    return build_report(data, scheme, FAST), data


def test_report_has_every_section_and_is_valid_json(
    report_and_data: tuple[EvaluationReport, Any],
) -> None:
    report, _ = report_and_data
    metrics = report.to_json_dict()
    for key in ("overall", "per_label", "headline", "calibration", "worst_errors", "audit",
                "authorities", "summary", "confusion_matrix", "redaction_recall"):
        assert key in metrics
    json.dumps(metrics, allow_nan=False)
    calibration = metrics["calibration"]
    assert {"ece", "mce", "brier"} <= set(calibration["need_level"])
    curve = calibration["selective_prediction"]["curve"]
    assert curve[0]["abstain_rate"] == pytest.approx(0.0)
    assert report.calibration.conformal.target == pytest.approx(0.9)
    assert report.worst_errors[0].kind == "under-triage"


def test_html_has_all_sections_and_escapes_text(
    report_and_data: tuple[EvaluationReport, Any],
) -> None:
    report, _ = report_and_data
    page = render_html(report, "# Card\n\n<script>alert(2)</script> **bold**")
    parser = _Ids()
    parser.feed(page)
    assert set(SECTION_IDS) <= parser.ids
    assert parser.scripts == 0
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "data:image/png;base64," in page
    assert "<strong>bold</strong>" in page


def test_report_contains_no_personal_data_from_raw_inputs(scheme: LabelScheme) -> None:
    """Canary values exist only in the raw text; the report only ever sees redacted text."""
    data = simulate_input(n=300, n_concerns=len(scheme.concern_ids), seed=10)
    raw_texts = [f"{CANARY_NAME} (NHS {CANARY_NHS}) was seen at school." for _ in data.ids]
    redacted = [text.replace(CANARY_NAME, "<PERSON>").replace(CANARY_NHS, "<UK_NHS>")
                for text in raw_texts]
    data = replace(data, redacted_texts=redacted)
    report = build_report(data, scheme, FAST)
    card = build_model_card(report, load_card_fields())
    page = render_html(report, card)
    serialised = json.dumps(report.to_json_dict())
    for canary in (CANARY_NAME, CANARY_NHS, "Quillfeather", "4765919"):
        assert canary not in serialised
        assert canary not in page
    assert "&lt;PERSON&gt;" in page


def test_scheme_mismatch_is_refused(scheme: LabelScheme) -> None:
    data = simulate_input(n=50, n_concerns=3, seed=1)
    with pytest.raises(ValueError, match="concern columns"):
        build_report(data, scheme, FAST)


def test_uncertain_flag_rates_are_reported_per_concern(scheme: LabelScheme) -> None:
    import numpy as np

    data = simulate_input(n=300, n_concerns=len(scheme.concern_ids), seed=4)
    flags = np.zeros(data.concerns_prob.shape, dtype=bool)
    flags[:30, 0] = True  # 10% for the first concern, none elsewhere
    report = build_report(replace(data, concerns_uncertain=flags), scheme, ReportOptions(n_boot=50))
    first, second = scheme.concern_ids[:2]
    assert report.per_label[first]["uncertain_rate"] == pytest.approx(0.10)
    assert report.per_label[second]["uncertain_rate"] == 0.0
    assert any(f"{first.replace('_', ' ')}, on 10.0%" in s for s in report.summary.sentences)
