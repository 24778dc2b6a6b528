"""Weighted Bonferroni: how the audit's family-wise error is shared between its tests.

The audit asks two questions, each with half of the family-wise alpha: "does the
model err more for some group?" (model_error) and "do recorded decisions sit away
from the model's suggestions for some group?" (recorded_vs_suggested);
suggestion-rate gaps are tested only when asked to flag them. Within a question,
single attributes (the primary questions) and pairs each get a share, so the many
pair comparisons do not dilute the power to detect a disparity for a whole group.
Bonferroni runs over every comparison made (difference and ratio tests alike), and
the shares sum to ``family_alpha``: the chance of any false flag in one audit is at
most that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np
from numpy.typing import NDArray

from evaluation.audit_options import AuditOptions
from evaluation.audit_results import MultipleComparisons, QuestionShare
from evaluation.comparisons import Comparisons
from evaluation.jsonable import finite
from evaluation.wording import multiplicity_statement, question_share_words

RECORDED = "recorded_vs_suggested"


def critical_z(two_sided_alpha: float) -> float:
    """The normal critical value for a two-sided test at ``two_sided_alpha``."""
    return NormalDist().inv_cdf(1.0 - two_sided_alpha / 2.0)


@dataclass(frozen=True)
class AlphaAllocation:
    """Tests counted per (single attribute?, question) and the alpha each test gets."""

    options: AuditOptions
    questions: tuple[str, ...]
    counts: dict[tuple[bool, str], int]

    @property
    def single_tests(self) -> int:
        return sum(n for (single, _), n in self.counts.items() if single)

    @property
    def pair_tests(self) -> int:
        return sum(n for (single, _), n in self.counts.items() if not single)

    @property
    def pair_share(self) -> float:
        """Pairs' share of each question's alpha (all of it when only pairs were tested)."""
        if self.pair_tests and self.single_tests:
            return self.options.pair_alpha_share
        return 1.0 if self.pair_tests else 0.0

    def alpha_for(self, single: bool, kind: str | None) -> float:
        """Per-comparison alpha for one test of ``kind`` on a single attribute or a pair."""
        if kind not in self.questions:
            return 0.0
        share = (1 - self.pair_share) if single else self.pair_share
        return (self.options.family_alpha / len(self.questions) * share
                / max(self.counts.get((single, kind), 0), 1))

    def z_columns(self, found: Comparisons) -> tuple[NDArray[Any], NDArray[Any]]:
        """Per metric column of one partition: its alpha and critical z (inf: not tested)."""
        alphas = np.array([self.alpha_for(found.single, spec.flag_kind) for spec in found.specs])
        return alphas, np.array([critical_z(a) if a > 0 else np.inf for a in alphas])


def allocate_alpha(comparisons: Sequence[Comparisons], options: AuditOptions) -> AlphaAllocation:
    """Count the tests each question makes, on single attributes and on pairs."""
    questions = ("model_error", RECORDED) + (
        ("suggestion_rate",) if options.flag_suggestion_rates else ())
    counts: dict[tuple[bool, str], int] = {}
    for found in comparisons:
        for spec, n in zip(found.specs, found.tests_per_metric, strict=True):
            if spec.flag_kind in questions:
                key = (found.single, spec.flag_kind)
                counts[key] = counts.get(key, 0) + int(n)
    return AlphaAllocation(options, questions, counts)


def multiple_comparisons(allocation: AlphaAllocation) -> MultipleComparisons:
    """The multiplicity section of the audit, with its plain-words statement."""
    options = allocation.options
    shares = [
        question_share_words(kind, not single, allocation.counts[single, kind],
                             critical_z(allocation.alpha_for(single, kind)))
        for kind in allocation.questions for single in (True, False)
        if allocation.counts.get((single, kind), 0)
    ]
    n_comparisons = allocation.single_tests + allocation.pair_tests
    single_alpha = allocation.alpha_for(True, RECORDED)
    pair_alpha = allocation.alpha_for(False, RECORDED)
    return MultipleComparisons(
        method="weighted bonferroni",
        family_alpha=options.family_alpha,
        n_comparisons=n_comparisons,
        questions=allocation.questions,
        single_attribute=QuestionShare(allocation.single_tests, single_alpha,
                                       finite(critical_z(single_alpha))),
        pairs=QuestionShare(allocation.pair_tests, pair_alpha,
                            finite(critical_z(pair_alpha)) if allocation.pair_tests else None),
        implied_false_alarm_rate=options.family_alpha,
        statement=multiplicity_statement(n_comparisons, options.family_alpha, shares),
    )
