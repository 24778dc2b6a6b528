"""The latent scenario behind a referral: household, concerns, severity, context, need level.

The text is rendered from the scenario, and the labels come from it too, so the words
carry the concerns and their severity. The need level follows a documented rule
(:func:`need_rank`, parameters in generator.yaml); the *recorded* level then passes
through the authority's screening habit, label noise and any bias rule, as real
recorded decisions do.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property

from referrals.errors import ConfigError
from referrals.labels import LabelScheme
from referrals.synthetic.config import AGE_BANDS, GeneratorConfig
from referrals.synthetic.people import Person, make_person
from referrals.synthetic.pii import (
    DATE_STYLES,
    Address,
    email_address,
    gp_practice_name,
    ni_number,
    nursery_name,
    phone_number,
    school_name,
    street_address,
    vehicle_registration,
)


class WeightedChoice:
    """Draw keys by weight with one uniform number and a bisect: cheap per record."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.keys = tuple(weights)
        total = sum(weights.values())
        if total <= 0:
            raise ConfigError(f"weights must not all be zero: {weights}")
        self.cumulative = tuple(itertools.accumulate(w / total for w in weights.values()))

    def draw(self, rng: random.Random) -> str:
        """One key."""
        index = bisect.bisect_right(self.cumulative, rng.random())
        return self.keys[min(index, len(self.keys) - 1)]


@dataclass(frozen=True)
class Household:
    """A family, the same every time it is referred (drawn from the family's own seed)."""

    family: int
    authority: str
    ethnicity: str
    structure: str
    mum: Person
    dad: Person
    partner: Person | None
    grandparent: Person
    children: tuple[Person, ...]
    index_child: int
    disabled: tuple[bool, ...]
    address: Address
    phone: str
    email: str
    nhs_keys: tuple[int, ...]
    """Per child; the NHS number is formatted from it only when shown."""
    nino: str
    school: str
    nursery: str
    gp_practice: str
    vehicle: str
    base_date: date
    date_style: int


@dataclass
class Scenario:
    """One referral's latent truth and the choices the text will show.

    Mutable on purpose: the mention plan and the recorded rank are filled in as the
    record is built, and copying a dataclass per step was a measurable cost.
    """

    index: int
    household: Household
    child_index: int
    received_at: datetime
    age_band: str
    infant: bool
    concerns: dict[str, int]
    """Concern id -> severity 1 (low), 2 (medium), 3 (high), in drawing order."""
    affected: dict[str, str]
    """Concern id -> household role of the adult it is about (for parental concerns)."""
    protective: int
    history: str
    consent: str
    source: str
    rereferral: bool
    negated: tuple[str, ...] = ()
    resolved: tuple[str, ...] = ()
    decoys: tuple[str, ...] = ()
    true_rank: int = 0
    recorded_rank: int = 0
    voice: str = ""
    """The voice the text is written in (a source may write in several)."""

    @cached_property
    def child(self) -> Person:
        """The child the referral is about."""
        return self.household.children[self.child_index]


@dataclass
class ScenarioTables:
    """Per-config tables computed once: rates by age band, cluster splits, choosers."""

    config: GeneratorConfig
    scheme: LabelScheme
    age_choice: WeightedChoice = field(init=False)
    ethnicity_choice: WeightedChoice = field(init=False)
    authority_choice: WeightedChoice = field(init=False)
    origin_choice: dict[str, WeightedChoice] = field(init=False)
    professional_choice: WeightedChoice = field(init=False)
    history_choice: WeightedChoice = field(init=False)
    rereferral_history_choice: WeightedChoice = field(init=False)
    consent_choice: WeightedChoice = field(init=False)
    concern_plan: list[tuple[str, int, float, float, frozenset[str]]] = field(init=False)
    cluster_rates: list[float] = field(init=False)
    severity: dict[str, tuple[float, float]] = field(init=False)
    concern_order: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        config = self.config
        self.age_choice = WeightedChoice(config.age_bands)
        self.ethnicity_choice = WeightedChoice(config.ethnicity)
        self.authority_choice = WeightedChoice({k: v.weight for k, v in config.authorities.items()})
        self.origin_choice = {k: WeightedChoice(v) for k, v in config.ethnicity_origins.items()}
        self.professional_choice = WeightedChoice(config.professional_origins)
        self.history_choice = WeightedChoice(config.history_rates)
        self.rereferral_history_choice = WeightedChoice(config.rereferral_history)
        self.consent_choice = WeightedChoice(config.consent_rates)
        missing_origins = [e for e in config.ethnicity if e not in config.ethnicity_origins]
        if missing_origins:
            raise ConfigError(f"ethnicity_origins lacks {missing_origins}")
        clusters = list(config.clusters.values())
        self.cluster_rates = [c.rate for c in clusters]
        self.concern_order = tuple(self.scheme.concern_ids)
        plan = []
        for concern in self.concern_order:
            spec = config.concerns[concern]
            eligible = sum(config.age_bands.get(band, 0.0) for band in spec.ages)
            target = spec.base_rate / eligible if eligible > 0 else 0.0
            cluster_index, inside = -1, target
            for position, cluster in enumerate(clusters):
                if concern in cluster.members:
                    cluster_index, inside = position, cluster.members[concern]
            outside = target
            if cluster_index >= 0:
                rate = clusters[cluster_index].rate
                outside = (target - rate * inside) / (1.0 - rate)
            if not (0.0 <= outside <= 1.0 and target <= 1.0):
                raise ConfigError(
                    f"concerns.{concern}: base rate {spec.base_rate} cannot be met with its "
                    f"age bands and cluster rates (rate outside cluster would be {outside:.3f})"
                )
            plan.append((concern, cluster_index, inside, outside, frozenset(spec.ages)))
        self.concern_plan = plan
        self.severity = {
            c: (s.severity[0] / sum(s.severity), (s.severity[0] + s.severity[1]) / sum(s.severity))
            for c, s in config.concerns.items()
        }


_STRUCTURES = (("two_parents", 0.35), ("single_mum", 0.35), ("mum_and_partner", 0.18),
               ("single_dad", 0.07), ("kinship", 0.05))
_STRUCTURE_CHOICE = WeightedChoice(dict(_STRUCTURES))
_BAND_YEARS = {"0-4": (0, 5), "5-9": (5, 10), "10-15": (10, 16), "16-17": (16, 18)}


def age_band_at(birth_date: date, on: date) -> tuple[str, bool]:
    """Age band of a child born (or due) on ``birth_date``, and whether an infant (< 1 year)."""
    if birth_date > on:
        return "unborn", True
    years = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    infant = years < 1
    if years < 5:
        return "0-4", infant
    if years < 10:
        return "5-9", False
    if years < 16:
        return "10-15", False
    return "16-17", False


def draw_household(family: int, rng: random.Random, tables: ScenarioTables,
                   places: dict[str, tuple[str, ...]]) -> Household:
    """A family: people with names of the family's origins, address, numbers, services."""
    config = tables.config
    ethnicity = tables.ethnicity_choice.draw(rng)
    origins = tables.origin_choice[ethnicity]
    mum_origin = origins.draw(rng)
    dad_origin = origins.draw(rng) if ethnicity == "Mixed" or rng.random() < 0.15 else mum_origin
    structure = _STRUCTURE_CHOICE.draw(rng)
    base = config.start_date + timedelta(days=rng.randrange(config.span_days))
    band = tables.age_choice.draw(rng)
    if band == "unborn":
        index_birth = base + timedelta(days=rng.randrange(20, 200))
    else:
        low, high = _BAND_YEARS[band]
        index_birth = base - timedelta(days=rng.randrange(low * 365 + 1, high * 365 - 1))
    mum_birth = index_birth - timedelta(days=rng.randrange(17 * 365, 42 * 365))
    dad_birth = mum_birth - timedelta(days=rng.randrange(-3 * 365, 10 * 365))
    mum = make_person(rng, mum_origin, "female", "mum", birth_date=mum_birth)
    dad = make_person(rng, dad_origin, "male", "dad", birth_date=dad_birth)
    family_surname = dad.last if structure == "two_parents" and rng.random() < 0.7 else mum.last
    partner = None
    if structure == "mum_and_partner":
        partner_origin = tables.origin_choice[tables.ethnicity_choice.draw(rng)].draw(rng)
        partner = make_person(rng, partner_origin, "male", "partner",
                              birth_date=mum_birth - timedelta(days=rng.randrange(-1000, 4000)))
    grandparent = make_person(rng, mum_origin, "female", "grandparent", surname=mum.last)
    count = 1 + (rng.random() < 0.7) + (rng.random() < 0.35) + (rng.random() < 0.12)
    index_child = rng.randrange(count)
    children: list[Person] = []
    disabled: list[bool] = []
    for position in range(count):
        if position == index_child:
            birth = index_birth
        else:
            birth = index_birth + timedelta(days=(position - index_child) * rng.randrange(400, 1500))
            birth = min(birth, base - timedelta(days=30))
        gender = "unknown" if birth > base and rng.random() < 0.6 else (
            "female" if rng.random() < 0.5 else "male")
        taken = {mum.first, dad.first, *(c.first for c in children)}
        for _ in range(5):
            child = make_person(rng, mum_origin if rng.random() < 0.5 else dad_origin,
                                gender, "child", surname=family_surname, birth_date=birth)
            if child.first not in taken:
                break
        children.append(child)
        disabled.append(rng.random() < config.disability_rate)
    address = street_address(rng, places)
    carer = dad if structure == "single_dad" else mum
    domain = rng.choice(places["email_domains"])
    return Household(
        family=family,
        authority=tables.authority_choice.draw(rng),
        ethnicity=ethnicity,
        structure=structure,
        mum=mum,
        dad=dad,
        partner=partner,
        grandparent=grandparent,
        children=tuple(children),
        index_child=index_child,
        disabled=tuple(disabled),
        address=address,
        phone=phone_number(rng),
        email=email_address(rng, carer.first, carer.last, domain),
        nhs_keys=tuple(rng.getrandbits(40) for _ in children),
        nino=ni_number(rng),
        school=school_name(rng, places),
        nursery=nursery_name(rng, places),
        gp_practice=gp_practice_name(rng, places),
        vehicle=vehicle_registration(rng),
        base_date=base,
        date_style=rng.randrange(DATE_STYLES),
    )


def draw_concerns(age_band: str, rng: random.Random, tables: ScenarioTables) -> dict[str, int]:
    """Concerns with severities: cluster memberships first, then each concern's own draw."""
    in_cluster = [rng.random() < rate for rate in tables.cluster_rates]
    concerns: dict[str, int] = {}
    for concern, cluster_index, inside, outside, ages in tables.concern_plan:
        probability = inside if cluster_index >= 0 and in_cluster[cluster_index] else outside
        if age_band in ages and rng.random() < probability:
            low, medium = tables.severity[concern]
            draw = rng.random()
            concerns[concern] = 1 if draw < low else (2 if draw < medium else 3)
    return concerns


def need_rank(
    concerns: dict[str, int], *, infant: bool, history: str, protective: int, consent: str,
    tables: ScenarioTables,
) -> int:
    """The need rule of generator.yaml (steps 1-8), as a rank in the label scheme.

    Step 8 exists because the guideline asks for reasonable cause to suspect significant
    harm before child protection: babies, previous plans, several concerns and refused
    consent move a referral up, but only a protection-level concern (whose sentence the
    text always carries) makes it child protection.
    """
    rule = tables.config.need_rule
    scheme = tables.scheme
    if not concerns:
        return scheme.rank_of(rule.no_concern_level)
    top = scheme.rank_of(scheme.highest_level)
    rank = 0
    for concern, severity in concerns.items():
        levels = rule.concern_levels.get(concern, rule.default_levels)
        rank = max(rank, scheme.rank_of(levels[severity - 1]))
    own_top = rank
    serious = sum(1 for severity in concerns.values() if severity >= 2)
    if serious >= rule.cumulative_min:
        rank += 1
    if infant and serious:
        rank += 1
    if history == "previous_plan":
        rank += 1
    floor = scheme.rank_of(rule.protective_floor)
    if protective and rank > floor and max(concerns.values()) < 3:
        rank -= 1
    if consent == "refused" and rank == scheme.rank_of(rule.consent_level) and len(concerns) >= 2:
        rank = scheme.rank_of(rule.consent_step_up)
    if rule.protection_needs_concern and rank >= top and own_top < top:
        rank = top - 1  # context raises a level; it never invents significant harm
    return min(rank, top)


def recorded_rank(true_rank: int, draws: tuple[float, float, float, float], *, up_shift: float,
                  down_shift: float, noise: float, two_levels: float, top: int) -> int:
    """Authority screening habit, then label noise that mostly moves one level."""
    rank = true_rank
    if draws[0] < up_shift:
        rank += 1
    elif draws[0] < up_shift + down_shift:
        rank -= 1
    rank = max(0, min(rank, top))
    if draws[1] < noise:
        step = 2 if draws[2] < two_levels else 1
        direction = 1 if draws[3] < 0.5 else -1
        moved = rank + direction * step
        if moved < 0 or moved > top:
            moved = rank - direction * step
        rank = max(0, min(moved, top))
    return rank


def choose_source(concerns: dict[str, int], age_band: str, authority: str,
                  rng: random.Random, tables: ScenarioTables) -> str:
    """Referral source weighted by the authority's mix and the concerns' affinities."""
    config = tables.config
    authority_weights = config.authorities[authority].source_weights
    names = []
    weights = []
    for name, spec in config.sources.items():
        if age_band not in spec.ages:
            continue
        weight = spec.weight * authority_weights.get(name, 1.0)
        for concern in concerns:
            weight *= spec.affinity.get(concern, 1.0)
        names.append(name)
        weights.append(weight)
    return rng.choices(names, weights)[0]


def band_order() -> tuple[str, ...]:
    """Age bands from youngest to oldest."""
    return AGE_BANDS
