"""Confident learning on out-of-fold probabilities finds labels flipped on purpose."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from annotation.label_issues import (
    OutOfFold,
    find_issues,
    out_of_fold_probabilities,
    rank_label_issues,
)
from referrals.contract import Referral, read_referrals
from referrals.labelled import to_labelled
from referrals.synthetic import generate_referrals

HANDWRITTEN_TRAIN = Path(__file__).resolve().parents[2] / "data" / "handwritten" / "train.jsonl"


def _masked(referral: Referral) -> Referral:
    """Gold personal-data spans replaced by their type, as the redactor would (without spaCy)."""
    text = referral.text
    for span in sorted(referral.pii or [], key=lambda s: -s.start):
        text = text[: span.start] + f"[{span.type}]" + text[span.end :]
    return referral.model_copy(update={"text": text, "pii": None, "known_identifiers": None})


def test_flipped_need_levels_rise_to_the_top_of_the_need_level_ranking(scheme) -> None:  # type: ignore[no-untyped-def]
    """100 referrals from each of four hand-written training writers (gold spans masked in
    memory), 10% of need levels flipped; each writer is one out-of-fold group."""
    referrals = read_referrals(HANDWRITTEN_TRAIN, scheme).referrals
    chosen = [r for writer in ("hw01", "hw02", "hw03", "hw04") for r in [x for x in referrals if x.writer == writer][:100]]
    data = to_labelled([_masked(r) for r in chosen], scheme)
    rng = np.random.default_rng(0)
    flipped = rng.choice(len(data), size=len(data) // 10, replace=False)
    need = data.need_rank.copy()
    for i in flipped:
        need[i] = rng.choice([level for level in range(len(scheme.need_level_ids)) if level != need[i]])
    issues = find_issues(replace(data, need_rank=need), scheme, folds=4, seed=0)
    by_need = sorted(issues, key=lambda issue: issue.need_quality)
    top = {issue.item_id for issue in by_need[: int(0.15 * len(data))]}
    recall = np.mean([data.ids[i] in top for i in flipped])
    assert recall >= 0.5  # chance would put 15% of them there
    flagged = {issue.item_id for issue in issues if issue.flagged_need_level}
    assert np.mean([data.ids[i] in flagged for i in flipped]) > len(flagged) / len(data)


def test_ranking_puts_flagged_items_first_then_lowest_quality(scheme) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(1)
    n, k, levels = 200, len(scheme.concern_ids), len(scheme.need_level_ids)
    data = to_labelled([_masked(r) for r in generate_referrals(n, seed=5)], scheme)
    concern_prob = np.where(data.concerns == 1, 0.9, 0.05) + rng.random((n, k)) * 0.02
    need_prob = np.full((n, levels), 0.02)
    need_prob[np.arange(n), data.need_rank] = 0.94
    wrong = np.arange(0, n, 10)
    need_prob[wrong] = np.roll(need_prob[wrong], 1, axis=1)
    issues = rank_label_issues(data, scheme, OutOfFold(concern_prob, need_prob, np.zeros(n, dtype=np.int_)))
    assert {issue.item_id for issue in issues[: len(wrong)]} == {data.ids[i] for i in wrong}
    assert [issue.rank for issue in issues] == list(range(n))
    assert all(issues[j].flagged >= issues[j + 1].flagged for j in range(n - 1))


def test_out_of_fold_keeps_each_group_in_one_fold(scheme) -> None:  # type: ignore[no-untyped-def]
    data = to_labelled([_masked(r) for r in generate_referrals(60, seed=3)], scheme)
    grouped = replace(data, groups=[f"writer{i % 6}" for i in range(len(data))])
    oof = out_of_fold_probabilities(grouped, scheme, folds=3)
    for group in set(grouped.groups):
        assert len({int(oof.fold[i]) for i, g in enumerate(grouped.groups) if g == group}) == 1
    assert np.allclose(oof.need_prob.sum(axis=1), 1.0)
