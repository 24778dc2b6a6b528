"""Bias audit: oracle tests against scikit-learn and a row-level MetricFrame, detection of
an injected recorded-decision bias, and false alarms on unbiased data."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import MetricFrame, false_negative_rate, false_positive_rate
from simulation import GroupRaise, simulate_input
from sklearn.metrics import confusion_matrix

from evaluation.audit import TOO_SMALL, UNKNOWN_ATTRIBUTE, AuditOptions, AuditResult, run_audit
from evaluation.audit_results import GroupResult, TooSmallGroup
from evaluation.bootstrap import resample_counts
from evaluation.predictions import MISSING_GROUP
from referrals.labels import LabelScheme
from scoring.metrics import calibration_errors, under_triage_rate

SMALL = AuditOptions(attributes=("ethnicity", "gender"), pairs=False, min_group_size=30)


def _audit(data: Any, scheme: LabelScheme, options: AuditOptions, n_boot: int = 100,
           seed: int = 0) -> AuditResult:
    weights = resample_counts(data.n_referrals, n_boot=n_boot, seed=seed)
    return run_audit(data, concern_ids=scheme.concern_ids, level_ids=scheme.need_level_ids,
                     weights=weights, options=options)


def _groups(audit: AuditResult, partition: str) -> dict[str, GroupResult]:
    return {group.group: group for group in audit.partition(partition).groups}


@pytest.fixture(scope="module")
def small_audit(scheme: LabelScheme) -> tuple[Any, AuditResult]:
    data = simulate_input(n=1500, n_concerns=len(scheme.concern_ids), seed=11)
    return data, _audit(data, scheme, SMALL)


def test_group_error_rates_match_sklearn_on_boolean_masks(
    small_audit: tuple[Any, AuditResult], scheme: LabelScheme
) -> None:
    data, audit = small_audit
    groups = _groups(audit, "ethnicity")
    top = data.n_levels - 1
    for label, group in groups.items():
        if group.metrics is None:
            continue
        mask = data.groups["ethnicity"].to_numpy() == label.split("=", 1)[1]
        for index, concern in enumerate(scheme.concern_ids[:4]):
            tn, fp, fn, tp = confusion_matrix(data.concerns_true[mask, index],
                                              data.concerns_pred[mask, index],
                                              labels=[0, 1]).ravel()
            fpr = group.metrics[f"false_positive_rate.{concern}"][0]
            fnr = group.metrics[f"false_negative_rate.{concern}"][0]
            if fp + tn:
                assert fpr == pytest.approx(fp / (fp + tn))
            if tp + fn:
                assert fnr == pytest.approx(fn / (fn + tp))
        under = under_triage_rate(y_true=data.need_true[mask], y_pred=data.need_pred[mask],
                                  n_levels=data.n_levels)
        assert group.metrics["under_triage"][0] == pytest.approx(under, nan_ok=True)
        assert group.metrics["recorded_minus_suggested"][0] == pytest.approx(
            float(np.mean(data.need_true[mask] - data.need_pred[mask])))
        assert group.metrics["selection_rate"][0] == pytest.approx(
            float(np.mean(data.need_pred[mask] >= top - 1)))
        correct = (data.need_prob[mask].argmax(1) == data.need_true[mask]).astype(float)
        ece, _ = calibration_errors(y_true=correct, y_prob=data.need_prob[mask].max(1))
        assert group.metrics["need_ece"][0] == pytest.approx(ece)
        concern_ece, _ = calibration_errors(y_true=data.concerns_true[mask],
                                            y_prob=data.concerns_prob[mask])
        assert group.metrics["concern_ece"][0] == pytest.approx(concern_ece)


def test_group_rates_match_a_row_level_metric_frame(
    small_audit: tuple[Any, AuditResult], scheme: LabelScheme
) -> None:
    data, audit = small_audit
    concern = scheme.concern_ids[0]
    frame = MetricFrame(
        metrics={"fpr": false_positive_rate, "fnr": false_negative_rate},
        y_true=data.concerns_true[:, 0], y_pred=data.concerns_pred[:, 0],
        sensitive_features=data.groups["gender"],
    )
    groups = _groups(audit, "gender")
    for value, row in frame.by_group.iterrows():
        group = groups[f"gender={value}"]
        if group.metrics is None:
            continue
        assert group.metrics[f"false_positive_rate.{concern}"][0] == pytest.approx(row["fpr"])
        assert group.metrics[f"false_negative_rate.{concern}"][0] == pytest.approx(row["fnr"])


def test_intervals_contain_point_estimates(small_audit: tuple[Any, AuditResult]) -> None:
    _, audit = small_audit
    for group in _groups(audit, "ethnicity").values():
        if group.metrics is None:
            continue
        estimate, low, high = group.metrics["recorded_minus_suggested"]
        assert low - 1e-9 <= estimate <= high + 1e-9


def test_small_groups_are_listed_as_too_small_not_hidden(scheme: LabelScheme) -> None:
    data = simulate_input(n=400, n_concerns=len(scheme.concern_ids), seed=3)
    audit = _audit(data, scheme, AuditOptions(attributes=("gender",), pairs=False,
                                              min_group_size=50))
    groups = _groups(audit, "gender")
    sizes = data.groups["gender"].value_counts()
    assert set(groups) == {f"gender={value}" for value in sizes.index}
    small = [value for value, size in sizes.items() if size < 50]
    assert small, "the fixture should hold a small group"
    for value in small:
        assert groups[f"gender={value}"].status == TOO_SMALL
        assert TooSmallGroup("gender", f"gender={value}", int(sizes[value])) in audit.too_small
    assert f"gender={MISSING_GROUP}" in groups


def test_unknown_attribute_is_refused(scheme: LabelScheme) -> None:
    data = simulate_input(n=100, n_concerns=len(scheme.concern_ids), seed=3)
    with pytest.raises(ValueError, match=UNKNOWN_ATTRIBUTE.split("{")[0]):
        _audit(data, scheme, AuditOptions(attributes=("religion",)))


def test_missing_demographics_become_their_own_group(scheme: LabelScheme) -> None:
    data = simulate_input(n=200, n_concerns=len(scheme.concern_ids), seed=4)
    frame = data.groups.copy()
    frame.loc[:9, "ethnicity"] = None
    frame.loc[10:19, "ethnicity"] = np.nan
    frame.loc[20:29, "ethnicity"] = "  "
    from evaluation.predictions import normalise_groups

    cleaned = normalise_groups(pd.DataFrame(frame), 200)
    assert (cleaned["ethnicity"].iloc[:30] == MISSING_GROUP).all()


DETECTION = AuditOptions(attributes=("ethnicity", "gender", "authority"), pairs=True)
DETECTION_SHARES = (0.45, 0.1, 0.25, 0.1, 0.05, 0.05)


@pytest.mark.parametrize("seed", [1, 2])
def test_when_recorded_levels_raised_for_one_group_then_gap_flagged_for_it(
    scheme: LabelScheme, seed: int
) -> None:
    data = simulate_input(n=6000, n_concerns=len(scheme.concern_ids), seed=seed,
                          raise_group=GroupRaise("ethnicity", "Black", 0.15),
                          ethnicity_shares=DETECTION_SHARES)
    audit = _audit(data, scheme, DETECTION, n_boot=200, seed=seed)
    gap_flags = [flag for flag in audit.flags if flag.partition == "ethnicity"
                 and flag.metric == "recorded_minus_suggested"]
    assert [flag.group for flag in gap_flags] == ["ethnicity=Black"]
    flag = gap_flags[0]
    assert flag.kind == "recorded_vs_suggested"
    assert flag.difference > 0
    assert flag.difference_ci_adjusted[0] > 0  # the interval excludes parity
    assert flag.difference_ci95[0] > 0
    assert "recorded decisions for this group are higher than the text supports" in (
        flag.sentence)
    # nothing else is flagged on a single attribute other than this group
    others = {flag.group for flag in audit.flags if flag.partition != "ethnicity"
              and "Black" not in flag.group}
    assert others == set()


NULL_SEEDS = range(10)


def test_unbiased_data_raises_no_more_flags_than_the_false_alarm_rate_implies(
    scheme: LabelScheme,
) -> None:
    """Family-wise alpha 0.05 per audit: over 10 seeds expect 0.5 audits with any flag.

    P(3 or more of 10 audits flagged | p = 0.05) is about 1%, so at most 2 is the bound.
    """
    options = AuditOptions(pairs=False)
    flagged_audits, total_flags = 0, 0
    for seed in NULL_SEEDS:
        data = simulate_input(n=3000, n_concerns=len(scheme.concern_ids), seed=100 + seed)
        audit = _audit(data, scheme, options, n_boot=200, seed=seed)
        assert audit.multiple_comparisons.implied_false_alarm_rate == 0.05
        total_flags += len(audit.flags)
        flagged_audits += bool(audit.flags)
    assert flagged_audits <= 2, f"{flagged_audits} of 10 unbiased audits raised flags"
    assert total_flags <= 3


def test_an_audit_that_compared_nothing_says_so(scheme: LabelScheme) -> None:
    """Every group under the minimum: no flags, and the statement must not read as a clean bill."""
    data = simulate_input(n=120, n_concerns=len(scheme.concern_ids), seed=5)
    audit = _audit(data, scheme, AuditOptions(attributes=("gender",), pairs=False,
                                              min_group_size=1000))
    assert audit.flags == ()
    assert audit.multiple_comparisons.n_comparisons == 0
    assert "could compare no groups" in audit.multiple_comparisons.statement
