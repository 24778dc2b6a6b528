"""Per-request recognizers: the referral form's own values, and the configured deny list.

The form's names, date of birth and address are personal data by declaration, so they
are found wherever they recur in the narrative, in any casing or spacing.
"""

from __future__ import annotations

import re as std_re
from collections.abc import Iterable

import regex as re
from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from referrals import pii_types
from referrals.redaction import vocabulary as vocab
from referrals.redaction.pattern_recognizers import CASE_INSENSITIVE, FULL_DATE

_SPACING = r"[\s,.\-]*"


def _flexible(value: str) -> str:
    """A regex for ``value`` that tolerates any spacing and punctuation between its parts."""
    parts = [p for p in std_re.split(r"[\s,.\-/]+", value.strip()) if p]
    return _SPACING.join(re.escape(p) for p in parts)


class TriageKnownIdentifierRecognizer(EntityRecognizer):
    """The referral form's own fields (names, DOB, address), found wherever they recur.

    Built per request. Each value matches whatever its casing or spacing; a name's
    parts also match alone ("Shazia", "Khan"), since narratives use first names and
    surnames on their own.
    """

    SCORE = 1.0

    def __init__(self, values: Iterable[str]) -> None:
        super().__init__(
            supported_entities=[pii_types.PERSON, pii_types.ADDRESS, pii_types.DATE_OF_BIRTH,
                                pii_types.POSTCODE],
            name="TriageKnownIdentifierRecognizer",
        )
        self.patterns: list[tuple[str, re.Pattern[str]]] = []
        for value in values:
            self._add(value)

    def load(self) -> None:
        """Nothing to load: patterns are compiled in the constructor."""

    def _add(self, value: str) -> None:
        value = value.strip()
        if len(value) < 2:
            return
        entity = classify_identifier(value)
        if entity == pii_types.DATE_OF_BIRTH:
            for form in date_forms(value):
                self._compile(entity, _flexible(form))
            return
        self._compile(entity, _flexible(value))
        if entity == pii_types.PERSON:
            for part in std_re.split(r"[\s,]+", value):
                word = part.strip(".'’").lower()
                if len(word) >= 2 and word not in vocab.NEVER_NAMES:
                    self._compile(entity, _flexible(part))
        elif entity == pii_types.ADDRESS:
            for part in value.split(","):
                part = part.strip()
                if any(c.isdigit() for c in part) and len(part) >= 4:
                    kind = pii_types.POSTCODE if UK_POSTCODE_FULL.fullmatch(part) else entity
                    self._compile(kind, _flexible(part))

    def _compile(self, entity: str, pattern: str) -> None:
        if pattern:
            self.patterns.append(
                (entity, re.compile(r"(?<![\w])" + pattern + r"(?![\w])", re.IGNORECASE))
            )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Every occurrence of every supplied value."""
        results = []
        for entity, pattern in self.patterns:
            for match in pattern.finditer(text):
                results.append(
                    RecognizerResult(
                        entity_type=entity, start=match.start(), end=match.end(),
                        score=self.SCORE,
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: self.__class__.__name__,
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        },
                    )
                )
        return results


UK_POSTCODE_FULL = std_re.compile(
    r"[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}", std_re.IGNORECASE
)
_NUMERIC_DATE = std_re.compile(r"(\d{1,4})[/.\-\s](\d{1,2})[/.\-\s](\d{2,4})")
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)


def classify_identifier(value: str) -> str:
    """Guess the type of a structured form value: a date, an address or a name."""
    if re.fullmatch(FULL_DATE, value.strip(), flags=re.IGNORECASE):
        return pii_types.DATE_OF_BIRTH
    if UK_POSTCODE_FULL.fullmatch(value.strip()):
        return pii_types.POSTCODE
    if any(c.isdigit() for c in value) or "," in value:
        return pii_types.ADDRESS
    return pii_types.PERSON


def date_forms(value: str) -> list[str]:
    """The same date written the common ways (12/03/2015, 12.03.15, 12 March 2015)."""
    forms = [value]
    match = _NUMERIC_DATE.fullmatch(value.strip())
    if not match:
        return forms
    first, second, third = match.groups()
    if len(first) == 4:
        year, month, day = int(first), int(second), int(third)
    else:
        day, month, year = int(first), int(second), int(third)
        year = year + 2000 if year < 100 and year <= 30 else (year + 1900 if year < 100 else year)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return forms
    name = _MONTH_NAMES[month - 1]
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    forms += [
        f"{day:02d}/{month:02d}/{year}", f"{day}/{month}/{year}", f"{day:02d}.{month:02d}.{year}",
        f"{day:02d}/{month:02d}/{year % 100:02d}", f"{day} {name} {year}",
        f"{day}{suffix} {name} {year}", f"{day} {name[:3]} {year}", f"{name} {day} {year}",
        f"{year}-{month:02d}-{day:02d}",
    ]
    return list(dict.fromkeys(forms))


def deny_list_recognizer(entity: str, terms: list[str]) -> PatternRecognizer:
    """Terms the configuration says are always personal data of ``entity``."""
    return PatternRecognizer(
        supported_entity=entity, name=f"DenyList_{entity}", deny_list=terms,
        deny_list_score=1.0, global_regex_flags=CASE_INSENSITIVE,
    )
