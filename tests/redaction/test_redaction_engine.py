"""Engine behaviour: known identifiers, placeholders, idempotence, leaks, bad input, offline."""

from __future__ import annotations

import re
import socket

import pytest

from referrals.errors import RedactionError
from referrals.redaction import Redactor, redact
from referrals.redaction.engine import ERROR_NOT_TEXT

FIXTURE = (
    "Referral from Oakfield Primary School. Mum Shazia Khan (DOB 12/03/1990) lives at "
    "Flat 2, 14 Elm Road, Leeds LS6 2AB with baby Hope and her partner mr kowalczyk. "
    "Phone 07700 900123. NHS number 943 476 5919. NI AB 12 34 56 C. Email "
    "shazia.k@example.com. Registered at Valley Medical Centre. Khan said Tomasz Kowalczyk "
    "drove the car AB12 CDE. Snapchat @shaz_k99. Shazia took Hope to CAMHS on Friday."
)
FIXTURE_VALUES = [
    "Oakfield Primary School", "Shazia", "Khan", "12/03/1990", "14 Elm Road", "LS6 2AB",
    "Hope", "kowalczyk", "Kowalczyk", "07700 900123", "943 476 5919", "AB 12 34 56 C",
    "shazia.k@example.com", "Valley Medical Centre", "Tomasz", "AB12 CDE", "@shaz_k99",
]


def test_when_fixture_redacted_then_no_value_survives(redactor: Redactor) -> None:
    redacted = redactor.redact(FIXTURE).text
    for value in FIXTURE_VALUES:
        assert not re.search(rf"(?<!\w){re.escape(value)}(?!\w)", redacted), value
    for kept in ("Mum", "baby", "partner", "CAMHS", "Friday"):
        assert kept in redacted


def test_when_same_person_named_again_then_same_placeholder(redactor: Redactor) -> None:
    text = "Shazia Khan called. Later Shazia Khan and Tomasz Nowak met. Khan was upset."
    result = redactor.redact(text).text
    assert result == "[PERSON_1] called. Later [PERSON_1] and [PERSON_2] met. [PERSON_1] was upset."


def test_when_surname_alone_comes_first_then_it_joins_the_full_name(redactor: Redactor) -> None:
    text = "Mrs Khan phoned. Shazia Khan then visited with Jakub Nowak."
    assert redactor.redact(text).text == (
        "Mrs [PERSON_1] phoned. [PERSON_1] then visited with [PERSON_2]."
    )


def test_when_known_identifiers_given_then_every_casing_and_part_redacted(
    redactor: Redactor,
) -> None:
    text = "zyxwv QWERTYUIOP was seen. Zyxwv said qwertyuiop is kind. ZYXWV  Qwertyuiop left."
    result = redactor.redact(text, known_identifiers=["Zyxwv Qwertyuiop"])
    assert "zyxwv" not in result.text.lower() and "qwertyuiop" not in result.text.lower()
    assert result.text.count("[PERSON_1]") == 4


def test_when_known_dob_given_then_other_formats_redacted(redactor: Redactor) -> None:
    text = "Born 12 March 2015; the form says 12.03.2015."
    result = redactor.redact(text, known_identifiers=["12/03/2015"])
    assert "2015" not in result.text


def test_when_known_address_given_then_parts_redacted(redactor: Redactor) -> None:
    text = "They live at 4 the old mill, ls6 2ab now."
    result = redactor.redact(text, known_identifiers=["4 The Old Mill, Leeds, LS6 2AB"])
    assert "mill" not in result.text.lower() and "2ab" not in result.text.lower()


def test_when_redacted_twice_then_unchanged(redactor: Redactor) -> None:
    once = redactor.redact(FIXTURE).text
    assert redactor.redact(once).text == once
    assert redactor.redact(once).spans == []


def test_spans_point_at_placeholders_in_redacted_text(redactor: Redactor) -> None:
    result = redactor.redact(FIXTURE)
    for span in result.spans:
        value = result.text[span.start:span.end]
        assert value.startswith("[") and value.endswith("]")
        assert value.strip("[]").split("_")[0] in span.type
    assert sum(result.counts.values()) == len(result.spans)


def test_when_surrogate_mode_then_deterministic_and_consistent(redactor: Redactor) -> None:
    text = "Shazia Khan called 07700 900123. Later Shazia Khan rang 07700 900123 again."
    first = redactor.redact(text, mode="surrogate")
    assert first.text == redactor.redact(text, mode="surrogate").text
    assert "Shazia" not in first.text and "07700 900123" not in first.text
    names = [first.text[s.start:s.end] for s in first.spans if s.type == "PERSON"]
    phones = [first.text[s.start:s.end] for s in first.spans if s.type == "PHONE_NUMBER"]
    assert len(set(names)) == 1 and len(set(phones)) == 1
    assert "[" not in first.text


def test_when_existing_placeholders_then_new_people_numbered_after_them(
    redactor: Redactor,
) -> None:
    result = redactor.redact("[PERSON_1] and [PERSON_2] met Jakub Nowak.")
    assert result.text == "[PERSON_1] and [PERSON_2] met [PERSON_3]."


@pytest.mark.parametrize("value", [None, 42, b"bytes", ["list"]])
def test_when_not_text_then_clear_error(redactor: Redactor, value: object) -> None:
    with pytest.raises(RedactionError, match=ERROR_NOT_TEXT.format(kind=type(value).__name__)):
        redactor.redact(value)  # type: ignore[arg-type]


def test_when_over_limit_then_error_without_text(redactor: Redactor) -> None:
    text = "Shazia " * (redactor.config.max_text_chars // 7 + 1)
    with pytest.raises(RedactionError, match="the limit is") as info:
        redactor.redact(text)
    assert "Shazia" not in str(info.value)


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_when_empty_then_returned_unchanged(redactor: Redactor, text: str) -> None:
    result = redactor.redact(text)
    assert result.text == text and result.spans == []


def test_when_control_characters_then_replaced_by_spaces(redactor: Redactor) -> None:
    result = redactor.redact("Mum\x00 said\x07 no\x1b.")
    assert result.text == "Mum  said  no ."


def test_when_bad_mode_then_error(redactor: Redactor) -> None:
    with pytest.raises(RedactionError, match="unknown mode 'hash'"):
        redactor.redact("text", mode="hash")


def test_redact_many_matches_redact(redactor: Redactor) -> None:
    texts = [FIXTURE, "", "Mum said no.", "Jakub Nowak rang 0113 496 0000."]
    known = [None, None, ["Zyxwv"], ["Jakub Nowak"]]
    many = list(redactor.redact_many(texts, known, batch_size=2))
    assert [r.text for r in many] == [redactor.redact(t, k).text for t, k in zip(texts, known)]


def test_when_known_list_length_differs_then_error(redactor: Redactor) -> None:
    with pytest.raises(RedactionError, match="known_identifiers_list"):
        list(redactor.redact_many(["a b", "c d"], [None]))


def test_module_level_redact_uses_default_redactor() -> None:
    assert redact("Shazia Khan rang.") == "[PERSON_1] rang."


def test_when_redacting_then_network_is_never_touched(
    redactor: Redactor, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("redaction tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    from referrals.redaction import build_redactor

    fresh = build_redactor()
    assert "[EMAIL_ADDRESS]" in fresh.redact("mail shazia@example.co.uk or www.x.com").text
    assert "[URL]" in redactor.redact("see https://example.org/page and bit.ly/abc").text
