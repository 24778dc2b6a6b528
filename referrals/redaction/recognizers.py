"""The registry of our presidio recognizers, by class name, for the redaction config.

The recognizers themselves live by what they find: ``pattern_recognizers`` (structured
identifiers), ``place_recognizers`` (addresses, schools, GP practices),
``name_recognizers`` with ``name_seed_rules`` and ``name_tokens`` (people), and
``known_identifiers`` (the form's own values, the deny list). Every class name starts
with ``Triage`` so that none can shadow one of presidio's: presidio's registry loader
looks its recognizers up by class name among all subclasses.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from referrals.redaction.known_identifiers import (
    TriageKnownIdentifierRecognizer,
    classify_identifier,
    date_forms,
    deny_list_recognizer,
)
from referrals.redaction.name_recognizers import (
    TriageContextNameRecognizer,
    TriageSpacyPersonRecognizer,
)
from referrals.redaction.name_tokens import reads_as_day
from referrals.redaction.pattern_recognizers import (
    FULL_DATE,
    PLACEHOLDER_PATTERN,
    WORD_NAME_KEY,
    TriageCaseReferenceRecognizer,
    TriageDateOfBirthRecognizer,
    TriageDateRecognizer,
    TriageEmailRecognizer,
    TriageInternationalPhoneRecognizer,
    TriageSocialHandleRecognizer,
    TriageUkNhsRecognizer,
    TriageUkNinoRecognizer,
    TriageUkPhoneRecognizer,
    TriageUkPostcodeRecognizer,
    TriageUkVehicleRegistrationRecognizer,
    TriageUrlRecognizer,
)
from referrals.redaction.place_recognizers import (
    TriageAddressAbroadRecognizer,
    TriageGpPracticeRecognizer,
    TriageNamedHouseRecognizer,
    TriageSchoolAbroadRecognizer,
    TriageSchoolLabelRecognizer,
    TriageSchoolNameRecognizer,
    TriageStreetAddressRecognizer,
)

RECOGNIZER_CLASSES: dict[str, type[EntityRecognizer]] = {
    cls.__name__: cls
    for cls in (
        TriageUkNhsRecognizer, TriageUkNinoRecognizer, TriageUkPostcodeRecognizer,
        TriageUkPhoneRecognizer, TriageInternationalPhoneRecognizer, TriageEmailRecognizer,
        TriageUrlRecognizer, TriageSocialHandleRecognizer, TriageUkVehicleRegistrationRecognizer,
        TriageDateRecognizer, TriageDateOfBirthRecognizer, TriageStreetAddressRecognizer,
        TriageNamedHouseRecognizer, TriageAddressAbroadRecognizer, TriageSchoolNameRecognizer,
        TriageSchoolAbroadRecognizer, TriageSchoolLabelRecognizer, TriageGpPracticeRecognizer,
        TriageCaseReferenceRecognizer,
        TriageContextNameRecognizer, TriageSpacyPersonRecognizer,
    )
}
"""Every recognizer a configuration may list, by class name."""

NEEDS_STOP_WORDS = frozenset({"TriageContextNameRecognizer", "TriageSpacyPersonRecognizer"})

__all__ = [
    "FULL_DATE", "NEEDS_STOP_WORDS", "PLACEHOLDER_PATTERN", "RECOGNIZER_CLASSES", "WORD_NAME_KEY",
    "TriageKnownIdentifierRecognizer", "classify_identifier", "date_forms",
    "deny_list_recognizer", "reads_as_day",
]
