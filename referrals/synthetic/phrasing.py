"""Phrase tables (phrases.yaml) and the slot filler that renders them into a referral.

Phrases are compiled once and grouped by concern, section and severity, then filtered
by the child's age band and gender (tags such as ``@teen``) and cached, so per-record
work is a dictionary look-up and a ``random.choice``. The slot filler turns ``{mum}``,
``{date}`` or ``{nhs}`` into words and gold spans; people are referred to in varied ways
(:func:`referrals.synthetic.people.refer`), dates use the record's date style.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from referrals import pii_types
from referrals.errors import ConfigError
from referrals.labels import LabelScheme
from referrals.synthetic.config import AGE_BANDS
from referrals.synthetic.people import Fragment, Person, make_person, professional_reference, refer
from referrals.synthetic.pii import (
    case_reference,
    email_address,
    format_date,
    format_nhs_number,
    phone_number,
    social_handle,
    vehicle_registration,
)
from referrals.synthetic.scenario import Scenario, WeightedChoice
from referrals.synthetic.text import Template, TextBuilder, compile_template

PHRASES_FILE = "phrases.yaml"
PHRASE_FILES = (PHRASES_FILE, "phrases_registers.yaml", "phrases_implied.yaml")
"""Phrase files merged in this order: mappings key by key, lists at the same path joined."""
SEVERITY_NAMES = ("low", "medium", "high")
MENTION_SECTIONS = ("negated", "resolved", "decoy")
_BORN = frozenset(AGE_BANDS) - {"unborn"}
TAG_BANDS: dict[str, frozenset[str]] = {
    "any": frozenset(AGE_BANDS),
    "unborn": frozenset({"unborn"}),
    "baby": frozenset({"0-4"}),
    "young": frozenset({"0-4", "5-9"}),
    "school": frozenset({"5-9", "10-15", "16-17"}),
    "teen": frozenset({"10-15", "16-17"}),
}
GENDER_TAGS = ("female", "male")


@dataclass(frozen=True)
class Phrase:
    """A compiled phrase with the age bands and child gender it suits."""

    template: Template
    bands: frozenset[str]
    gender: str | None
    source: str


def parse_phrase(line: str) -> Phrase:
    """Split a leading tag list (``@teen,female``) from the text and compile it."""
    bands = _BORN
    gender = None
    text = line
    if line.startswith("@"):
        tag_text, _, text = line[1:].partition(" ")
        tagged: frozenset[str] = frozenset()
        for tag in tag_text.split(","):
            if tag in GENDER_TAGS:
                gender = tag
            elif tag in TAG_BANDS:
                tagged |= TAG_BANDS[tag]
            else:
                raise ConfigError(f"{PHRASES_FILE}: unknown tag @{tag} in {line!r}")
        bands = tagged or _BORN
    return Phrase(compile_template(text), bands, gender, text)


class PhraseBook:
    """All phrase lists, keyed by path (e.g. ``("concerns", id, "high")``), filtered on demand."""

    def __init__(self, raw: dict[str, Any], scheme: LabelScheme) -> None:
        self.lists: dict[tuple[str, ...], tuple[Phrase, ...]] = {}
        self._flatten(raw, ())
        self._cache: dict[tuple[tuple[str, ...], str, str], tuple[Phrase, ...]] = {}
        self._suits: dict[tuple[tuple[str, ...], str, str], bool] = {}
        for concern in scheme.concern_ids:
            for section in (*SEVERITY_NAMES, *MENTION_SECTIONS):
                if not self.lists.get(("concerns", concern, section)):
                    raise ConfigError(f"{PHRASES_FILE}: concerns.{concern}.{section} is missing")

    def _flatten(self, node: Any, path: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                self._flatten(value, (*path, str(key)))
        elif isinstance(node, list):
            self.lists[path] = tuple(parse_phrase(str(line)) for line in node)
        elif node is not None:
            raise ConfigError(f"{PHRASES_FILE}: {'.'.join(path)} must be a list or mapping")

    def has(self, path: tuple[str, ...]) -> bool:
        """True when a non-empty list exists at ``path``."""
        return bool(self.lists.get(path))

    def suits(self, path: tuple[str, ...], band: str, gender: str) -> bool:
        """True when some phrase at ``path`` suits the child (not just the fallback)."""
        key = (path, band, gender)
        known = self._suits.get(key)
        if known is None:
            known = any(band in p.bands and (p.gender is None or p.gender == gender)
                        for p in self.lists.get(path, ()))
            self._suits[key] = known
        return known

    def pool(self, path: tuple[str, ...], band: str, gender: str) -> tuple[Phrase, ...]:
        """Phrases at ``path`` suiting the child; all of them if none suits (never empty)."""
        key = (path, band, gender)
        cached = self._cache.get(key)
        if cached is None:
            every = self.lists.get(path, ())
            cached = tuple(
                p for p in every if band in p.bands and (p.gender is None or p.gender == gender)
            ) or every
            self._cache[key] = cached
        return cached


def merge_phrases(base: dict[str, Any], extra: dict[str, Any], source: str) -> dict[str, Any]:
    """``extra`` merged into ``base``: mappings key by key, lists at the same path joined."""
    merged = dict(base)
    for key, value in extra.items():
        present = merged.get(key)
        if present is None:
            merged[key] = value
        elif isinstance(present, dict) and isinstance(value, dict):
            merged[key] = merge_phrases(present, value, source)
        elif isinstance(present, list) and isinstance(value, list):
            merged[key] = [*present, *value]
        else:
            raise ConfigError(f"{source}: {key} is a {type(value).__name__} here but a "
                              f"{type(present).__name__} in an earlier phrase file")
    return merged


@lru_cache(maxsize=4)
def _raw_phrases() -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for name in PHRASE_FILES:
        text = resources.files("referrals.synthetic.data").joinpath(name).read_text("utf-8")
        data = yaml.safe_load(text)
        if not isinstance(data, dict):
            raise ConfigError(f"{name}: must be a mapping")
        merged = merge_phrases(merged, data, name)
    return merged


def load_phrase_book(scheme: LabelScheme) -> PhraseBook:
    """The packaged phrase book, checked to cover every concern of ``scheme``."""
    return PhraseBook(_raw_phrases(), scheme)


_WHEN = ("last night", "yesterday", "this morning", "over the weekend", "on Saturday night",
         "on Monday", "earlier today", "at the weekend", "last week", "on Friday evening",
         "during half term", "a few days ago", "on Tuesday after school", "in the early hours")
_TIMES = ("11pm", "23:40", "about 2am", "02:15", "half past ten", "7.30pm", "around midnight",
          "9pm", "03:00", "6am", "10.45pm", "after school", "1am")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PLACES = ("the park", "the train station", "a flat in town", "the shopping centre",
           "a house in another county", "the bus station", "a hotel", "the canal path",
           "a takeaway on the high street", "the retail park")
_DRUGS = ("cannabis", "cocaine", "ketamine", "pills", "spice", "weed", "coke", "crack",
          "heroin", "MDMA", "nitrous oxide", "valium")
_COUNTS = ("three", "3", "four", "several", "a number of", "five", "6", "repeated", "two")
_UNBORN_ROLES = ("unborn baby", "the unborn", "baby", "unborn child")
_CHILD_ROLES = ("the child", "child")
_BABY_ROLES = ("baby", "the baby", "the infant")
_MUM_ROLES = ("mum", "mother", "Mum")
_DAD_ROLES = ("dad", "father", "birth father")
_PARTNER_ROLES = ("mum's partner", "stepdad", "partner", "mum's boyfriend")
_GRAN_ROLES = ("maternal grandmother", "nan", "grandmother")
_TEACHER_ROLES = ("class teacher", "form tutor", "teaching assistant", "head of year", "the SENCO")
_WORKER_ROLES = ("social worker", "family support worker", "school nurse")


@dataclass
class SlotFiller:
    """Renders templates for one scenario in one voice into a TextBuilder."""

    builder: TextBuilder
    rng: random.Random
    scenario: Scenario
    roles: dict[str, tuple[str, ...]]
    formal: bool
    named: float
    voice: str
    other_authorities: tuple[str, ...]
    places: dict[str, tuple[str, ...]]
    professional_origins: WeightedChoice
    first_person: bool = False

    def __post_init__(self) -> None:
        household = self.scenario.household
        self.adult: Person = household.mum
        self._mentions: dict[str, int] = {}
        self._professionals: dict[str, Person] = {}
        self._referrer_contact: dict[str, str] = {}

    # -- rendering -------------------------------------------------------------------
    def render(self, template: Template, *, noisy: bool = True) -> None:
        """Render a compiled template: literals (maybe with typos) and slots."""
        builder = self.builder
        add = builder.literal if noisy else builder.plain
        for literal, slot in template:
            add(literal)
            if slot is not None:
                if slot[0].isupper():
                    builder.capitalise_next = True
                    slot = slot[0].lower() + slot[1:]
                handler = SLOT_HANDLERS.get(slot)
                if handler is None:
                    raise ConfigError(f"unknown slot {{{slot}}} in a phrase template")
                handler(self)

    def _fragments(self, fragments: list[Fragment]) -> None:
        for text, pii_type, origin in fragments:
            if pii_type is None:
                self.builder.plain(text)
            else:
                self.builder.pii(text, pii_type, origin)

    def _person(self, key: str, person: Person, default_roles: tuple[str, ...]) -> None:
        count = self._mentions.get(key, 0)
        self._mentions[key] = count + 1
        roles = self.roles.get(key, default_roles)
        self._fragments(refer(person, self.rng, roles, first_mention=count == 0,
                              formal=self.formal, named=self.named if count == 0 else self.named / 2))

    def _professional(self, key: str) -> Person:
        person = self._professionals.get(key)
        if person is None:
            origin = self.professional_origins.draw(self.rng)
            gender = "female" if self.rng.random() < 0.7 else "male"
            person = make_person(self.rng, origin, gender, key)
            self._professionals[key] = person
        return person

    def date_text(self, days_back: int) -> str:
        """A date ``days_back`` days before the referral, in the record's date style."""
        when = self.scenario.received_at.date() - timedelta(days=days_back)
        return format_date(when, self.scenario.household.date_style)

    # -- people ----------------------------------------------------------------------
    def _slot_child(self) -> None:
        child = self.scenario.child
        if self.scenario.age_band == "unborn":
            if self.rng.random() < 0.85:
                self.builder.plain(self.rng.choice(_UNBORN_ROLES))
            else:
                self._fragments([("baby ", None, None), (child.first, pii_types.PERSON, child.origin)])
            return
        if self.first_person:
            count = self._mentions.get("child", 0)
            self._mentions["child"] = count + 1
            if count and self.rng.random() < 0.5:
                self.builder.plain(self.rng.choice(("my " + self._son_word(), "my child")))
                return
        roles = _BABY_ROLES if self.scenario.infant else self.roles.get("child", _CHILD_ROLES)
        self._person("child", child, roles)

    def _slot_sibling(self) -> None:
        household = self.scenario.household
        others = [c for i, c in enumerate(household.children) if i != self.scenario.child_index]
        if not others:
            self.builder.plain(self.rng.choice(("a younger cousin", "the other children")))
            return
        sibling = others[0]
        word = {"female": "sister", "male": "brother"}.get(sibling.gender, "sibling")
        self._person("sibling", sibling, (word, f"younger {word}", "sibling"))

    def _slot_mum(self) -> None:
        self._person("mum", self.scenario.household.mum, _MUM_ROLES)

    def _slot_dad(self) -> None:
        self._person("dad", self.scenario.household.dad, _DAD_ROLES)

    def _slot_partner(self) -> None:
        household = self.scenario.household
        if household.partner is None:
            self._slot_dad()
        else:
            self._person("partner", household.partner, _PARTNER_ROLES)

    def _slot_carer(self) -> None:
        household = self.scenario.household
        if household.structure == "single_dad":
            self._slot_dad()
        elif household.structure == "kinship":
            self._person("grandparent", household.grandparent, _GRAN_ROLES)
        else:
            self._slot_mum()

    def _slot_adult(self) -> None:
        household = self.scenario.household
        if self.adult is household.mum:
            self._slot_mum()
        elif self.adult is household.dad:
            self._slot_dad()
        else:
            self._slot_partner()

    def _slot_victim(self) -> None:
        self._slot_mum()

    def _slot_perp(self) -> None:
        self._slot_partner()

    def _slot_grandparent(self) -> None:
        self._person("grandparent", self.scenario.household.grandparent, _GRAN_ROLES)

    def _slot_teacher(self) -> None:
        person = self._professional("teacher")
        count = self._mentions.get("teacher", 0)
        self._mentions["teacher"] = count + 1
        self._fragments(refer(person, self.rng, _TEACHER_ROLES, first_mention=count == 0,
                              formal=True, named=0.5))

    def _slot_worker(self) -> None:
        person = self._professional("worker")
        self._fragments(refer(person, self.rng, _WORKER_ROLES, first_mention=True,
                              formal=True, named=0.4))

    def _slot_officer(self) -> None:
        self._fragments(professional_reference(self._professional("officer"), self.rng, "police"))

    def _slot_referrer(self) -> None:
        self._fragments(professional_reference(self._professional("referrer"), self.rng, self.voice))

    def _slot_referrer_name(self) -> None:
        person = self._professional("referrer")
        self.builder.pii(person.full if self.rng.random() < 0.6 else person.last,
                         pii_types.PERSON, person.origin)

    def _full(self, person: Person) -> None:
        style = self.rng.random()
        if style < 0.7:
            self.builder.pii(person.full, pii_types.PERSON, person.origin)
        elif style < 0.9:
            self.builder.pii(f"{person.last.upper()}, {person.first}", pii_types.PERSON, person.origin)
        else:
            self.builder.pii(f"{person.first} {person.last.upper()}", pii_types.PERSON, person.origin)

    def _slot_child_full(self) -> None:
        if self.scenario.age_band == "unborn" and self.rng.random() < 0.7:
            self.builder.plain("Unborn baby of ")
            self._full(self.scenario.household.mum)
            return
        self._full(self.scenario.child)

    def _slot_mum_full(self) -> None:
        self._full(self.scenario.household.mum)

    def _slot_perp_full(self) -> None:
        household = self.scenario.household
        self._full(household.partner or household.dad)

    def _slot_carer_full(self) -> None:
        household = self.scenario.household
        self._full(household.dad if household.structure == "single_dad" else household.mum)

    # -- pronouns and words ----------------------------------------------------------
    def _child_pronoun(self, female: str, male: str, other: str) -> None:
        gender = self.scenario.child.gender
        self.builder.literal(female if gender == "female" else male if gender == "male" else other)

    def _slot_he(self) -> None:
        self._child_pronoun("she", "he", "they")

    def _slot_his(self) -> None:
        self._child_pronoun("her", "his", "their")

    def _slot_him(self) -> None:
        self._child_pronoun("her", "him", "them")

    def _slot_himself(self) -> None:
        self._child_pronoun("herself", "himself", "themselves")

    def _slot_she(self) -> None:
        self.builder.literal("she" if self.adult.gender == "female" else "he")

    def _slot_her(self) -> None:
        self.builder.literal("her" if self.adult.gender == "female" else "his")

    def _son_word(self) -> str:
        return {"female": "daughter", "male": "son"}.get(self.scenario.child.gender, "child")

    def _slot_son(self) -> None:
        self.builder.literal(self._son_word())

    def _slot_age(self) -> None:
        child = self.scenario.child
        if child.birth_date is None or self.scenario.age_band == "unborn":
            self.builder.plain("unborn")
            return
        days = (self.scenario.received_at.date() - child.birth_date).days
        self.builder.plain(str(days // 365) if days >= 365 else f"{max(days // 30, 1)} months")

    def _slot_age_words(self) -> None:
        child = self.scenario.child
        if child.birth_date is None or self.scenario.age_band == "unborn":
            self.builder.plain("unborn baby")
            return
        days = (self.scenario.received_at.date() - child.birth_date).days
        if days < 365:
            self.builder.plain(f"{max(days // 30, 1)} month old baby")
        else:
            self.builder.plain(f"{days // 365}{self.rng.choice(('-year-old', ' year old', 'yo'))}")

    def _slot_year_group(self) -> None:
        child = self.scenario.child
        if child.birth_date is None:
            self.builder.plain("nursery")
            return
        years = (self.scenario.received_at.date() - child.birth_date).days // 365
        if years < 4:
            self.builder.plain("nursery")
        elif years == 4:
            self.builder.plain("Reception")
        else:
            self.builder.plain(self.rng.choice(("Year ", "Y", "year ")) + str(min(years - 4, 13)))

    def _slot_weeks(self) -> None:
        child = self.scenario.child
        due = child.birth_date or self.scenario.received_at.date()
        weeks_left = max((due - self.scenario.received_at.date()).days // 7, 0)
        self.builder.plain(str(max(40 - weeks_left, 8)))

    def _slot_when(self) -> None:
        if self.rng.random() < 0.2:
            self.builder.plain("on ")
            self.builder.pii(self.date_text(self.rng.randrange(1, 10)), pii_types.DATE)
        else:
            self.builder.literal(self.rng.choice(_WHEN))

    def _slot_time(self) -> None:
        self.builder.plain(self.rng.choice(_TIMES))

    def _slot_day(self) -> None:
        self.builder.plain(self.rng.choice(_DAYS))

    def _slot_place(self) -> None:
        self.builder.literal(self.rng.choice(_PLACES))

    def _slot_drug(self) -> None:
        self.builder.literal(self.rng.choice(_DRUGS))

    def _slot_count(self) -> None:
        self.builder.plain(self.rng.choice(_COUNTS))

    def _slot_amount(self) -> None:
        self.builder.plain(str(self.rng.choice((120, 300, 450, 800, 1200, 2500, 640))))

    def _slot_hospital(self) -> None:
        self.builder.plain(self.rng.choice(self.places["hospitals"]))

    def _slot_other_la(self) -> None:
        self.builder.plain(self.rng.choice(self.other_authorities))

    # -- personal data ---------------------------------------------------------------
    def _slot_date(self) -> None:
        self.builder.pii(self.date_text(self.rng.randrange(0, 14)), pii_types.DATE)

    def _dob(self, person: Person) -> None:
        if person.birth_date is None:
            self.builder.plain("not known")
            return
        self.builder.pii(format_date(person.birth_date, self.scenario.household.date_style),
                         pii_types.DATE_OF_BIRTH)

    def _slot_child_dob(self) -> None:
        if self.scenario.age_band == "unborn":
            self.builder.plain("unborn, EDD ")
            self._slot_edd()
            return
        self._dob(self.scenario.child)

    def _slot_mum_dob(self) -> None:
        self._dob(self.scenario.household.mum)

    def _slot_perp_dob(self) -> None:
        household = self.scenario.household
        self._dob(household.partner or household.dad)

    def _slot_edd(self) -> None:
        child = self.scenario.child
        due = child.birth_date or self.scenario.received_at.date()
        self.builder.pii(format_date(due, self.scenario.household.date_style), pii_types.DATE)

    def _slot_address(self) -> None:
        address = self.scenario.household.address
        self.builder.pii(address.street, pii_types.ADDRESS)
        if self.rng.random() < 0.8:
            self.builder.plain(", " if self.rng.random() < 0.8 else " ")
            self.builder.pii(address.postcode, pii_types.POSTCODE)

    def _slot_phone(self) -> None:
        self.builder.pii(self.scenario.household.phone, pii_types.PHONE)

    def _slot_email(self) -> None:
        self.builder.pii(self.scenario.household.email, pii_types.EMAIL)

    def _slot_nhs(self) -> None:
        household = self.scenario.household
        key = household.nhs_keys[self.scenario.child_index]
        self.builder.pii(format_nhs_number(key), pii_types.NHS_NUMBER)

    def _slot_nino(self) -> None:
        self.builder.pii(self.scenario.household.nino, pii_types.NI_NUMBER)

    def _slot_school(self) -> None:
        household = self.scenario.household
        name = household.nursery if self.scenario.age_band in ("0-4", "unborn") else household.school
        self.builder.pii(name, pii_types.SCHOOL_NAME)

    def _slot_nursery(self) -> None:
        self.builder.pii(self.scenario.household.nursery, pii_types.SCHOOL_NAME)

    def _slot_gp(self) -> None:
        self.builder.pii(self.scenario.household.gp_practice, pii_types.GP_PRACTICE)

    def _slot_vrn(self) -> None:
        self.builder.pii(self.scenario.household.vehicle if self.rng.random() < 0.5
                         else vehicle_registration(self.rng), pii_types.VEHICLE_REGISTRATION)

    def _slot_handle(self) -> None:
        self.builder.pii(social_handle(self.rng, self.scenario.child.first), pii_types.SOCIAL_HANDLE)

    def _slot_caseref(self) -> None:
        self.builder.pii(case_reference(self.rng), pii_types.CASE_REFERENCE)

    def _slot_referrer_phone(self) -> None:
        phone = self._referrer_contact.setdefault("phone", phone_number(self.rng))
        self.builder.pii(phone, pii_types.PHONE)

    def _slot_referrer_email(self) -> None:
        person = self._professional("referrer")
        slug = self.scenario.household.authority.lower().replace(" ", "")
        domain = {"police": f"{slug}.police.uk", "school": f"{slug}.sch.uk", "health": "nhs.net",
                  "gp": "nhs.net", "hospital": "nhs.net", "camhs": "nhs.net",
                  "probation": "justice.gov.uk"}.get(self.voice, f"{slug}.gov.uk")
        email = self._referrer_contact.setdefault(
            "email", email_address(self.rng, person.first, person.last, domain))
        self.builder.pii(email, pii_types.EMAIL)


SLOT_HANDLERS: dict[str, Callable[[SlotFiller], None]] = {
    name.removeprefix("_slot_"): function
    for name, function in vars(SlotFiller).items() if name.startswith("_slot_")
}
"""Slot name -> renderer, built once so rendering a slot is one dictionary look-up."""
