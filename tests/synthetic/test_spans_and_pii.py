"""Gold spans are exact by construction and the identifiers are well formed."""

from __future__ import annotations

import random
import re

import pytest

from referrals.contract import Referral
from referrals.pii_types import ALL_TYPES, NAME_ORIGINS, NHS_NUMBER, PERSON, POSTCODE
from referrals.synthetic.pii import is_valid_nhs_number, nhs_check_digit, nhs_number
from referrals.synthetic.scenario import Scenario
from referrals.synthetic.voices import Rendered

Sample = list[tuple[Referral, Scenario, Rendered]]
POSTCODE_SHAPE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$", re.IGNORECASE)


def test_every_gold_span_is_exactly_the_inserted_value(sample: Sample) -> None:
    for referral, _, rendered in sample:
        assert referral.pii is not None
        assert len(referral.pii) == len(rendered.spans)
        for span, gold in zip(referral.pii, rendered.spans, strict=True):
            assert referral.text[span.start : span.end] == gold.value
            assert (span.start, span.end, span.type) == (gold.start, gold.end, gold.type)
            assert gold.value == gold.value.strip() and gold.value


def test_span_types_are_known_and_spans_do_not_overlap(sample: Sample) -> None:
    for referral, _, _ in sample:
        previous_end = 0
        for span in sorted(referral.pii or [], key=lambda s: s.start):
            assert span.type in ALL_TYPES
            assert span.start >= previous_end
            previous_end = span.end


def test_person_spans_record_a_known_origin(sample: Sample) -> None:
    origins = set()
    for referral, _, _ in sample:
        for span in referral.pii or []:
            if span.type == PERSON:
                assert span.origin in NAME_ORIGINS
                origins.add(span.origin)
            else:
                assert span.origin is None
    assert len(origins) >= 10


def test_nhs_number_spans_pass_the_mod_11_check(sample: Sample) -> None:
    found = 0
    for referral, _, _ in sample:
        for span in referral.pii or []:
            if span.type == NHS_NUMBER:
                found += 1
                assert is_valid_nhs_number(referral.text[span.start : span.end])
    assert found > 0


def test_postcode_spans_have_the_uk_shape(sample: Sample) -> None:
    for referral, _, _ in sample:
        for span in referral.pii or []:
            if span.type == POSTCODE:
                assert POSTCODE_SHAPE.match(referral.text[span.start : span.end])


@pytest.mark.parametrize(
    ("value", "valid"),
    [("943 476 5919", True), ("9434765919", True), ("943-476-5919", True),
     ("9434765918", False), ("943476591", False), ("94347659190", False), ("943 476 591X", False)],
)
def test_nhs_check_digit_table(value: str, valid: bool) -> None:
    assert is_valid_nhs_number(value) is valid


def test_generated_nhs_numbers_never_need_check_digit_ten() -> None:
    rng = random.Random(3)
    for _ in range(500):
        value = nhs_number(rng)
        digits = value.replace(" ", "").replace("-", "")
        assert nhs_check_digit(digits[:9]) == int(digits[9])


def test_role_words_weekdays_and_times_are_not_spans(sample: Sample) -> None:
    not_personal = {"mum", "dad", "stepdad", "DSL", "CAMHS", "Monday", "Saturday", "11pm",
                    "last night", "social worker"}
    for referral, _, _ in sample:
        for span in referral.pii or []:
            assert referral.text[span.start : span.end] not in not_personal


def test_some_names_are_lower_case_initials_or_word_like(sample: Sample) -> None:
    values = [g.value for _, _, r in sample for g in r.spans if g.type == PERSON]
    assert any(v.islower() for v in values)
    assert any(re.fullmatch(r"[A-Z]\.? [A-Z][a-z'-]+", v) for v in values)
    assert set(values) & {"Hope", "Grace", "Will", "Summer", "Faith", "Rose", "Jack", "Joy"}
