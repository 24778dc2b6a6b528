"""The bias knob moves recorded need levels for the stated share of one group only."""

from __future__ import annotations

import pytest

from referrals.synthetic import generate_referrals, load_generator_config
from referrals.synthetic.bias import ERROR_BIAS_SYNTAX, BiasRule, BiasRuleError, parse_bias_rule

HALF_BLACK = {"ethnicity": {"White": 0.5, "Black": 0.5, "Mixed": 0.0, "Asian": 0.0, "Other": 0.0}}


def test_parse_bias_rule() -> None:
    assert parse_bias_rule("ethnicity=Black:need_level+1@0.15") == BiasRule(
        "ethnicity", "Black", 1, 0.15
    )
    assert parse_bias_rule(" authority = Kelsby : need_level-2 @ 1 ").shift == -2


@pytest.mark.parametrize(
    "rule",
    ["ethnicity=Black", "ethnicity=Black:need_level+1", "religion=X:need_level+1@0.1",
     "ethnicity=Black:need_level+0@0.1", "ethnicity=Black:need_level+1@1.5",
     "ethnicity=Black:concerns+1@0.1", ""],
)
def test_bad_bias_syntax_gives_the_documented_error(rule: str) -> None:
    expected = ERROR_BIAS_SYNTAX.split("{rule!r}")[0]
    with pytest.raises(BiasRuleError, match=expected.replace("-", r"\-")):
        parse_bias_rule(rule)


def test_bias_raises_recorded_level_for_the_stated_share_of_the_group_only() -> None:
    base = load_generator_config(overrides=HALF_BLACK)
    biased = load_generator_config(overrides=HALF_BLACK, bias=["ethnicity=Black:need_level+1@0.15"])
    plain = list(generate_referrals(2000, seed=9, config=base))
    skewed = list(generate_referrals(2000, seed=9, config=biased))
    order = ["information_advice", "early_help", "child_in_need", "child_protection"]
    eligible = raised = 0
    for before, after in zip(plain, skewed, strict=True):
        assert before.text == after.text
        assert before.child is not None and after.need_level is not None
        shift = order.index(after.need_level) - order.index(before.need_level or "")
        if before.child.ethnicity != "Black":
            assert shift == 0
            continue
        assert shift in (0, 1)
        if before.need_level != order[-1]:
            eligible += 1
            raised += shift
    assert eligible > 500
    assert abs(raised / eligible - 0.15) < 0.045
