"""Plain-words sentences for governance boards: flags, the audit's method and its error rate.

The sentences are the part of the report most people read, and the part most easily
broken by a refactor of the numbers: keeping them here, apart from the statistics,
lets their wording be reviewed (and tested) on its own. Every function takes typed
results or plain numbers and returns text; none computes a statistic.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from evaluation.report_types import Summary

if TYPE_CHECKING:
    from evaluation.audit_options import AuditOptions
    from evaluation.audit_results import AuditResult, Flag
    from evaluation.report_types import AuthorityComparison, Calibration, Estimate, Headline

CALIBRATION_GAPS = ("need_calibration_gap", "concern_calibration_gap")


def words(identifier: str) -> str:
    """An identifier as words (``child_in_need`` -> ``child in need``)."""
    return identifier.replace("_", " ")


def flag_sentence(flag: Flag) -> str:
    """The plain-words sentence for one flag: whose error it is, and which way it points."""
    if flag.kind == "recorded_vs_suggested":
        return _recorded_vs_suggested_sentence(flag)
    if flag.kind == "suggestion_rate":
        return _suggestion_rate_sentence(flag)
    if flag.metric in CALIBRATION_GAPS:
        return _calibration_sentence(flag)
    return _error_rate_sentence(flag)


def _recorded_vs_suggested_sentence(flag: Flag) -> str:
    estimate, (low, high), (d_low, d_high) = flag.group_value, flag.group_ci95, flag.difference_ci95
    where = "above" if estimate >= 0 else "below"
    direction = "higher" if flag.difference > 0 else "lower"
    return (
        f"Recorded need levels for {flag.group} sit {abs(estimate):.2f} levels {where} the "
        f"model's suggestions (95% CI {low:.2f} to {high:.2f}), against "
        f"{flag.reference_value:+.2f} for {flag.reference} (difference {flag.difference:+.2f}, "
        f"95% CI {d_low:.2f} to {d_high:.2f}): recorded decisions for this group are "
        f"{direction} than the text supports, relative to {flag.reference}."
    )


def _suggestion_rate_sentence(flag: Flag) -> str:
    (low, high), (d_low, d_high) = flag.group_ci95, flag.difference_ci95
    return (
        f"The model's {flag.metric_label} for {flag.group} is {100 * flag.group_value:.1f}% "
        f"(95% CI {100 * low:.1f}% to {100 * high:.1f}%), against "
        f"{100 * flag.reference_value:.1f}% for {flag.reference} (difference "
        f"{100 * flag.difference:+.1f} points, 95% CI {100 * d_low:.1f} to {100 * d_high:.1f}): "
        f"a difference in what the model suggests, not by itself an error; read it with this "
        f"group's error rates and recorded-minus-suggested gap."
    )


def _calibration_sentence(flag: Flag) -> str:
    (low, high), (d_low, d_high) = flag.group_ci95, flag.difference_ci95
    confident = "over-confident" if flag.group_value > flag.reference_value else "under-confident"
    return (
        f"The model's {flag.metric_label} for {flag.group} is {flag.group_value:+.3f} (95% CI "
        f"{low:+.3f} to {high:+.3f}), against {flag.reference_value:+.3f} for {flag.reference} "
        f"(difference {flag.difference:+.3f}, 95% CI {d_low:+.3f} to {d_high:+.3f}): model "
        f"error; the model is more {confident} for this group than for {flag.reference}."
    )


def _error_rate_sentence(flag: Flag) -> str:
    (low, high), (d_low, d_high) = flag.group_ci95, flag.difference_ci95
    ratio_words = f"ratio {flag.ratio:.2f}; " if flag.ratio is not None else ""
    more = "more" if flag.difference > 0 else "less"
    return (
        f"The model's {flag.metric_label} for {flag.group} is {100 * flag.group_value:.1f}% "
        f"(95% CI {100 * low:.1f}% to {100 * high:.1f}%), against "
        f"{100 * flag.reference_value:.1f}% for {flag.reference} ({ratio_words}difference "
        f"{100 * flag.difference:+.1f} points, 95% CI {100 * d_low:.1f} to {100 * d_high:.1f}): "
        f"model error, measured against recorded decisions; the model makes this error {more} "
        f"often for this group."
    )


def flag_reasons(
    *, difference_flagged: bool, ratio_flagged: bool, ratio: float, band: tuple[float, float]
) -> tuple[str, ...]:
    """Why a comparison was flagged: the difference test, the ratio test, or both."""
    reasons = []
    if difference_flagged:
        reasons.append("adjusted interval for the difference excludes 0")
    if ratio_flagged:
        reasons.append(f"ratio {ratio:.2f} outside {band[0]}–{band[1]} and its adjusted "
                       f"interval excludes 1")
    return tuple(reasons)


def method_summary(options: AuditOptions) -> str:
    """The audit's method in one paragraph, with this run's thresholds."""
    low_band, high_band = options.ratio_band
    return (
        f"Each group with at least {options.min_group_size} referrals is compared with its "
        f"reference group. A comparison is flagged when the multiplicity-adjusted interval "
        f"for the difference excludes 0, or when the ratio leaves {low_band}–{high_band} "
        f"and its adjusted interval excludes 1. Rates are tested only where both groups "
        f"expect at least {options.min_expected_events:g} events and non-events at the "
        f"pooled rate, so that a ratio outside the band is not noise. Calibration per "
        f"group is reported as ECE; disparity is tested on the signed gap between "
        f"confidence and accuracy because ECE is inflated in small groups."
    )


def question_share_words(kind: str, pairs: bool, n_comparisons: int, z: float) -> str:
    """One question's share of the family-wise error (``model error, pairs: 40 ...``)."""
    label = "pairs" if pairs else "single attributes"
    return f"{words(kind)}, {label}: {n_comparisons} comparisons, critical z {z:.2f}"


def multiplicity_statement(
    n_comparisons: int, family_alpha: float, shares: Sequence[str]
) -> str:
    """What the multiplicity adjustment promises; an audit that compared nothing says so."""
    if n_comparisons == 0:
        return (
            "The audit could compare no groups: no attribute had two or more groups large "
            "enough to compare, so it says nothing about bias on this data, for or against."
        )
    return (
        f"Flags use Bonferroni-adjusted intervals over {n_comparisons} "
        f"comparisons, with the {family_alpha:.0%} family-wise error split evenly "
        f"between the questions ({'; '.join(shares)}). Where there is no real disparity, the "
        f"chance of one or more false flags in this audit is at most "
        f"{family_alpha:.0%}, and the expected number of false flags is at most "
        f"{family_alpha:.2f}."
    )


def authority_method(n_compared: int, family_alpha: float) -> str:
    """How authorities are compared, with the multiplicity adjustment in words."""
    return (
        f"Each authority's mean recorded-minus-suggested need level is compared with the "
        f"rest of the region's; 'systematic' means the interval for the difference, "
        f"widened for {n_compared} authorities (Bonferroni, family-wise "
        f"{family_alpha:.0%}), excludes 0."
    )


def authority_note(
    name: str, gap: float, difference: float, interval: tuple[float, float], rest: float,
    systematic: bool,
) -> str:
    """Plain-words note for one authority."""
    where = "above" if gap >= 0 else "below"
    base = (f"{name}: recorded need levels sit {abs(gap):.2f} levels {where} the model's "
            f"suggestions on average, against {rest:+.2f} in the rest of the region")
    if not systematic:
        return base + " — no systematic difference from the rest of the region."
    direction = "higher" if difference > 0 else "lower"
    return (
        f"{base} (difference {difference:+.2f}, 95% CI {interval[0]:.2f} to {interval[1]:.2f}): "
        f"{name} records systematically {direction} need levels than the rest of the region "
        f"for referrals the model reads alike."
    )


def _nan(value: float | None) -> float:
    """A stored number for formatting: None (not defined) prints as nan, as it always has."""
    return math.nan if value is None else value


def _pct(interval: Estimate) -> str:
    if interval.estimate is None or not math.isfinite(interval.estimate):
        return "not defined"
    return (f"{100 * interval.estimate:.1f}% (95% CI {100 * _nan(interval.low):.1f}% to "
            f"{100 * _nan(interval.high):.1f}%)")


def _num(interval: Estimate) -> str:
    if interval.estimate is None or not math.isfinite(interval.estimate):
        return "not defined"
    return (f"{interval.estimate:.3f} (95% CI {_nan(interval.low):.3f} to "
            f"{_nan(interval.high):.3f})")


def uncertain_sentence(per_label: Mapping[str, Mapping[str, Any]]) -> str:
    """How often the most-flagged concern carried "uncertain": a flag on every referral is noise."""
    rates = {c: row["uncertain_rate"] for c, row in per_label.items()
             if row.get("uncertain_rate") is not None}
    if not rates:
        return ""
    worst = max(rates, key=lambda c: rates[c])
    return (f" The concern most often flagged uncertain was {words(worst)}, on "
            f"{100 * rates[worst]:.1f}% of referrals.")


def headline_sentences(
    headline: Headline, calibration: Calibration, per_label: Mapping[str, Mapping[str, Any]],
    n_referrals: int, level_ids: Sequence[str],
) -> list[str]:
    """Headline numbers in words: agreement, under- and over-triage, concerns, calibration."""
    need, concerns, conformal = headline.need_level, headline.concerns, calibration.conformal
    low_levels = " or ".join(words(level) for level in level_ids[: max(len(level_ids) - 2, 1)])
    top = words(level_ids[-1])
    coverage = _nan(conformal.coverage[0])
    return [
        (f"On {n_referrals:,} referrals the model's suggested need level matched the recorded "
         f"level for {_pct(need.accuracy)} (quadratic weighted kappa {_num(need.qwk)})."),
        (f"Under-triage (recorded {top} suggested as {low_levels}): "
         f"{_pct(need.under_triage)}; over-triage (recorded {low_levels} suggested as "
         f"{top}): {_pct(need.over_triage)}."),
        (f"Concern categories: micro F1 {_num(concerns.micro_f1)}, macro F1 "
         f"{_num(concerns.macro_f1)}." + uncertain_sentence(per_label)),
        (f"Need-level calibration error (ECE) {_nan(calibration.need_level.ece):.3f}; "
         f"the conformal range's upper end was at or above the recorded level for "
         f"{100 * coverage:.1f}% "
         f"against a target of {100 * conformal.target:.0f}% ({conformal.verdict})."),
    ]


def flags_sentence(audit: AuditResult, kinds: Mapping[str, int]) -> str:
    """How many flags of each kind, or why there are none."""
    if audit.flags:
        return (
            f"The bias audit raised {len(audit.flags)} flag(s): {kinds['model_error']} on the "
            f"model's error rates, {kinds['recorded_vs_suggested']} where recorded decisions "
            f"sit away from the model's suggestions, {kinds['suggestion_rate']} on how often "
            f"the model suggests higher levels."
        )
    if audit.multiple_comparisons.n_comparisons == 0:
        return ("The bias audit could compare no groups, so it raised no flags and "
                "shows nothing either way.")
    return "The bias audit raised no flags."


def report_summary(
    *, headline: Headline, calibration: Calibration, audit: AuditResult,
    authorities: AuthorityComparison, per_label: Mapping[str, Mapping[str, Any]],
    n_referrals: int, level_ids: Sequence[str],
) -> Summary:
    """Plain-words sentences: headline numbers, then every flag and what kind it is."""
    kinds = {"model_error": 0, "recorded_vs_suggested": 0, "suggestion_rate": 0}
    for flag in audit.flags:
        kinds[flag.kind] = kinds.get(flag.kind, 0) + 1
    sentences = headline_sentences(headline, calibration, per_label, n_referrals, level_ids)
    sentences.append(flags_sentence(audit, kinds))
    sentences.append(audit.multiple_comparisons.statement)
    return Summary(
        sentences=tuple(sentences),
        flag_sentences=tuple(flag.sentence for flag in audit.flags),
        flags_by_kind=kinds,
        authority_notes=tuple(row.gap.note for row in authorities.authorities
                              if row.gap is not None and row.gap.systematic),
    )
