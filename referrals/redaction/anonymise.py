"""From recognizer results to redacted text: resolve overlaps, then replace.

Overlapping results merge into one span (the union, so no character of either is
left visible); the longer result names the type, then the higher score, so "Khan"
inside "14 Khan Road" stays part of the ADDRESS. Person mentions are grouped so the
same person gets the same placeholder throughout a document.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from presidio_analyzer import RecognizerResult

from referrals import pii_types
from referrals.redaction import vocabulary as vocab
from referrals.redaction.recognizers import PLACEHOLDER_PATTERN, WORD_NAME_KEY

MODES = ("placeholder", "surrogate")


@dataclass(frozen=True)
class Span:
    """A resolved span in the text being redacted."""

    start: int
    end: int
    type: str
    score: float


def resolve(
    text: str,
    results: Sequence[RecognizerResult],
    *,
    thresholds: dict[str, float],
    allow_list: frozenset[str],
) -> list[Span]:
    """Filter results (threshold, allow list, placeholders, never-names) and merge overlaps."""
    protected = [(m.start(), m.end()) for m in PLACEHOLDER_PATTERN.finditer(text)]
    kept: list[Span] = []
    for result in results:
        threshold = thresholds.get(result.entity_type)
        if threshold is None or result.score < threshold:
            continue
        start, end = result.start, result.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        value = text[start:end]
        if value.casefold() in allow_list:
            continue
        if any(start < p_end and p_start < end for p_start, p_end in protected):
            continue
        if result.entity_type == pii_types.PERSON and _never_a_name(value) and not (
            (result.recognition_metadata or {}).get(WORD_NAME_KEY) or _after_title(text, start)
        ):
            continue
        kept.append(Span(start, end, result.entity_type, min(1.0, max(0.0, result.score))))
    return _merge(text, kept)


def _after_title(text: str, start: int) -> bool:
    """ "Ms Foster", "Dr Young": a title right before makes even a role word a surname."""
    before = text[max(0, start - 6):start].rstrip().split()
    return bool(before) and before[-1].lower() in vocab.TITLES


def _never_a_name(value: str) -> bool:
    words = [w.strip(".,'’").lower() for w in re.split(r"[\s-]+", value) if w.strip(".,'’")]
    return not words or all(w in vocab.NEVER_NAMES or len(w) == 1 for w in words)


def _merge(text: str, spans: list[Span]) -> list[Span]:
    spans.sort(key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    group: list[Span] = []
    group_end = -1
    for span in spans + [Span(len(text) + 1, len(text) + 1, "", 0.0)]:
        if group and span.start < group_end:
            group.append(span)
            group_end = max(group_end, span.end)
            continue
        if group:
            lead = max(group, key=lambda s: (s.end - s.start, s.score))
            merged.append(Span(group[0].start, group_end, lead.type, max(s.score for s in group)))
        group, group_end = [span], span.end
    return _join_adjacent_people(text, merged)


def _join_adjacent_people(text: str, spans: list[Span]) -> list[Span]:
    """ "[PERSON] [PERSON]" for "Shazia Khan" found in two parts becomes one person."""
    joined: list[Span] = []
    for span in spans:
        if joined:
            last = joined[-1]
            gap = text[last.end:span.start]
            if (
                last.type == span.type == pii_types.PERSON
                and gap in (" ", "-", "")
            ):
                joined[-1] = Span(last.start, span.end, last.type, max(last.score, span.score))
                continue
        joined.append(span)
    return joined


def _name_tokens(value: str) -> list[str]:
    words = [w.strip(".,'’").lower() for w in re.split(r"[\s]+", value)]
    words = [w.removesuffix("'s").removesuffix("’s") for w in words]
    return [w for w in words if w and w not in vocab.TITLES and len(w) > 1]


def _letter(value: str) -> list[str]:
    """A single letter standing for someone ("K lives with mum"), as its one token."""
    return [value.lower()] if len(value) == 1 and value.isalpha() else []


def person_groups(text: str, spans: Sequence[Span], first_number: int = 1) -> dict[int, int]:
    """Map each PERSON span (by index) to a person number, consistent within the text.

    Full names (two or more words) define people, in order of first appearance; a
    single word joins the one person whose name contains it, or starts its own. The
    same normalised name always maps to the same number.
    """
    people: list[set[str]] = []
    ordered: list[list[str]] = []
    keys: dict[str, int] = {}
    numbers: dict[int, int] = {}
    order: dict[int, int] = {}
    mentions = [(i, _name_tokens(text[s.start:s.end]) or _letter(text[s.start:s.end]))
                for i, s in enumerate(spans) if s.type == pii_types.PERSON]
    for index, tokens in mentions:
        if len(tokens) >= 2:
            key = " ".join(tokens)
            if key not in keys:
                keys[key] = len(people)
                people.append(set(tokens))
                ordered.append(tokens)
            numbers[index] = keys[key]
    for index, tokens in mentions:
        if index in numbers:
            continue
        key = " ".join(tokens) or text[spans[index].start:spans[index].end].lower()
        if key in keys:
            numbers[index] = keys[key]
            continue
        holders = [p for p, names in enumerate(people) if tokens and set(tokens) <= names]
        if not holders and len(tokens) == 1:
            holders = [p for p, words in enumerate(ordered) if _spells_initials(tokens[0], words)]
            if len(tokens[0]) == 1 and len(set(holders)) > 1:
                holders = []  # "K" with a Kaiden and a Kwame named: no telling which
        if len(set(holders)) >= 1:
            numbers[index] = holders[0]
        else:
            keys[key] = len(people)
            people.append(set(tokens))
            ordered.append(tokens)
            numbers[index] = keys[key]
    for index in sorted(numbers, key=lambda i: spans[i].start):
        person = numbers[index]
        if person not in order:
            order[person] = first_number + len(order)
    return {index: order[person] for index, person in numbers.items()}


def _spells_initials(token: str, name_words: list[str]) -> bool:
    """ "lr" or "lrc" for the person "lily-rose carter": initials join the named person;
    "k" for "kaiden campbell", as call notes write a child once named."""
    if len(token) == 1 and token.isalpha():
        return bool(name_words) and name_words[0][:1] == token
    if not (2 <= len(token) <= 4 and token.isalpha()):
        return False
    pieces = [piece for word in name_words for piece in word.split("-") if piece]
    given = [piece for piece in name_words[0].split("-") if piece] if name_words else []
    return token in (
        "".join(p[0] for p in pieces), "".join(w[0] for w in name_words),
        "".join(p[0] for p in given) if len(given) >= 2 else "",
    )


_EXISTING_PERSON = re.compile(r"\[PERSON_(\d+)\]")


def _first_free_number(text: str) -> int:
    found = [int(m.group(1)) for m in _EXISTING_PERSON.finditer(text)]
    return max(found, default=0) + 1


def replace(text: str, spans: Sequence[Span], mode: str) -> tuple[str, list[Span]]:
    """Replace each span; return the new text and the spans' offsets in it."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; allowed: {', '.join(MODES)}")
    numbers = person_groups(text, spans, _first_free_number(text))
    real_names = {
        word for span in spans if span.type == pii_types.PERSON
        for word in _name_tokens(text[span.start:span.end])
        for word in [word, *word.split("-")]
    }
    surrogates = Surrogates(text, real_names) if mode == "surrogate" else None
    pieces: list[str] = []
    out_spans: list[Span] = []
    cursor = 0
    length = 0
    for index, span in enumerate(spans):
        between = text[cursor:span.start]
        pieces.append(between)
        length += len(between)
        if surrogates is None:
            if span.type == pii_types.PERSON:
                value = f"[PERSON_{numbers[index]}]"
            else:
                value = f"[{span.type}]"
        else:
            value = surrogates.value_for(span.type, text[span.start:span.end], numbers.get(index))
        pieces.append(value)
        out_spans.append(Span(length, length + len(value), span.type, span.score))
        length += len(value)
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces), out_spans


_FIRST = ("Alex", "Sam", "Jordan", "Casey", "Morgan", "Riley", "Jamie", "Taylor", "Charlie",
          "Robin", "Ashley", "Drew", "Kerry", "Jess", "Lee", "Frankie", "Max", "Billie",
          "Ellis", "Harley", "Rowan", "Sasha", "Toni", "Bobbie", "Jody", "Kit", "Remy", "Dani",
          "Mika", "Noor", "Rafi", "Zen", "Arden", "Bryn", "Cory", "Dale", "Emery", "Fin")
_LAST = ("Ashdown", "Brookes", "Carver", "Denholm", "Ellery", "Fairley", "Garside", "Holroyd",
         "Ingham", "Jessop", "Kershaw", "Lumb", "Marsden", "Northrop", "Oddie", "Pickles",
         "Quarmby", "Ramsden", "Sugden", "Tattersall", "Uttley", "Varley", "Wadsworth",
         "Yeadon", "Ackroyd", "Birtle", "Crowther", "Dyson", "Exley", "Firth", "Gaukroger",
         "Haigh", "Illingworth", "Jowett", "Kitson", "Lister", "Mitchell", "Naylor")
_STREETS = ("Larch Avenue", "Beacon Road", "Mill Lane", "Orchard Close", "Station Street",
            "Cedar Grove", "Westfield Drive", "Park View")
_SCHOOLS = ("Hillside Primary School", "Brookfield Academy", "Meadowbank Nursery",
            "Riverside High School")
_PRACTICES = ("Valley Medical Centre", "Northgate Surgery", "Elm Tree Health Centre")


class Surrogates:
    """Realistic fake values, the same fake for the same value within one document, and a
    different fake name for each person.

    Seeded from a hash of the text, so the same input always gets the same output. The
    values are drawn from invented or reserved ranges (Ofcom drama numbers, NHS 999
    test numbers) so a surrogate is never someone's real identifier.
    """

    def __init__(self, text: str, real_names: set[str] | None = None) -> None:
        seed = int.from_bytes(hashlib.sha256(text.encode("utf-8", "replace")).digest()[:8], "big")
        self.random = random.Random(seed)
        self.values: dict[tuple[str, str], str] = {}
        self.people: dict[int, tuple[str, str]] = {}
        taken = {name.lower() for name in real_names or ()}
        self.first_pool = self._pool(_FIRST, taken)
        self.last_pool = self._pool(_LAST, taken)

    def _pool(self, names: Sequence[str], taken: set[str]) -> list[str]:
        """Names in a random order, minus any real name in the document; two-part names
        after them, so a document with more people than names still gets distinct ones."""
        single = [n for n in names if n.lower() not in taken]
        self.random.shuffle(single)
        double = [f"{a}-{b}" for a in single for b in single if a != b]
        return single + double

    def _person(self, person: int) -> tuple[str, str]:
        """A first name and a surname no other person in this document has."""
        if person not in self.people:
            index = len(self.people)
            self.people[person] = (self.first_pool[index], self.last_pool[index])
        return self.people[person]

    def value_for(self, entity: str, original: str, person: int | None) -> str:
        """The surrogate for ``original`` of type ``entity``: for a person, the same fake
        name for each mention, different from every other person's and from every real
        name in the document ("Lee hit Jordan" keeps who hit whom)."""
        if entity == pii_types.PERSON and person is not None:
            first, last = self._person(person)
            tokens = _name_tokens(original)
            if len(tokens) == 1:
                alone = tokens[0]
                is_surname = alone in vocab.surnames() and alone not in vocab.first_names()
                return last if is_surname else first
            return f"{first} {last}"
        key = (entity, re.sub(r"\s+", "", original.lower()))
        if key not in self.values:
            self.values[key] = self._fake(entity)
        return self.values[key]

    def _fake(self, entity: str) -> str:
        r = self.random
        if entity == pii_types.ADDRESS:
            return f"{r.randint(1, 99)} {r.choice(_STREETS)}"
        if entity == pii_types.POSTCODE:
            return f"ZZ{r.randint(1, 9)} {r.randint(1, 9)}{r.choice('ABDEFG')}{r.choice('HJLNPQ')}"
        if entity == pii_types.PHONE:
            return f"07700 900{r.randint(0, 999):03d}"
        if entity == pii_types.EMAIL:
            return f"{r.choice(_FIRST).lower()}{r.randint(1, 99)}@example.com"
        if entity == pii_types.URL:
            return f"www.example.org/{r.randint(100, 999)}"
        if entity == pii_types.SOCIAL_HANDLE:
            return f"@user_{r.randint(1000, 9999)}"
        if entity in (pii_types.DATE_OF_BIRTH, pii_types.DATE):
            return f"{r.randint(1, 28):02d}/{r.randint(1, 12):02d}/20{r.randint(5, 20):02d}"
        if entity == pii_types.NHS_NUMBER:
            return _fake_nhs(r)
        if entity == pii_types.NI_NUMBER:
            return f"QQ {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} C"
        if entity == pii_types.VEHICLE_REGISTRATION:
            return f"XX{r.randint(10, 99)} {''.join(r.choice('ABCDEFGHJ') for _ in range(3))}"
        if entity == pii_types.SCHOOL_NAME:
            return r.choice(_SCHOOLS)
        if entity == pii_types.GP_PRACTICE:
            return r.choice(_PRACTICES)
        if entity == pii_types.CASE_REFERENCE:
            return f"REF-{r.randint(100000, 999999)}"
        return f"[{entity}]"


def _fake_nhs(r: random.Random) -> str:
    """A 999-prefixed NHS number (reserved for testing) with a valid check digit."""
    while True:
        digits = [9, 9, 9] + [r.randint(0, 9) for _ in range(6)]
        total = sum(d * w for d, w in zip(digits, range(10, 1, -1)))
        check = (11 - total % 11) % 11
        if check != 10:
            number = "".join(map(str, digits + [check]))
            return f"{number[:3]} {number[3:6]} {number[6:]}"
