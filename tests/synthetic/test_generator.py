"""Determinism, configured rates, negation, re-referrals and the contract."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from referrals.contract import Referral, read_referrals, validate_record
from referrals.errors import ConfigError
from referrals.labels import LabelScheme
from referrals.synthetic import generate_referrals, generation_stats, load_generator_config
from referrals.synthetic.generator import Engine, write_synthetic
from referrals.synthetic.phrasing import SLOT_HANDLERS
from referrals.synthetic.scenario import Scenario
from referrals.synthetic.voices import Rendered, load_voices

Sample = list[tuple[Referral, Scenario, Rendered]]
RATE_TOLERANCE = 0.035
"""Absolute tolerance on each concern's share at n=3000 (about four standard errors)."""
NEGATIONS_OF_SUBSTANCE_MISUSE = (
    "no concerns about alcohol or drugs", "does not drink or use drugs",
    "no substance misuse was identified", "no drugs or drug paraphernalia",
    "denies drug or alcohol use", "no evidence of alcohol or drug use", "nil concerns re: substances",
    "is teetotal", "no smell of alcohol or cannabis",
)


def test_same_seed_gives_identical_bytes_and_another_seed_differs(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    write_synthetic(first, 150, seed=7)
    write_synthetic(second, 150, seed=7)
    write_synthetic(other, 150, seed=8)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()


def test_stream_prefix_is_stable() -> None:
    short = [r.model_dump_json() for r in generate_referrals(20, seed=4)]
    longer = [r.model_dump_json() for r in generate_referrals(40, seed=4)]
    assert longer[:20] == short


def test_concern_rates_and_need_mix_are_within_tolerance_of_the_config() -> None:
    config = load_generator_config()
    stats = generation_stats(generate_referrals(3000, seed=11, config=config))
    for concern, spec in config.concerns.items():
        measured = stats["concern_rates"].get(concern, 0.0)
        assert abs(measured - spec.base_rate) <= RATE_TOLERANCE, (concern, measured)
    for level, expected in config.expected_need_mix.items():
        measured = stats["need_level_mix"].get(level, 0.0)
        assert abs(measured - expected) <= config.need_mix_tolerance, (level, measured)


def test_toxic_trio_concerns_co_occur(sample: Sample) -> None:
    concerns = [set(r.concerns or []) for r, _, _ in sample]
    with_da = [c for c in concerns if "domestic_abuse" in c]
    without_da = [c for c in concerns if "domestic_abuse" not in c]
    share_with = sum("parental_substance_misuse" in c for c in with_da) / len(with_da)
    share_without = sum("parental_substance_misuse" in c for c in without_da) / len(without_da)
    assert share_with > share_without


def test_negated_resolved_and_decoy_mentions_never_carry_the_label(sample: Sample) -> None:
    counted = 0
    for referral, _, rendered in sample:
        for kind, concern in rendered.mentions:
            if kind in ("negated", "resolved", "decoy"):
                counted += 1
                assert concern not in (referral.concerns or [])
    assert counted > len(sample) // 2


def test_when_a_concern_is_only_mentioned_negated_then_it_is_not_labelled(
    scheme: LabelScheme,
) -> None:
    config = load_generator_config(overrides={"typo_rate": 0.0, "lowercase_rate": 0.0,
                                              "informal_rate": 0.0, "shorthand_rate": 0.0})
    engine = Engine.build(config, seed=3)
    scenario, rng, draws = engine.scenario(0)
    scenario = replace(
        scenario, concerns={}, affected={}, negated=("parental_substance_misuse",), resolved=(),
        decoys=(), source="gp", true_rank=0,
    )
    rendered = engine.render_planned(scenario, "short", rng)
    referral, _, _ = engine.finish(scenario, rendered, random.Random(0), draws)
    assert ("negated", "parental_substance_misuse") in rendered.mentions
    assert any(phrase in referral.text.lower() for phrase in NEGATIONS_OF_SUBSTANCE_MISUSE)
    assert "parental_substance_misuse" not in (referral.concerns or [])
    assert referral.concerns == []


def test_every_record_validates_against_the_contract_and_default_scheme(
    sample: Sample, scheme: LabelScheme, tmp_path: Path,
) -> None:
    for referral, _, _ in sample:
        validate_record(referral.model_dump(mode="json"), scheme)
    path = tmp_path / "out.jsonl"
    write_synthetic(path, 100, seed=2)
    assert len(read_referrals(path, scheme).referrals) == 100
    csv_path = tmp_path / "out.csv"
    write_synthetic(csv_path, 50, seed=2)
    assert len(read_referrals(csv_path, scheme).referrals) == 50


def test_metadata_uses_the_documented_values(sample: Sample) -> None:
    config = load_generator_config()
    for referral, _, _ in sample:
        assert referral.child is not None
        assert referral.child.age_band in config.age_bands
        assert referral.child.ethnicity in ("White", "Mixed", "Asian", "Black", "Other")
        assert referral.child.disability in ("yes", "no")
        assert referral.referral_source in config.sources
        assert referral.authority in config.authorities
    assert len(config.authorities) == 15


def test_re_referred_families_keep_a_consistent_household(sample: Sample) -> None:
    by_case: dict[str, list[Referral]] = {}
    for referral, _, _ in sample:
        by_case.setdefault(referral.case_id or "", []).append(referral)
    repeated = [group for group in by_case.values() if len(group) > 1]
    assert repeated
    for group in repeated:
        assert len({r.authority for r in group}) == 1
        assert len({r.child.ethnicity for r in group if r.child}) == 1


def test_lengths_run_from_a_line_to_several_hundred_words(sample: Sample) -> None:
    words = [len(r.text.split()) for r, _, _ in sample]
    assert min(words) <= 20
    assert max(words) >= 200
    assert max(words) <= 450


def test_some_records_carry_known_identifiers(sample: Sample) -> None:
    carrying = [r for r, _, _ in sample if r.known_identifiers]
    assert 0.2 < len(carrying) / len(sample) < 0.5


def test_every_template_uses_known_slots(engine: Engine) -> None:
    templates = [p.template for phrases in engine.book.lists.values() for p in phrases]
    for voice in load_voices().values():
        templates += [t for _, t in voice.headers]
        templates += [*voice.openers, *voice.lead_ins, *voice.closings]
    for template in templates:
        for _, slot in template:
            if slot is not None:
                assert slot[0].lower() + slot[1:] in SLOT_HANDLERS, slot


def test_unknown_config_key_names_the_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "gen.yaml"
    path.write_text("label_nois: 0.1\n")
    with pytest.raises(ConfigError, match=r"gen\.yaml: label_nois: Extra inputs"):
        load_generator_config(path)


def test_unknown_concern_in_config_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gen.yaml"
    path.write_text("concerns:\n  witchcraft: {base_rate: 0.1, severity: [1, 0, 0]}\n")
    with pytest.raises(ConfigError, match="concerns must match the label scheme"):
        load_generator_config(path)
