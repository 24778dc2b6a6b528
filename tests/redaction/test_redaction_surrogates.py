"""Surrogate mode: a distinct fake name per person, never another real name in the text.

"Tyler and Kevin both became Lee": "Lee hit Jordan" no longer said who hit whom.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referrals.redaction import Redactor

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PEOPLE = [
    ("Tyler", "Brookes"), ("Kevin", "Okafor"), ("Jordan", "Kershaw"), ("Lee", "Marsden"),
    ("Alex", "Nowak"), ("Shazia", "Khan"), ("Casey", "Popescu"), ("Morgan", "Warsame"),
    ("Aoife", "Brennan"), ("Chinedu", "Mensah"),
]
"""Real names that include surrogate-list names (Jordan, Lee, Alex, Casey, Morgan, Kershaw,
Marsden, Brookes): the surrogates must step round them."""
VERBS = ["hit", "pushed", "shouted at", "told staff about", "was seen with"]
PLACEHOLDER = re.compile(r"\[PERSON_(\d+)\]")


@SETTINGS
@given(
    people=st.lists(st.sampled_from(PEOPLE), min_size=2, max_size=6, unique=True),
    verbs=st.lists(st.sampled_from(VERBS), min_size=6, max_size=6),
)
def test_surrogates_are_distinct_per_person_and_never_a_real_name(
    redactor: Redactor, people: list[tuple[str, str]], verbs: list[str]
) -> None:
    sentences = [f"{first} {last} is known to school." for first, last in people]
    for index, (first, _) in enumerate(people):
        other = people[(index + 1) % len(people)][0]
        sentences.append(f"Staff say {first} {verbs[index]} {other} at break.")
    text = " ".join(sentences)
    placeholder = redactor.redact(text)
    surrogate = redactor.redact(text, mode="surrogate")
    real_words = {word.lower() for pair in people for word in pair}
    by_person: dict[str, set[str]] = {}
    for marked, fake in zip(placeholder.spans, surrogate.spans):
        assert marked.type == fake.type
        if marked.type != "PERSON":
            continue
        number = PLACEHOLDER.fullmatch(placeholder.text[marked.start:marked.end])
        assert number is not None
        words = set(surrogate.text[fake.start:fake.end].lower().split())
        assert not words & real_words, (text, surrogate.text)
        by_person.setdefault(number.group(1), set()).update(words)
    assert len(by_person) == len(people), placeholder.text
    persons = list(by_person.values())
    for i, first in enumerate(persons):
        for second in persons[i + 1:]:
            assert not first & second, surrogate.text


def test_when_surrogates_then_same_person_keeps_the_same_fake_name(redactor: Redactor) -> None:
    text = "Tyler Brookes hit Kevin Okafor. Later Tyler said Kevin started it."
    result = redactor.redact(text, mode="surrogate")
    fakes = [result.text[s.start:s.end] for s in result.spans if s.type == "PERSON"]
    assert len(fakes) == 4
    assert fakes[2] == fakes[0].split()[0] and fakes[3] == fakes[1].split()[0]
    assert fakes[0] != fakes[1]
