"""Registers, layouts, register noise and the referrer's view of the level."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace

import pytest

from referrals.contract import Referral
from referrals.errors import ConfigError
from referrals.synthetic import load_generator_config
from referrals.synthetic.generator import Engine
from referrals.synthetic.noise import informalise, shorthand
from referrals.synthetic.phrasing import merge_phrases
from referrals.synthetic.scenario import Scenario, WeightedChoice
from referrals.synthetic.text import TextBuilder
from referrals.synthetic.voices import LAYOUTS, Rendered, _request, load_voices

Sample = list[tuple[Referral, Scenario, Rendered]]


def _engine_with(voice_layouts: dict[str, float], **overrides: object) -> Engine:
    config = load_generator_config(overrides={"typo_rate": 0.0, "lowercase_rate": 0.0, **overrides})
    engine = Engine.build(config, seed=9)
    voices = dict(engine.voices)
    voices["school"] = replace(voices["school"], layouts=WeightedChoice(voice_layouts))
    engine.voices = voices
    return engine


def test_merge_phrases_joins_lists_and_merges_mappings() -> None:
    merged = merge_phrases({"a": {"low": ["x"]}, "b": ["y"]}, {"a": {"low": ["z"], "high": ["w"]}}, "f")
    assert merged == {"a": {"low": ["x", "z"], "high": ["w"]}, "b": ["y"]}


def test_merge_phrases_refuses_a_list_where_a_mapping_was() -> None:
    with pytest.raises(ConfigError, match=r"extra\.yaml: a is a list here but a dict"):
        merge_phrases({"a": {"low": ["x"]}}, {"a": ["z"]}, "extra.yaml")


def test_every_voice_layout_is_known_and_every_source_voice_exists() -> None:
    voices = load_voices()
    for voice in voices.values():
        assert voice.layouts is not None
        assert set(voice.layouts.keys) <= set(LAYOUTS)
    for name, source in load_generator_config().sources.items():
        named = [source.voice] if isinstance(source.voice, str) else list(source.voice)
        assert all(v in voices for v in named), name


def test_unknown_voice_in_a_source_mix_is_refused() -> None:
    config = load_generator_config(overrides={"sources": {"police": {"voice": {"police": 0.5, "pirate": 0.5}}}})
    with pytest.raises(ConfigError, match="unknown voice 'pirate'"):
        Engine.build(config, seed=1)


def test_a_source_writes_in_each_of_its_voices(sample: Sample) -> None:
    seen = Counter(scenario.voice for _, scenario, _ in sample if scenario.source == "police")
    assert set(seen) == {"police", "police_brief"}


def test_form_layout_writes_headed_sections_and_keeps_spans_exact() -> None:
    engine = _engine_with({"form": 1.0})
    headings = {p.source for key, phrases in engine.book.lists.items() if key[0] == "headings"
                for p in phrases}
    written = headed = 0
    for index in range(400):
        referral, scenario, rendered = engine.record(index)
        if scenario.voice != "school":
            continue
        written += 1
        headed += any(heading in referral.text for heading in headings)
        for span in rendered.spans:
            assert referral.text[span.start:span.end] == span.value
    assert written >= 10
    assert headed >= 0.75 * written  # terse records fall back to prose half the time


def test_chronology_layout_starts_entries_with_date_spans() -> None:
    engine = _engine_with({"chronology": 1.0})
    dated = 0
    for index in range(400):
        referral, scenario, rendered = engine.record(index)
        if scenario.voice != "school":
            continue
        starts = {s.start for s in rendered.spans if s.type == "DATE"}
        line_starts = {0} | {i + 1 for i, c in enumerate(referral.text) if c == "\n"}
        dated += len(starts & line_starts)
    assert dated >= 20


def test_negated_mentions_in_every_layout_never_carry_the_label() -> None:
    for layout in LAYOUTS:
        engine = _engine_with({layout: 1.0})
        for index in range(200):
            referral, _, rendered = engine.record(index)
            for kind, concern in rendered.mentions:
                if kind in ("negated", "resolved", "decoy"):
                    assert concern not in (referral.concerns or [])


@pytest.mark.parametrize("swap", [informalise, shorthand])
def test_register_noise_changes_only_literals_so_spans_stay_exact(swap) -> None:  # type: ignore[no-untyped-def]
    builder = TextBuilder(random.Random(3), swap=swap)
    for _ in range(30):
        builder.literal("I don't know because the history of domestic abuse and mental health with mother ")
        builder.pii("Andrew With", "PERSON")
        builder.literal(" and you ")
    text = builder.text()
    assert text.count("because the history of domestic abuse and mental health with mother") < 20
    for span in builder.spans:
        assert text[span.start:span.end] == "Andrew With"


def test_register_noise_is_applied_only_to_its_voices(sample: Sample) -> None:
    config = load_generator_config(overrides={"informal_rate": 1.0, "shorthand_rate": 0.0,
                                              "typo_rate": 0.0})
    engine = Engine.build(config, seed=5)
    informal = [engine.record(i) for i in range(600)]
    parents = [r.text for r, s, _ in informal if s.voice == "parent"]
    assert parents
    markers = (" u ", " ur ", " im ", " dont ", " cos ", " 2 ", " & ", " wiv ", " pls ")
    assert sum(any(m in f" {t.lower()} " for m in markers) for t in parents) >= len(parents) // 2


def test_requests_usually_state_the_level_of_the_scenario(engine: Engine, sample: Sample) -> None:
    _, scenario, _ = sample[0]
    rng = random.Random(4)
    book = engine.book
    for rank in range(4):
        at_level = {p.template for p in book.lists[("requests_by_rank", str(rank))]}
        chosen = [_request(replace(scenario, true_rank=rank), book, rng,
                           lambda path: rng.choice(book.pool(path, "10-15", "female")))
                  for _ in range(400)]
        share = sum(t in at_level for t in chosen) / len(chosen)
        assert 0.45 < share < 0.7, (rank, share)


def test_register_lines_respect_the_childs_age(engine: Engine) -> None:
    book = engine.book
    path = ("concerns", "physical_abuse", "clinical", "high")
    assert book.suits(path, "0-4", "male")
    assert book.suits(path, "10-15", "male")
    baby_only = [p for p in book.lists[path] if p.bands == frozenset({"0-4"})]
    assert baby_only
    assert not set(baby_only) & set(book.pool(path, "10-15", "male"))


def test_child_voice_is_quoted_for_school_age_children_about_their_concerns(sample: Sample) -> None:
    quoted = 0
    for referral, scenario, rendered in sample:
        for kind, concern in rendered.mentions:
            if kind == "child_voice":
                quoted += 1
                assert scenario.age_band in ("5-9", "10-15", "16-17")
                assert concern in (referral.concerns or [])
    assert quoted >= 10
