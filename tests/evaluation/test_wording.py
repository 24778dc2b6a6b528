"""Plain-words sentences: each kind of flag says whose error it is and which way it points."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evaluation.audit_results import Flag
from evaluation.wording import flag_sentence, multiplicity_statement

BASE = Flag(
    partition="ethnicity", group="ethnicity=Black", reference="ethnicity=White",
    metric="recorded_minus_suggested", metric_label="recorded minus suggested need level",
    kind="recorded_vs_suggested", n_group=400, n_reference=2000, group_value=0.12,
    reference_value=-0.02, group_ci95=(0.05, 0.19), difference=0.14,
    difference_ci95=(0.06, 0.22), difference_ci_adjusted=(0.02, 0.26), ratio=None,
    ratio_ci95=(None, None), z=3.9, reasons=("adjusted interval for the difference excludes 0",),
)
UNDER = replace(BASE, metric="under_triage", metric_label="under-triage rate",
                kind="model_error", group_value=0.08, reference_value=0.04, difference=0.04,
                group_ci95=(0.05, 0.11), difference_ci95=(0.01, 0.07), ratio=2.0)
CALIBRATION = replace(BASE, metric="need_calibration_gap", kind="model_error",
                      metric_label="need-level confidence minus accuracy",
                      group_value=0.09, reference_value=0.01, difference=0.08)
SELECTION = replace(UNDER, metric="selection_rate", kind="suggestion_rate",
                    metric_label="share suggested child in need or above")


@pytest.mark.parametrize(("flag", "expected"), [
    (BASE, "recorded decisions for this group are higher than the text supports"),
    (replace(BASE, group_value=-0.2, difference=-0.18),
     "sit 0.20 levels below the model's suggestions"),
    (replace(BASE, group_value=-0.2, difference=-0.18),
     "recorded decisions for this group are lower than the text supports"),
    (UNDER, "(ratio 2.00; difference +4.0 points"),
    (UNDER, "model error, measured against recorded decisions; the model makes this error more"),
    (replace(UNDER, ratio=None), "against 4.0% for ethnicity=White (difference +4.0 points"),
    (replace(UNDER, difference=-0.04), "makes this error less often"),
    (CALIBRATION, "the model is more over-confident for this group"),
    (replace(CALIBRATION, group_value=-0.05), "the model is more under-confident"),
    (SELECTION, "a difference in what the model suggests, not by itself an error"),
])
def test_flag_sentence_says_whose_error_and_which_way(flag: Flag, expected: str) -> None:
    assert expected in flag_sentence(flag)


def test_an_audit_that_compared_nothing_does_not_read_as_a_clean_bill() -> None:
    assert "says nothing about bias" in multiplicity_statement(0, 0.05, [])
    promise = multiplicity_statement(12, 0.05, ["model error, single attributes: 12"])
    assert "over 12 comparisons" in promise and "at most 5%" in promise
