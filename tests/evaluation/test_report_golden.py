"""metrics.json and the model card are unchanged by typed results: golden files, byte for byte.

The golden files were written by the dict-returning report before the typed results
existed (tests/evaluation/data/make_report_golden.py, commit 642b7c6). Any change to a
number, a key, the key order or a sentence fails here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from evaluation.gates import GateInputs
from evaluation.model_card import build_model_card, load_card_fields
from evaluation.report_types import EvaluationReport
from referrals.labels import LabelScheme

sys.path.insert(0, str(Path(__file__).resolve().parent / "data"))
from make_report_golden import (
    GOLDEN_CARD,
    GOLDEN_JSON,
    golden_report,
    metrics_text,
)


@pytest.fixture(scope="module")
def report(scheme: LabelScheme) -> EvaluationReport:
    return golden_report(scheme)


def test_metrics_json_is_byte_identical_to_the_golden_file(report: EvaluationReport) -> None:
    written = metrics_text(report.to_json_dict())
    golden = GOLDEN_JSON.read_text(encoding="utf-8")
    if written != golden:  # name the first differing section, not a 300 kB diff
        new, old = json.loads(written), json.loads(golden)
        changed = [key for key in old.keys() | new.keys() if old.get(key) != new.get(key)]
        pytest.fail(f"metrics.json differs from the golden file in {sorted(changed)}"
                    + ("" if changed else " (key order or formatting)"))


def test_the_golden_input_exercises_flags_pairs_and_small_groups(
    report: EvaluationReport,
) -> None:
    """The golden file is only a proof if the paths it covers are there."""
    assert report.audit.flags, "flags and their sentences"
    assert any(len(p.attributes) == 2 and p.comparisons for p in report.audit.partitions)
    assert report.audit.too_small
    assert report.redaction_recall is not None and report.model is not None


def test_model_card_is_identical_to_the_golden_card(report: EvaluationReport) -> None:
    card = build_model_card(report, load_card_fields())
    assert card == GOLDEN_CARD.read_text(encoding="utf-8")


def test_gate_inputs_from_the_typed_report_equal_those_from_metrics_json(
    report: EvaluationReport,
) -> None:
    """``promote`` gates typed reports; a report logged to MLflow is read back as JSON."""
    from_json = GateInputs.from_metrics(json.loads(GOLDEN_JSON.read_text(encoding="utf-8")))
    assert GateInputs.from_report(report) == from_json
    assert from_json.flags, "the comparison covers flags"
