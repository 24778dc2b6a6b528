"""The need rule only labels what the text shows (issue 10, generated-test audit).

An audit of the seed-11 test set found child-protection labels raised by a baby's age, a
previous plan or cumulative harm that the text did not show, or showed nothing of
significant harm to go with. These tests pin the rule that closed that gap.
"""

from __future__ import annotations

from dataclasses import replace

from referrals.contract import Referral
from referrals.synthetic.generator import Engine
from referrals.synthetic.scenario import Scenario, need_rank
from referrals.synthetic.voices import Rendered

Sample = list[tuple[Referral, Scenario, Rendered]]


def _own_level(engine: Engine, concern: str, severity: int) -> int:
    rule = engine.config.need_rule
    levels = rule.concern_levels.get(concern, rule.default_levels)
    return engine.scheme.rank_of(levels[severity - 1])


def test_every_child_protection_label_has_a_protection_level_sentence_in_the_text(
    engine: Engine, sample: Sample,
) -> None:
    top = engine.scheme.rank_of(engine.scheme.highest_level)
    protection = [(s, r) for _, s, r in sample if s.true_rank == top]
    assert len(protection) >= 40  # enough to mean something at the default mix
    for scenario, rendered in protection:
        backing = {c for c, severity in scenario.concerns.items()
                   if _own_level(engine, c, severity) == top}
        written = {concern for kind, concern in rendered.mentions if kind == "concern"}
        assert backing & written, (scenario.index, scenario.concerns, rendered.text)


def test_context_raises_stop_at_child_in_need_without_a_protection_level_concern(
    engine: Engine,
) -> None:
    # Neglect at medium is child in need on its own; a baby and a previous plan add two.
    scheme = engine.scheme
    args = {"infant": True, "history": "previous_plan", "protective": 0, "consent": "given"}
    capped = need_rank({"neglect": 2}, tables=engine.tables, **args)  # type: ignore[arg-type]
    assert capped == scheme.rank_of("child_in_need")
    loose_rule = engine.config.need_rule.model_copy(update={"protection_needs_concern": False})
    loose = replace(engine.tables, config=engine.config.model_copy(update={"need_rule": loose_rule}))
    assert need_rank({"neglect": 2}, tables=loose, **args) == scheme.rank_of(  # type: ignore[arg-type]
        "child_protection")
    # A protection-level concern is child protection with or without any raise.
    assert need_rank({"physical_abuse": 2}, tables=engine.tables, infant=False, history="none",
                     protective=0, consent="given") == scheme.rank_of("child_protection")


def test_a_baby_and_a_previous_plan_that_raise_the_level_are_always_written(sample: Sample) -> None:
    infants = [(s, r) for _, s, r in sample if s.infant and s.age_band != "unborn"]
    plans = [(s, r) for _, s, r in sample if s.history == "previous_plan"]
    assert infants and plans
    for scenario, rendered in infants:
        assert ("infant", None) in rendered.mentions, rendered.text
    for scenario, rendered in plans:
        assert ("history", None) in rendered.mentions, rendered.text
