"""Invented personal-data values in the shapes UK referrals carry them.

Formats vary on purpose (phones with and without spaces and +44, dates of birth in
several styles, NHS numbers grouped or not) because a redactor must catch them all.
Phone numbers come from Ofcom's ranges reserved for drama, so no real number appears.
NHS numbers carry a valid mod-11 check digit; National Insurance numbers use valid
prefixes. Everything is drawn from a seeded ``random.Random``: fast and reproducible.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import date

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_UPPER = string.ascii_uppercase
_POSTCODE_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
_NINO_BAD_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_VRN_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXY"
_DRAMA_LANDLINES = (
    ("0113", "496 0"), ("0114", "496 0"), ("0115", "496 0"), ("0116", "496 0"),
    ("0117", "496 0"), ("0118", "496 0"), ("0121", "496 0"), ("0131", "496 0"),
    ("0141", "496 0"), ("0151", "496 0"), ("0161", "496 0"), ("0191", "498 0"),
    ("020", "7946 0"), ("028", "9649 6"), ("029", "2018 0"), ("01632", "960 "),
)
NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def nhs_check_digit(first_nine: str) -> int | None:
    """Mod-11 check digit of an NHS number's first nine digits; None when 10 (invalid)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def is_valid_nhs_number(value: str) -> bool:
    """True when ``value`` (spaces and dashes allowed) is ten digits with a valid check digit."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) != 10 or len(digits) != len(value.replace(" ", "").replace("-", "")):
        return False
    return nhs_check_digit(digits[:9]) == int(digits[9])


def nhs_number(rng: random.Random) -> str:
    """A valid NHS number, grouped 3-3-4 with spaces, without, or with dashes."""
    return format_nhs_number(rng.getrandbits(40))


def format_nhs_number(key: int) -> str:
    """The NHS number encoded by an integer ``key``: a family stores the key, not the text.

    Deterministic, so a child keeps the same number on every re-referral, and cheap
    enough to compute only when a referral actually shows the number.
    """
    first = str(400_000_000 + (key % 300_000_000))
    check = nhs_check_digit(first)
    while check is None:
        first = str(400_000_000 + (int(first) + 1 - 400_000_000) % 300_000_000)
        check = nhs_check_digit(first)
    digits = first + str(check)
    style = (key >> 32) % 10
    if style < 6:
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    if style < 9:
        return digits
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def ni_number(rng: random.Random) -> str:
    """A National Insurance number with a valid prefix, spaced or not."""
    while True:
        prefix = rng.choice(_NINO_FIRST) + rng.choice(_NINO_SECOND)
        if prefix not in _NINO_BAD_PREFIXES:
            break
    digits = f"{rng.randrange(1_000_000):06d}"
    suffix = rng.choice("ABCD")
    if rng.random() < 0.5:
        return f"{prefix}{digits}{suffix}"
    return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"


def postcode(rng: random.Random, areas: tuple[str, ...]) -> str:
    """A UK-shaped postcode: area + district, space (usually), sector + unit."""
    area = rng.choice(areas)
    district = str(rng.randrange(1, 30 if len(area) == 1 else 20))
    if len(area) == 1 and rng.random() < 0.1:
        district = str(rng.randrange(1, 10)) + rng.choice("ABCEHMNPRVWXY")
    inward = str(rng.randrange(10)) + rng.choice(_POSTCODE_INWARD_LETTERS) + rng.choice(
        _POSTCODE_INWARD_LETTERS
    )
    spacing = rng.random()
    if spacing < 0.85:
        return f"{area}{district} {inward}"
    if spacing < 0.95:
        return f"{area}{district}{inward}"
    return f"{area}{district} {inward}".lower()


def mobile_number(rng: random.Random) -> str:
    """A mobile from the drama range 07700 900000-900999 in one of several spacings."""
    tail = f"{rng.randrange(1000):03d}"
    style = rng.randrange(7)
    if style == 0:
        return f"07700 900{tail}"
    if style == 1:
        return f"07700900{tail}"
    if style == 2:
        return f"07700 900 {tail}"
    if style == 3:
        return f"+44 7700 900{tail}"
    if style == 4:
        return f"+447700900{tail}"
    if style == 5:
        return f"(+44) 7700 900 {tail}"
    return f"0770 0900 {tail}"


def landline_number(rng: random.Random) -> str:
    """A landline from one of Ofcom's drama ranges, national or +44 form."""
    code, block = rng.choice(_DRAMA_LANDLINES)
    number = f"{code} {block}{rng.randrange(1000):03d}"
    style = rng.random()
    if style < 0.15:
        return "+44 " + number[1:]
    if style < 0.25:
        return number.replace(" ", "")
    return number


def phone_number(rng: random.Random) -> str:
    """A mobile (mostly) or a landline."""
    return mobile_number(rng) if rng.random() < 0.7 else landline_number(rng)


def email_address(rng: random.Random, first: str, last: str, domain: str) -> str:
    """An email built from a person's name, in a few common shapes."""
    first_part = first.lower().replace(" ", "").replace("'", "")
    last_part = last.lower().replace(" ", "").replace("'", "").replace("-", "")
    style = rng.randrange(5)
    if style == 0:
        local = f"{first_part}.{last_part}"
    elif style == 1:
        local = f"{first_part[0]}{last_part}"
    elif style == 2:
        local = f"{first_part}{rng.randrange(70, 100)}"
    elif style == 3:
        local = f"{first_part}_{last_part}{rng.randrange(1, 30)}"
    else:
        local = f"{last_part}.{first_part[0]}"
    return f"{local}@{domain}"


def format_date(value: date, style: int) -> str:
    """A date in one of eight written styles (the style is fixed per record)."""
    day, month, year = value.day, value.month, value.year
    if style == 0:
        return f"{day:02d}/{month:02d}/{year}"
    if style == 1:
        return f"{day}/{month}/{year % 100:02d}"
    if style == 2:
        return f"{day:02d}.{month:02d}.{year % 100:02d}"
    if style == 3:
        return f"{day}{_ordinal(day)} {MONTHS[month - 1]} {year}"
    if style == 4:
        return f"{day} {MONTHS[month - 1][:3]} {year}"
    if style == 5:
        return value.isoformat()
    if style == 6:
        return f"{MONTHS[month - 1]} {day}, {year}"
    return f"{day:02d}-{month:02d}-{year}"


DATE_STYLES = 8


def _ordinal(day: int) -> str:
    if 11 <= day <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def vehicle_registration(rng: random.Random) -> str:
    """A current-style registration (two letters, age identifier, three letters)."""
    year = rng.choice([rng.randrange(2, 25), rng.randrange(51, 75)])
    letters = "".join(rng.choice(_VRN_LETTERS) for _ in range(2))
    tail = "".join(rng.choice(_VRN_LETTERS) for _ in range(3))
    return f"{letters}{year:02d} {tail}" if rng.random() < 0.8 else f"{letters}{year:02d}{tail}"


def case_reference(rng: random.Random) -> str:
    """A case, crime or hospital reference in one of several local formats."""
    style = rng.randrange(5)
    if style == 0:
        return f"CR/{rng.randrange(2021, 2026)}/{rng.randrange(100000):05d}"
    if style == 1:
        return f"MASH-{rng.randrange(100000, 999999)}"
    if style == 2:
        return f"{rng.randrange(10, 99)}{rng.randrange(10 ** 9):09d}"
    if style == 3:
        return f"LCS {rng.randrange(1000000, 9999999)}"
    return f"RX{rng.randrange(100000, 999999)}"


def social_handle(rng: random.Random, first: str) -> str:
    """A social media handle that may echo a first name."""
    stem = first.lower().replace(" ", "") if rng.random() < 0.5 else rng.choice(
        ["shadow", "bigman", "dreamz", "kingz", "lilz", "trapstar", "babygirl", "real", "xo"]
    )
    return f"@{stem}{rng.choice(['_', '.', ''])}{rng.randrange(1, 99)}"


@dataclass(frozen=True)
class Address:
    """A street address and its postcode, kept apart because they are separate span types."""

    street: str
    postcode: str


def street_address(rng: random.Random, places: dict[str, tuple[str, ...]]) -> Address:
    """An invented street address with a town, and a postcode."""
    number = rng.randrange(1, 180)
    street = f"{rng.choice(places['street_names'])} {rng.choice(places['street_suffixes'])}"
    town = rng.choice(places["towns"])
    style = rng.random()
    if style < 0.2:
        line = f"Flat {rng.randrange(1, 40)}, {rng.choice(places['street_names'])} "
        line += f"{rng.choice(places['buildings'])}, {street}, {town}"
    elif style < 0.3:
        line = f"{number}{rng.choice('ABC')} {street}, {town}"
    elif style < 0.4:
        line = f"{number} {street}"
    else:
        line = f"{number} {street}, {town}"
    return Address(line, postcode(rng, places["postcode_areas"]))


def school_name(rng: random.Random, places: dict[str, tuple[str, ...]]) -> str:
    """An invented school name (saint, place or community style)."""
    if rng.random() < 0.25:
        return f"St {rng.choice(places['school_saints'])} {rng.choice(places['school_types'])}"
    return f"{rng.choice(places['school_places'])} {rng.choice(places['school_types'])}"


def nursery_name(rng: random.Random, places: dict[str, tuple[str, ...]]) -> str:
    """An invented nursery or pre-school name."""
    return f"{rng.choice(places['nursery_names'])} {rng.choice(places['nursery_types'])}"


def gp_practice_name(rng: random.Random, places: dict[str, tuple[str, ...]]) -> str:
    """An invented GP practice name."""
    return f"{rng.choice(places['gp_places'])} {rng.choice(places['gp_types'])}"
