"""metrics.json and the model card are unchanged by typed results: golden files.

The golden files were written by the dict-returning report before the typed results
existed (tests/evaluation/data/make_report_golden.py, commit 642b7c6). Any change to a
key, the key order, a sentence or a number beyond the ninth significant digit fails here.
"""

from __future__ import annotations

import json
import math
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


FLOAT_TOLERANCE = 1e-6
"""Relative tolerance for floats: fitted calibrators and bootstrap intervals differ in the
ninth digit between CPUs (OpenBLAS picks AVX2 or AVX-512 kernels), nowhere near a
change anyone could read in the report."""


def first_difference(new: object, old: object, path: str = "") -> str | None:
    """The path of the first difference: keys and their order, types, strings and integers
    exactly; floats to ``FLOAT_TOLERANCE``."""
    if isinstance(old, float) and isinstance(new, float):
        return None if math.isclose(new, old, rel_tol=FLOAT_TOLERANCE, abs_tol=1e-12) else path
    if type(new) is not type(old):
        return path or "/"
    if isinstance(old, dict):
        assert isinstance(new, dict)
        if list(new) != list(old):
            return f"{path}/ (keys or their order)"
        return next((d for key in old if (d := first_difference(new[key], old[key], f"{path}/{key}"))), None)
    if isinstance(old, list):
        assert isinstance(new, list)
        if len(new) != len(old):
            return f"{path} (length)"
        return next((d for i, (a, b) in enumerate(zip(new, old, strict=True))
                     if (d := first_difference(a, b, f"{path}[{i}]"))), None)
    return None if new == old else path


def test_first_difference_catches_what_the_golden_test_must_catch() -> None:
    old = {"a": 0.25, "b": [1, "x"], "c": {"d": 0.5}}
    assert first_difference(json.loads(json.dumps(old)), old) is None
    assert first_difference({"a": 0.25 * (1 + 1e-9), "b": [1, "x"], "c": {"d": 0.5}}, old) is None
    assert first_difference({"a": 0.2501, "b": [1, "x"], "c": {"d": 0.5}}, old) == "/a"
    assert first_difference({"a": 0.25, "b": [1, "y"], "c": {"d": 0.5}}, old) == "/b[1]"
    assert first_difference({"b": [1, "x"], "a": 0.25, "c": {"d": 0.5}}, old) == "/ (keys or their order)"
    assert first_difference({"a": 0.25, "b": [1], "c": {"d": 0.5}}, old) == "/b (length)"


def test_metrics_json_matches_the_golden_file(report: EvaluationReport) -> None:
    written = metrics_text(report.to_json_dict())
    golden = GOLDEN_JSON.read_text(encoding="utf-8")
    if written != golden:  # name the first difference, not a 300 kB diff
        difference = first_difference(json.loads(written), json.loads(golden))
        assert difference is None, f"metrics.json differs from the golden file at {difference}"


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
