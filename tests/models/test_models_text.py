"""Text normalisation: placeholder and number invariance, spans into the original text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from models.text import TextNormalizer, normalize_text, tokenize_with_spans


def test_when_placeholder_numbers_differ_then_normalised_text_is_identical() -> None:
    first = "[PERSON_3] told [PERSON_1] at [SCHOOL_12] on 12/03/2024"
    second = "[PERSON_7] told [PERSON_2] at [SCHOOL_1] on 01/01/1999"
    assert normalize_text(first) == normalize_text(second)
    assert normalize_text(first) == "__person__ told __person__ at __school__ on __num__"


def test_when_text_has_case_and_spacing_then_they_are_collapsed() -> None:
    assert normalize_text("  Mum   SAID\n\tshe's  <UK_NHS> ") == "mum said she's __uk_nhs__"


@given(st.text(max_size=80))
def test_token_spans_always_point_into_the_original_text(text: str) -> None:
    for token in tokenize_with_spans(text):
        assert 0 <= token.start < token.end <= len(text)
        assert text[token.start : token.end].strip() == text[token.start : token.end]


def test_normalizer_is_a_stateless_pipeline_step() -> None:
    step = TextNormalizer().fit(["A [PERSON_1]"])
    assert step.transform(["A [PERSON_1]", "b 42"]) == ["a __person__", "b __num__"]
