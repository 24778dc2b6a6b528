"""Invented people and the many ways a referral refers to them.

A referral rarely writes a name once and cleanly: "mum Shazia KHAN", "shazia", "Ms Khan",
"S. Khan", "baby Hope", "KHAN, Shazia". Each reference is returned as fragments, with the
name part marked as a PERSON span carrying its origin and the role word or title left
outside the span (role words are not personal data).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

import yaml

from referrals.errors import ConfigError
from referrals.pii_types import NAME_ORIGINS, PERSON

Fragment = tuple[str, str | None, str | None]
"""(text, pii type or None, name origin or None)."""

NAMES_FILE = "names.yaml"


@dataclass(frozen=True)
class NamePool:
    """First names by gender and surnames of one origin."""

    female: tuple[str, ...]
    male: tuple[str, ...]
    surname: tuple[str, ...]


@lru_cache(maxsize=1)
def name_pools() -> dict[str, NamePool]:
    """Name pools from the package's names.yaml, checked against NAME_ORIGINS."""
    source = f"referrals/synthetic/data/{NAMES_FILE}"
    raw = yaml.safe_load(
        resources.files("referrals.synthetic.data").joinpath(NAMES_FILE).read_text("utf-8")
    )
    pools: dict[str, NamePool] = {}
    for origin in NAME_ORIGINS:
        entry = raw.get(origin) if isinstance(raw, dict) else None
        if not isinstance(entry, dict):
            raise ConfigError(f"{source}: missing name origin {origin!r}")
        try:
            pools[origin] = NamePool(
                tuple(str(n) for n in entry["female"]),
                tuple(str(n) for n in entry["male"]),
                tuple(str(n) for n in entry["surname"]),
            )
        except KeyError as exc:
            raise ConfigError(f"{source}: {origin} lacks key {exc.args[0]!r}") from exc
    return pools


@dataclass(frozen=True)
class Person:
    """An invented person: name, origin, gender, date of birth, household role."""

    first: str
    last: str
    origin: str
    gender: str
    role: str
    birth_date: date | None = None

    @property
    def full(self) -> str:
        """First name and surname."""
        return f"{self.first} {self.last}"


def make_person(
    rng: random.Random, origin: str, gender: str, role: str,
    surname: str | None = None, birth_date: date | None = None,
) -> Person:
    """Draw a person of an origin; ``surname`` keeps a family name across a household."""
    pool = name_pools()[origin]
    firsts = pool.female if gender == "female" else pool.male
    if gender == "unknown":
        firsts = pool.female if rng.random() < 0.5 else pool.male
    return Person(rng.choice(firsts), surname or rng.choice(pool.surname), origin, gender, role,
                  birth_date)


_TITLES = {"female": ("Ms", "Miss", "Mrs"), "male": ("Mr",), "unknown": ("Mx",)}


def refer(
    person: Person, rng: random.Random, roles: tuple[str, ...], *,
    first_mention: bool, formal: bool, named: float,
) -> list[Fragment]:
    """Fragments for one mention of ``person``.

    ``roles`` are role words for this voice ("mum", "the mother", "IP"); ``named`` is the
    chance that a name appears at all; ``formal`` favours surnames and titles (police,
    health) over first names (neighbours, parents).
    """
    origin = person.origin
    role = rng.choice(roles) if roles else ""
    if not role or rng.random() < named or (first_mention and rng.random() < 0.6):
        pick = rng.random()
        if person.role == "child":
            return _child_reference(person, rng, role, first_mention, pick)
        if formal:
            if pick < 0.25:
                return [(person.full, PERSON, origin)]
            if pick < 0.4:
                return [(f"{person.first} {person.last.upper()}", PERSON, origin)]
            if pick < 0.5:
                return [(f"{person.last.upper()}, {person.first}", PERSON, origin)]
            if pick < 0.62:
                return [(f"{rng.choice(_TITLES[person.gender])} ", None, None),
                        (person.last, PERSON, origin)]
            if pick < 0.72:
                dot = "." if rng.random() < 0.6 else ""
                return [(f"{person.first[0]}{dot} {person.last}", PERSON, origin)]
            if pick < 0.88 and role:
                return [(f"{role} ", None, None), (person.full, PERSON, origin)]
            return [(person.first, PERSON, origin)]
        if first_mention and pick < 0.3:
            return [(person.full, PERSON, origin)]
        if pick < 0.55 and role:
            name = person.first.lower() if rng.random() < 0.15 else person.first
            if rng.random() < 0.2:
                return [(f"{role} (", None, None), (name, PERSON, origin), (")", None, None)]
            return [(f"{role} ", None, None), (name, PERSON, origin)]
        if pick < 0.65:
            return [(f"{rng.choice(_TITLES[person.gender])} ", None, None),
                    (person.last, PERSON, origin)]
        if pick < 0.7:
            return [(f"{person.first[0]}{person.last[0]}", PERSON, origin)]
        return [(person.first, PERSON, origin)]
    return [(role, None, None)]


def _child_reference(person: Person, rng: random.Random, role: str, first_mention: bool,
                     pick: float) -> list[Fragment]:
    """Children get no titles: full name, first name, "baby Hope", initials, lower case."""
    origin = person.origin
    if first_mention and pick < 0.35:
        if rng.random() < 0.15:
            return [(f"{person.first} {person.last.upper()}", PERSON, origin)]
        return [(person.full, PERSON, origin)]
    if pick < 0.5 and role:
        return [(f"{role} ", None, None), (person.first, PERSON, origin)]
    if pick < 0.55:
        return [(f"{person.first[0]}{person.last[0]}", PERSON, origin)]
    if pick < 0.6:
        return [(person.first.lower(), PERSON, origin)]
    return [(person.first, PERSON, origin)]


def professional_reference(
    person: Person, rng: random.Random, kind: str,
) -> list[Fragment]:
    """A professional's name as signed or cited: "PC 4471 Jones", "Mrs Jane Okafor"."""
    origin = person.origin
    if kind == "police":
        rank = rng.choice(("PC", "DC", "PS", "PC", "DS"))
        return [(f"{rank} {rng.randrange(1000, 9999)} ", None, None), (person.last, PERSON, origin)]
    pick = rng.random()
    if pick < 0.4:
        return [(person.full, PERSON, origin)]
    if pick < 0.7:
        return [(f"{rng.choice(_TITLES[person.gender])} ", None, None), (person.full, PERSON, origin)]
    if pick < 0.85:
        return [(f"{rng.choice(_TITLES[person.gender])} ", None, None), (person.last, PERSON, origin)]
    return [(f"{person.first[0]}. {person.last}", PERSON, origin)]
