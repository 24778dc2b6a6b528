"""Table tests per recognizer: text, expected (type, value), and near-misses that must not match."""

from __future__ import annotations

import pytest

from referrals.redaction import Redactor
from referrals.redaction.recognizers import TriageUkNhsRecognizer, TriageUkPhoneRecognizer

FOUND = [
    # NHS numbers (valid mod 11), spaced or not
    ("NHS number 943 476 5919 on file.", "UK_NHS", "943 476 5919"),
    ("NHS no: 9434765919.", "UK_NHS", "9434765919"),
    ("nhs 401-023-2137", "UK_NHS", "401-023-2137"),
    # NI numbers
    ("NI number AB 12 34 56 C", "UK_NINO", "AB 12 34 56 C"),
    ("nino ab123456c", "UK_NINO", "ab123456c"),
    ("QQ123456C is on the form", "UK_NINO", "QQ123456C"),
    # postcodes, no context word needed
    ("They moved to LS6 2AB last year.", "UK_POSTCODE", "LS6 2AB"),
    ("now at m1 1ae", "UK_POSTCODE", "m1 1ae"),
    ("SW1A1AA", "UK_POSTCODE", "SW1A1AA"),
    # phones: every common spacing, +44
    ("ring 07700 900123 today", "PHONE_NUMBER", "07700 900123"),
    ("mobile 07700900123", "PHONE_NUMBER", "07700900123"),
    ("tel 0770 090 0123", "PHONE_NUMBER", "0770 090 0123"),
    ("call +44 7700 900123", "PHONE_NUMBER", "+44 7700 900123"),
    ("call +447700900123", "PHONE_NUMBER", "+447700900123"),
    ("landline 0113 496 0000", "PHONE_NUMBER", "0113 496 0000"),
    ("landline 020 7946 0000", "PHONE_NUMBER", "020 7946 0000"),
    ("landline (0113) 4960000", "PHONE_NUMBER", "(0113) 4960000"),
    ("+44 (0)113 496 0000", "PHONE_NUMBER", "+44 (0)113 496 0000"),
    # email, URL, social handles
    ("email shazia.k@example.co.uk now", "EMAIL_ADDRESS", "shazia.k@example.co.uk"),
    ("see https://www.facebook.com/shaz.k99 for posts", "URL", "https://www.facebook.com/shaz.k99"),
    ("on tiktok.com/@kay_99", "URL", "tiktok.com/@kay_99"),
    ("messaged @kayla_xo last night", "SOCIAL_HANDLE", "@kayla_xo"),
    ("his Snapchat is jaybird_07", "SOCIAL_HANDLE", "jaybird_07"),
    # vehicle registrations
    ("a silver car AB12 CDE outside", "UK_VEHICLE_REGISTRATION", "AB12 CDE"),
    ("the car reg is R123 ABC", "UK_VEHICLE_REGISTRATION", "R123 ABC"),
    # dates of birth and full dates
    ("DOB 12/03/2015", "DATE_OF_BIRTH", "12/03/2015"),
    ("born on 3rd March 2012", "DATE_OF_BIRTH", "3rd March 2012"),
    ("date of birth: 2015-03-12", "DATE_OF_BIRTH", "2015-03-12"),
    ("seen on 14 June 2023 at home", "DATE", "14 June 2023"),
    ("incident on 14.06.23", "DATE", "14.06.23"),
    # addresses
    ("lives at 14 Elm Road with mum", "ADDRESS", "14 Elm Road"),
    ("Flat 2, 9 Mill Lane, Leeds", "ADDRESS", "Flat 2, 9 Mill Lane, Leeds"),
    ("staying c/o 27 Ashgrove Avenue", "ADDRESS", "27 Ashgrove Avenue"),
    ("Flat 6 Thornton House", "ADDRESS", "Flat 6 Thornton House"),
    # schools and GP practices by suffix
    ("attends Oakfield Primary School daily", "SCHOOL_NAME", "Oakfield Primary School"),
    ("at St Mary's RC Primary", "SCHOOL_NAME", "St Mary's RC Primary"),
    ("Little Acorns Day Nursery said", "SCHOOL_NAME", "Little Acorns Day Nursery"),
    ("registered at Valley Medical Centre", "GP_PRACTICE", "Valley Medical Centre"),
    ("the GP at Northgate Surgery", "GP_PRACTICE", "Northgate Surgery"),
    # case references
    ("case ref LCS-2024-001234", "CASE_REFERENCE", "LCS-2024-001234"),
    # person names: spaCy, lists, titles, roles, lowercase, initials, many origins
    ("Mum Shazia said no", "PERSON", "Shazia"),
    ("spoke to mr kowalczyk", "PERSON", "kowalczyk"),
    ("baby Hope was asleep", "PERSON", "Hope"),
    ("mum shazia was upset", "PERSON", "shazia"),
    ("J. Smith from the school", "PERSON", "J. Smith"),
    ("then Chinedu Okafor arrived", "PERSON", "Chinedu Okafor"),
    ("with Nguyen Van Minh present", "PERSON", "Nguyen Van Minh"),
    ("Aoife O'Brien visited", "PERSON", "Aoife O'Brien"),
    ("Mrs Fadumo Warsame called", "PERSON", "Fadumo Warsame"),
    ("her partner Dariusz was there", "PERSON", "Dariusz"),
]


@pytest.mark.parametrize(("text", "entity", "value"), FOUND)
def test_when_pattern_present_then_redacted_with_its_type(
    redactor: Redactor, text: str, entity: str, value: str
) -> None:
    result = redactor.redact(text)
    found = [(s.type, text[s.start:s.end]) for s in result.raw_spans]
    assert (entity, value) in found, found


NOT_FOUND = [
    ("NHS number 943 476 5918 (bad checksum)", "UK_NHS"),
    ("the number 07700 900123 is a phone", "UK_NHS"),
    ("call 0113 496 0000 now", "UK_NHS"),
    ("+44 4857773456 is a phone", "UK_NHS"),
    ("last night at 11pm", "DATE"),
    ("over the weekend", "DATE"),
    ("on Monday in March", "DATE"),
    ("2 children at the park", "ADDRESS"),
    ("the school and the nursery", "SCHOOL_NAME"),
    ("the GP surgery", "GP_PRACTICE"),
    ("Mum said", "PERSON"),
    ("dad will collect him", "PERSON"),
    ("Child A and Child B", "PERSON"),
    ("the police and CAMHS and Ofsted", "PERSON"),
    ("NHS", "PERSON"),
    ("The social worker and the DSL", "PERSON"),
    ("May was a difficult month", "PERSON"),
    ("Friday", "PERSON"),
    ("Will he be safe?", "PERSON"),
    ("Hope is that things improve", "PERSON"),
    ("email address is not known", "EMAIL_ADDRESS"),
    ("3 times a day", "UK_POSTCODE"),
]


@pytest.mark.parametrize(("text", "entity"), NOT_FOUND)
def test_when_near_miss_then_not_redacted_as_that_type(
    redactor: Redactor, text: str, entity: str
) -> None:
    result = redactor.redact(text)
    assert entity not in [s.type for s in result.raw_spans], result.text


KEPT_WORDS = [
    "Mum and Dad argued on Friday night.",
    "The stepdad left at 11pm last night.",
    "Nan took her to CAMHS in March.",
    "Police attended over the weekend; the DSL and SENCO were told.",
    "Her brother, sister, grandad and uncle were there on Tuesday at 9:30am.",
    "The health visitor and school nurse saw the baby in September.",
    "The social worker spoke to the NHS and Ofsted in May.",
]


@pytest.mark.parametrize("text", KEPT_WORDS)
def test_when_only_roles_and_times_then_text_unchanged(redactor: Redactor, text: str) -> None:
    assert redactor.redact(text).text == text


@pytest.mark.parametrize(
    ("digits", "valid"),
    [("9434765919", True), ("9434765918", False), ("4010232137", True), ("1111111111", False)],
)
def test_nhs_checksum(digits: str, valid: bool) -> None:
    assert TriageUkNhsRecognizer().validate_result(digits) is valid


@pytest.mark.parametrize(
    ("number", "valid"),
    [("07700 900123", True), ("+44 7700 900123", True), ("0113 496 0000", True),
     ("0770090012", False), ("+44 77009001234", False)],
)
def test_phone_length_check(number: str, valid: bool) -> None:
    assert TriageUkPhoneRecognizer().validate_result(number) is valid
