"""Automation-bias figures, checked against a direct count on boolean masks (an oracle)."""

from __future__ import annotations

import numpy as np
import pytest

from annotation.answers import Answer, LabelSet
from annotation.bias import automation_bias, wilson


def test_need_level_rates_match_a_direct_count(scheme) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(0)
    levels = scheme.need_level_ids
    gold, answers = {}, []
    rows = []
    for i in range(300):
        truth, shown = rng.integers(4), rng.integers(4)
        follow = rng.random() < (0.7 if i % 2 else 0.4)
        final = shown if follow else (truth if rng.random() < 0.8 else rng.integers(4))
        mode = "suggestion_first" if i % 2 else "decide_first"
        extra = {"before_suggestion": LabelSet(need_level=levels[truth])} if mode == "decide_first" else {}
        gold[f"i{i}"] = LabelSet(need_level=levels[truth])
        answers.append(Answer(item_id=f"i{i}", annotator="a", need_level=levels[final], mode=mode,
                              suggestion=LabelSet(need_level=levels[shown]), **extra))
        rows.append((mode, truth, shown, final))
    figures = {(f.group, f.decision): f for f in automation_bias(answers, gold, scheme)}
    for mode in ("suggestion_first", "decide_first"):
        t, s, f = (np.array([r[k] for r in rows if r[0] == mode]) for k in (1, 2, 3))
        wrong, right = s != t, s == t
        figure = figures[(mode, "need_level")]
        assert figure.accepted_wrong.count == int((f[wrong] == s[wrong]).sum())
        assert figure.accepted_wrong.total == int(wrong.sum())
        assert figure.changed_right.value == pytest.approx((f[right] != s[right]).mean())
    assert figures[("suggestion_first", "need_level")].accepted_wrong.value > \
        figures[("decide_first", "need_level")].accepted_wrong.value
    assert figures[("decide_first", "need_level")].committed_matched_wrong.count == 0  # type: ignore[union-attr]


def test_concern_decisions_count_each_category_once_per_answer(scheme) -> None:  # type: ignore[no-untyped-def]
    first = scheme.concern_ids[0]
    gold = {"x": LabelSet(concerns=[first], need_level=scheme.need_level_ids[0])}
    answer = Answer(item_id="x", annotator="a", concerns=[], need_level=scheme.need_level_ids[0],
                    mode="suggestion_first", suggestion=LabelSet(concerns=[], need_level=scheme.need_level_ids[0]))
    figure = {(f.group, f.decision): f for f in automation_bias([answer], gold, scheme)}[("suggestion_first", "concerns")]
    assert (figure.accepted_wrong.count, figure.accepted_wrong.total) == (1, 1)
    assert figure.changed_right.total == len(scheme.concern_ids) - 1


def test_wilson_interval_is_undefined_for_no_decisions_and_bounded_otherwise() -> None:
    assert np.isnan(wilson(0, 0).value)
    rate = wilson(0, 10)
    assert rate.low == 0.0 and 0 < rate.high < 0.35
