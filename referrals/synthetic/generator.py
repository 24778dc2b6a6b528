"""Public API of the synthetic referral generator: stream, render, write.

Each record has its own ``random.Random`` seeded from (seed, index), and each family its
own from (seed, family), so records can be produced one at a time in constant memory,
the same seed always gives byte-identical output, and a re-referred family looks the
same every time. Label-affecting draws (screening habit, noise, bias) come first and
always in the same number, so changing the noise rate or adding a bias rule changes the
labels only, never the texts.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from tqdm import tqdm

from referrals.contract import Child, PiiSpan, Referral, ReferralWriter
from referrals.errors import ConfigError
from referrals.labels import LabelScheme, load_scheme
from referrals.synthetic.bias import bias_shift
from referrals.synthetic.config import GeneratorConfig, load_generator_config
from referrals.synthetic.noise import informalise, shorthand
from referrals.synthetic.phrasing import PhraseBook, SlotFiller, load_phrase_book
from referrals.synthetic.pii import format_date
from referrals.synthetic.scenario import (
    Household,
    Scenario,
    ScenarioTables,
    WeightedChoice,
    age_band_at,
    choose_source,
    draw_concerns,
    draw_household,
    need_rank,
    recorded_rank,
)
from referrals.synthetic.stats import StatsAccumulator
from referrals.synthetic.text import TextBuilder
from referrals.synthetic.voices import Rendered, Voice, compose, load_voices, plan_mentions

PLACES_FILE = "places.yaml"
_RECORD, _FAMILY, _BIAS = 0, 1, 2
_PARENTAL_ROLES = (("mum", 0.75), ("dad", 0.15), ("partner", 0.10))
_OFFICE_HOURS = tuple(range(8, 18))


def stream_seed(seed: int, index: int, stream: int) -> int:
    """A distinct integer seed for (seed, index, stream); no two triples share one."""
    return ((seed * (1 << 40)) + index) * 4 + stream


@lru_cache(maxsize=1)
def load_places() -> dict[str, tuple[str, ...]]:
    """Word pools for addresses, schools and GP practices."""
    raw = yaml.safe_load(
        resources.files("referrals.synthetic.data").joinpath(PLACES_FILE).read_text("utf-8")
    )
    return {key: tuple(str(v) for v in values) for key, values in raw.items()}


@dataclass
class Engine:
    """Everything precomputed for one config: tables, phrases, voices, place words."""

    config: GeneratorConfig
    scheme: LabelScheme
    seed: int
    tables: ScenarioTables
    book: PhraseBook
    voices: dict[str, Voice]
    places: dict[str, tuple[str, ...]]
    base_rates: dict[str, float]
    history_new: WeightedChoice
    authorities: tuple[str, ...]
    ages: dict[str, frozenset[str]]
    source_voices: dict[str, WeightedChoice]

    @classmethod
    def build(cls, config: GeneratorConfig, seed: int, scheme: LabelScheme | None = None) -> Engine:
        """Precompute the tables once; per-record work then stays light."""
        scheme = scheme or load_scheme()
        voices = load_voices()
        source_voices = {}
        for name, source in config.sources.items():
            weights = {source.voice: 1.0} if isinstance(source.voice, str) else source.voice
            for voice in weights:
                if voice not in voices:
                    raise ConfigError(
                        f"sources.{name}.voice: unknown voice {voice!r}; allowed: {sorted(voices)}"
                    )
            source_voices[name] = WeightedChoice(weights)
        tables = ScenarioTables(config, scheme)
        return cls(
            config=config, scheme=scheme, seed=seed, tables=tables,
            book=load_phrase_book(scheme), voices=voices, places=load_places(),
            base_rates={c: config.concerns[c].base_rate for c in scheme.concern_ids},
            history_new=tables.history_choice, authorities=tuple(config.authorities),
            ages={c: frozenset(config.concerns[c].ages) for c in scheme.concern_ids},
            source_voices=source_voices,
        )

    # -- families --------------------------------------------------------------------
    def is_new_family(self, index: int) -> bool:
        """Whether record ``index`` starts a new family (its first draw decides)."""
        return random.Random(stream_seed(self.seed, index, _RECORD)).random() >= (
            self.config.rereferral_rate
        )

    def household(self, family: int) -> Household:
        """The household of a family, drawn from the family's own seed."""
        rng = random.Random(stream_seed(self.seed, family, _FAMILY))
        return draw_household(family, rng, self.tables, self.places)

    def family_of(self, index: int, rng: random.Random) -> int:
        """An earlier record that started a family, for a re-referral (or ``index`` itself)."""
        window = self.config.rereferral_window
        for _ in range(8):
            if index == 0:
                break
            candidate = rng.randrange(max(0, index - window), index)
            if self.is_new_family(candidate):
                return candidate
        return index

    # -- one record ------------------------------------------------------------------
    def scenario(self, index: int) -> tuple[Scenario, random.Random, tuple[float, ...]]:
        """The latent scenario of record ``index``, its RNG (for rendering) and label draws."""
        config = self.config
        rng = random.Random(stream_seed(self.seed, index, _RECORD))
        rereferral = rng.random() < config.rereferral_rate
        label_draws = (rng.random(), rng.random(), rng.random(), rng.random())
        family = self.family_of(index, rng) if rereferral else index
        rereferral = family != index
        household = self.household(family)
        if rereferral:
            gap = timedelta(days=rng.randrange(14, 420))
            received = household.base_date + gap
            end = config.start_date + timedelta(days=config.span_days - 1)
            if received > end:
                received = max(household.base_date - gap, config.start_date)
            child_index = household.index_child if rng.random() < 0.7 else rng.randrange(
                len(household.children))
        else:
            received, child_index = household.base_date, household.index_child
        child = household.children[child_index]
        assert child.birth_date is not None
        age_band, infant = age_band_at(child.birth_date, received)
        hour = rng.choice(_OFFICE_HOURS) if rng.random() < 0.8 else rng.randrange(24)
        received_at = datetime.combine(received, time(hour, rng.randrange(60)))
        concerns = draw_concerns(age_band, rng, self.tables)
        affected = {c: _weighted(_PARENTAL_ROLES, rng) for c in concerns}
        if household.structure == "single_dad":
            affected = {c: "dad" for c in concerns}
        protective = (1 + (rng.random() < 0.3)) if rng.random() < config.protective_rate else 0
        history_choice = self.tables.rereferral_history_choice if rereferral else self.history_new
        history = history_choice.draw(rng)
        consent = self.tables.consent_choice.draw(rng)
        source = choose_source(concerns, age_band, household.authority, rng, self.tables)
        true_rank = need_rank(concerns, infant=infant, history=history, protective=protective,
                              consent=consent, tables=self.tables)
        scenario = Scenario(
            index=index, household=household, child_index=child_index, received_at=received_at,
            age_band=age_band, infant=infant, concerns=concerns, affected=affected,
            protective=protective, history=history, consent=consent, source=source,
            rereferral=rereferral, true_rank=true_rank,
        )
        return scenario, rng, label_draws

    def render(self, scenario: Scenario, rng: random.Random) -> tuple[Scenario, Rendered]:
        """Plan the mentions and write the narrative; returns the final scenario too."""
        scenario.voice = self.source_voices[scenario.source].draw(rng)
        voice = self.voices[scenario.voice]
        length, scenario = plan_mentions(scenario, voice, rng, self.base_rates, self.ages)
        return scenario, self.render_planned(scenario, length, rng)

    def render_planned(self, scenario: Scenario, length: str, rng: random.Random) -> Rendered:
        """Write the narrative of a scenario whose mentions are already chosen."""
        config = self.config
        if not scenario.voice:
            scenario.voice = self.source_voices[scenario.source].draw(rng)
        voice = self.voices[scenario.voice]
        lower = rng.random() < config.lowercase_rate + voice.lowercase_rate
        typo = config.typo_per_fragment if rng.random() < config.typo_rate else 0.0
        swap = None
        if voice.register_noise == "informal" and rng.random() < config.informal_rate:
            swap = informalise
        elif voice.register_noise == "shorthand" and rng.random() < config.shorthand_rate:
            swap = shorthand
        builder = TextBuilder(rng, lower=lower, typo_chance=typo, swap=swap)
        others = tuple(a for a in self.authorities if a != scenario.household.authority)
        filler = SlotFiller(
            builder=builder, rng=rng, scenario=scenario, roles=voice.roles,
            formal=voice.formal, named=voice.named, voice=voice.family,
            other_authorities=others, places=self.places,
            professional_origins=self.tables.professional_choice,
            first_person=voice.first_person,
        )
        return compose(scenario, length, voice, self.book, filler, rng)

    def recorded(self, scenario: Scenario, label_draws: tuple[float, ...], child: Child) -> int:
        """The recorded rank: screening habit and noise, then any bias rules."""
        config = self.config
        authority = config.authorities[scenario.household.authority]
        top = len(self.scheme.need_levels) - 1
        rank = recorded_rank(
            scenario.true_rank, (label_draws[0], label_draws[1], label_draws[2], label_draws[3]),
            up_shift=authority.up_shift, down_shift=authority.down_shift,
            noise=config.label_noise, two_levels=config.label_noise_two_levels, top=top,
        )
        if config.bias:
            bias_rng = random.Random(stream_seed(self.seed, scenario.index, _BIAS))
            fields = {**child.model_dump(), "authority": scenario.household.authority,
                      "referral_source": scenario.source}
            draws = [bias_rng.random() for _ in config.bias]
            rank = max(0, min(rank + bias_shift(config.bias, fields, draws), top))
        return rank

    def record(self, index: int) -> tuple[Referral, Scenario, Rendered]:
        """Record ``index`` with the scenario and rendering behind it (for tests and audits)."""
        scenario, rng, label_draws = self.scenario(index)
        scenario, rendered = self.render(scenario, rng)
        return self.finish(scenario, rendered, rng, label_draws)

    def finish(self, scenario: Scenario, rendered: Rendered, rng: random.Random,
               label_draws: tuple[float, ...]) -> tuple[Referral, Scenario, Rendered]:
        """The contract record of a rendered scenario: labels, metadata, gold spans."""
        index = scenario.index
        household = scenario.household
        child = Child(
            age_band=scenario.age_band,
            gender=scenario.child.gender,
            ethnicity=household.ethnicity,
            disability="yes" if household.disabled[scenario.child_index] else "no",
        )
        rank = self.recorded(scenario, label_draws, child)
        scenario.recorded_rank = rank
        known = None
        if rng.random() < self.config.known_identifiers_share:
            known = _known_identifiers(scenario)
        referral = Referral(
            id=f"syn-{self.seed}-{index:07d}",
            text=rendered.text,
            concerns=[c for c in self.scheme.concern_ids if c in scenario.concerns],
            need_level=self.scheme.level_at(rank),
            received_at=scenario.received_at,
            referral_source=scenario.source,
            authority=household.authority,
            case_id=f"case-{self.seed}-{household.family:07d}",
            child=child,
            pii=[PiiSpan(start=s.start, end=s.end, type=s.type, origin=s.origin)
                 for s in rendered.spans],
            known_identifiers=known,
        )
        return referral, scenario, rendered


def _weighted(options: tuple[tuple[str, float], ...], rng: random.Random) -> str:
    draw = rng.random()
    for name, weight in options:
        draw -= weight
        if draw < 0:
            return name
    return options[-1][0]


def _known_identifiers(scenario: Scenario) -> list[str]:
    household = scenario.household
    child = scenario.child
    values = [household.mum.full]
    if scenario.age_band != "unborn":
        values.insert(0, child.full)
        if child.birth_date is not None:
            values.append(format_date(child.birth_date, household.date_style))
    values.append(household.dad.full if household.partner is None else household.partner.full)
    values.append(f"{household.address.street}, {household.address.postcode}")
    return values


def generate_referrals(n: int, seed: int, config: GeneratorConfig | None = None) -> Iterator[Referral]:
    """Stream ``n`` synthetic referrals, deterministic for ``seed``."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    engine = Engine.build(config or load_generator_config(), seed)
    for index in range(n):
        yield engine.record(index)[0]


def write_synthetic(
    out: str | Path, n: int, seed: int, config: GeneratorConfig | None = None,
    *, progress: bool = False,
) -> dict[str, Any]:
    """Generate ``n`` referrals into ``out`` (.jsonl or .csv, atomically); returns the stats."""
    stats = StatsAccumulator()
    records = generate_referrals(n, seed, config)
    with ReferralWriter(out) as writer:
        for referral in tqdm(records, total=n, disable=not progress, unit="ref", desc="generate"):
            writer.write(referral)
            stats.add(referral)
    return stats.as_dict()
