"""Recognizers for structured identifiers: NHS and NI numbers, postcodes, phone numbers
(UK and international), email, web addresses, social handles, number plates, dates and
case references.

Each is a small class with its patterns, context words and checks as class constants
and one ``validate_result``/``invalidate_result`` hook, in the style of presidio's UK
recognizers. We write our own rather than enable presidio's because, measured on
referral-style text, its UK recognizers ship disabled, its postcode scores 0.1 without
a context word, its NHS recognizer accepts phone digits that pass mod 11, and its email
recognizer downloads the public suffix list. Nothing here touches the network.

Every class name starts with ``Triage``: presidio's registry loader finds its own
recognizers by class name among all subclasses, so a class of ours called
``TriageDateRecognizer`` made ``load_predefined_recognizers`` build ours with presidio's
arguments and fail.
"""

from __future__ import annotations

import re as std_re
from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern, PatternRecognizer

from referrals import pii_types

CASE_SENSITIVE = re.DOTALL | re.MULTILINE
CASE_INSENSITIVE = re.DOTALL | re.MULTILINE | re.IGNORECASE

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_DATE_FORMS = (
    rf"(?:{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR})",
    rf"(?:{_MONTH}\s+{_DAY},?\s+{_YEAR})",
    r"(?:(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|1[0-2])[/.-](?:(?:19|20)\d{2}|\d{2}))",
    r"(?:(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))",
)
FULL_DATE = "(?:" + "|".join(_DATE_FORMS) + r")(?![\w/.-]\d)"
"""A date with day, month and year, in any common UK form."""

WORD_NAME_KEY = "name_despite_word_list"
"""Result metadata: a name although its words are on the never-a-name lists (initials that
spell an acronym, "CP has"; a kinship word used as a first name, "Nana Agyeman")."""

DECLARED_INITIALS_KEY = "declared_initials"
"""Result metadata: letters the document itself declared as someone's initials ("Peter
Church - DSL (PC)"), so every later "PC" is that person, acronym or not."""

SPEAKER_KEY = "thread_speaker"
"""Result metadata: a speaker label of a pasted message thread in which another speaker is
a found name ("Drew: u owe me" beside "Miles: cant"), so the word before the colon is a
person, not a form label."""

PLACEHOLDER_PATTERN = std_re.compile(r"\[[A-Z][A-Z_]*[A-Z](?:_\d+)?\]")
"""What our placeholders look like; recognizers' results inside one are dropped."""


class TriageConstantPatternRecognizer(PatternRecognizer):
    """A pattern recognizer configured by class constants, as presidio's UK recognizers are.

    Subclasses set ``ENTITY``, ``PATTERNS``, ``CONTEXT`` and, when case matters (NHS
    numbers, phone numbers, case references), ``FLAGS``; one constructor builds them all.
    """

    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[list[Pattern]]
    CONTEXT: ClassVar[list[str]] = []
    FLAGS: ClassVar[int] = CASE_INSENSITIVE

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY, patterns=list(self.PATTERNS), context=self.CONTEXT,
            global_regex_flags=self.FLAGS,
        )


class TriageUkNhsRecognizer(TriageConstantPatternRecognizer):
    """NHS number: 10 digits (3-3-4, spaced or not) passing the mod-11 check.

    Phone numbers are excluded by shape: UK numbers start with 0 or +44, and NHS
    numbers never start with 0, so a digit run touching a leading 0, +44 or further
    digits is not taken even when it happens to pass mod 11.
    """

    ENTITY = pii_types.NHS_NUMBER
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "nhs_3_3_4",
            r"(?<![\d+])(?<!\+44\s?)(?<!\(0\)\s?)[1-9]\d{2}([ -]?)\d{3}\1\d{4}(?![\d])",
            0.5,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["nhs", "nhs number", "nhs no", "health"]
    WEIGHTS: ClassVar[tuple[int, ...]] = (10, 9, 8, 7, 6, 5, 4, 3, 2)
    FLAGS = CASE_SENSITIVE

    def validate_result(self, pattern_text: str) -> bool:
        """True when the check digit is right (a remainder of 10 is never valid)."""
        digits = [int(c) for c in pattern_text if c.isdigit()]
        if len(digits) != 10 or len(set(digits)) == 1:
            return False
        total = sum(d * w for d, w in zip(digits[:9], self.WEIGHTS))
        check = 11 - total % 11
        check = 0 if check == 11 else check
        return check != 10 and check == digits[9]


class TriageUkNinoRecognizer(TriageConstantPatternRecognizer):
    """National Insurance number: two prefix letters, six digits, suffix A-D."""

    ENTITY = pii_types.NI_NUMBER
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "nino",
            r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-TW-Z][A-CEGHJ-NP-TW-Z]"
            r"[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D]\b",
            0.85,
        ),
        Pattern(
            # a mistyped or invented prefix ("my NI is TN 37 19 50 A") is still the
            # person's number: taken only with an NI word before it (score 0.3 + context)
            "nino_any_prefix",
            r"\b[A-Z]{2}[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D]\b",
            0.3,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["national", "insurance", "ni", "nino"]


class TriageUkPostcodeRecognizer(TriageConstantPatternRecognizer):
    """UK postcode; scores high with no context word, unlike presidio's 0.1. The inward
    code takes any two letters: a mistyped or invented postcode ("ST9 2KE") still places
    the family."""

    ENTITY = pii_types.POSTCODE
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "postcode",
            r"(?<![\w-])(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[A-Z]{2})\b",
            0.8,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["postcode", "address", "lives", "living"]

    def invalidate_result(self, pattern_text: str) -> bool:
        """Lower-case look-alikes need a digit-letter mix that words never have."""
        return pattern_text.islower() and not any(c.isdigit() for c in pattern_text)


class TriageUkPhoneRecognizer(TriageConstantPatternRecognizer):
    """UK mobile, landline and non-geographic numbers in any spacing, with or without +44."""

    ENTITY = pii_types.PHONE
    _PREFIX = r"(?<![\w+])(?:\(?\+\s?44\)?\s?(?:\(0\)\s?)?|0044\s?|\(?0)"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("mobile", _PREFIX + r"7(?:[\s-]?\d){9}(?!\d)", 0.75),
        Pattern("landline", _PREFIX + r"[1238]\d{1,3}\)?(?:[\s-]?\d){6,8}(?!\d)", 0.6),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "phone", "tel", "telephone", "mobile", "mob", "number", "call", "ring", "contact",
        "landline", "text",
    ]
    FLAGS = CASE_SENSITIVE

    def validate_result(self, pattern_text: str) -> bool:
        """A national number of 9 or 10 digits after the 0 or +44 (10 for a mobile)."""
        digits = "".join(c for c in pattern_text if c.isdigit())
        if pattern_text.lstrip("( ").startswith(("+", "00")):
            digits = digits[4:] if digits.startswith("0044") else digits[2:]
            digits = digits.removeprefix("0")
        else:
            digits = digits.removeprefix("0")
        if digits[:1] == "7":
            return len(digits) == 10
        return len(digits) in (9, 10) and digits[:1] in ("1", "2", "3", "8")


class TriageInternationalPhoneRecognizer(TriageConstantPatternRecognizer):
    """Phone numbers from abroad: E.164 (``+48 601 234 567``, ``+1-984-182-0190``,
    ``+46 (0)8 928 571 38``, ``0048 ...``) and, with a phone word near, national forms
    that start with a 0 (``0490 75 40 81``, ``06 12 34 56 78``).

    A relative's number in Poland, Romania or Nigeria is as identifying as a UK one. The
    UK recognizer keeps UK numbers; this one takes the rest, checking that the digits
    after the country code number 6 to 13 (E.164 allows 15 in all).
    """

    ENTITY = pii_types.PHONE
    _GROUPS = r"(?:[\s.\-/]{0,2}(?:\(\d{1,5}\)|\d{1,5})){2,7}"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "e164", r"(?<![\w+])(?:\+\s?|00)[1-9]\d{0,3}(?:\s?\(0\))?" + _GROUPS + r"(?![\d])", 0.7,
        ),
        Pattern("national", r"(?<![\w+/.:-])\(?0\d{1,4}\)?(?:[\s.\-]\d{2,4}){2,5}(?![\d/.:-]\d)", 0.3),
    ]
    CONTEXT: ClassVar[list[str]] = TriageUkPhoneRecognizer.CONTEXT + [
        "whatsapp", "viber", "abroad", "number", "tel.", "mob.", "mobile:", "phone:", "telefon",
    ]
    FLAGS = CASE_SENSITIVE

    def validate_result(self, pattern_text: str) -> bool:
        """Enough digits for a full number after the country code or trunk 0."""
        digits = "".join(c for c in pattern_text if c.isdigit())
        if pattern_text.lstrip("( ").startswith(("+", "00")):
            return 8 <= len(digits.removeprefix("00")) <= 15
        return 9 <= len(digits) <= 12


class TriageEmailRecognizer(TriageConstantPatternRecognizer):
    """Email address by shape alone: no public-suffix download, unlike presidio's."""

    ENTITY = pii_types.EMAIL
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "email",
            r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
            r"\.[A-Za-z]{2,}\b",
            0.95,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["email", "e-mail"]


class TriageUrlRecognizer(TriageConstantPatternRecognizer):
    """Web addresses: with a scheme or www, or a bare domain with a common suffix."""

    ENTITY = pii_types.URL
    _TAIL = r"(?:/[^\s<>\"]*[^\s<>\".,;:!?)\]'])?"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("scheme", r"\b(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]']", 0.8),
        Pattern(
            "bare_domain",
            r"(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|co\.uk|org\.uk|org|net|io|me|tv|"
            r"info|uk|ly|gg|app)\b" + _TAIL,
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["website", "link", "page", "profile", "url", "online"]


class TriageSocialHandleRecognizer(TriageConstantPatternRecognizer):
    """Social media handles: ``@name`` anywhere, or a username right after a platform."""

    ENTITY = pii_types.SOCIAL_HANDLE
    _PLATFORM = (
        r"(?:snapchat|snap|instagram|insta|ig|tiktok|tik tok|facebook|fb|twitter|whatsapp|"
        r"discord|xbox|psn|playstation|roblox|kik|telegram|gamertag|username|user name|handle)"
    )
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("at_handle", r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?", 0.85),
        Pattern(
            "underscore_handle",
            r"(?<![\w@.\[])(?=[A-Za-z0-9_.]*[A-Za-z])[A-Za-z0-9]+(?:[._][A-Za-z0-9]+)*_"
            r"[A-Za-z0-9_.]*[A-Za-z0-9](?![\w@\]])",
            0.7,
        ),
        Pattern(
            "after_platform",
            r"(?<=\b" + _PLATFORM + r"(?:\s+(?:name|account|handle|username|id|is|as|called|"
            r"under|user))*\s*[:\-]?\s+[\"'‘“]?)"
            # a digit, an underscore or an inner dot: not the full stop after "Snapchat now."
            r"(?=[A-Za-z0-9_-]*(?:[\d_]|\.[A-Za-z0-9_]))[A-Za-z0-9_][A-Za-z0-9_.-]{1,29}[A-Za-z0-9_]",
            0.7,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["snapchat", "instagram", "tiktok", "facebook", "handle"]


class TriageUkVehicleRegistrationRecognizer(TriageConstantPatternRecognizer):
    """UK number plates: current (AB12 CDE) always; older prefix/suffix forms need context."""

    ENTITY = pii_types.VEHICLE_REGISTRATION
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("current", r"\b[A-HJ-PR-Y][A-HJ-PR-Y]\d{2} ?[A-HJ-PR-Z]{3}\b", 0.7),
        Pattern("prefix", r"\b[A-HJ-NP-Y]\d{1,3} ?[A-HJ-PR-Y]{3}\b", 0.3),
        Pattern("suffix", r"\b[A-HJ-PR-Y]{3} ?\d{1,3}[A-HJ-NP-Y]\b", 0.3),
        Pattern(
            "after_cue",
            r"(?i:(?<=\b(?:veh|vehicle|reg|registration|car|van)\.?:?\s{1,3})"
            r"[a-z]{2}\d{2} ?[a-z]{3})\b",
            0.7,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "car", "vehicle", "reg", "registration", "van", "plate", "plates", "driving", "drives",
        "drove", "motorbike", "taxi",
    ]
    FLAGS = CASE_SENSITIVE


class TriageDateRecognizer(PatternRecognizer):
    """Full dates (day, month and year). Never weekdays, months, times or "last night"."""

    ENTITY = pii_types.DATE
    PATTERNS: ClassVar[list[Pattern]] = [Pattern("full_date", r"(?<![\w/.-])" + FULL_DATE, 0.6)]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY, patterns=list(self.PATTERNS), context=[],
            global_regex_flags=CASE_INSENSITIVE,
        )


class TriageDateOfBirthRecognizer(PatternRecognizer):
    """A date right after a birth cue ("DOB", "born on", "date of birth").

    The cue sits in a look-behind so the span is the date alone and outranks the
    plain DATE found on the same characters.
    """

    ENTITY = pii_types.DATE_OF_BIRTH
    _CUE = (
        r"(?=\d|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"
        r"(?<=\b(?:d\.?o\.?b\.?|date of birth|born(?:\s+on)?|birthday(?:\s+is)?|"
        r"birth date|b\.)\s*[:\-–(]?\s*)"
    )
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("dob_full", _CUE + FULL_DATE, 0.9),
        Pattern("dob_month_year", _CUE + rf"{_MONTH}\s+{_YEAR}\b", 0.8),
    ]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY, patterns=list(self.PATTERNS), context=[],
            global_regex_flags=CASE_INSENSITIVE,
        )


class TriageCaseReferenceRecognizer(PatternRecognizer):
    """Council case and referral numbers: prefixed codes, or any code after "ref"."""

    ENTITY = pii_types.CASE_REFERENCE
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("coded", r"\b[A-Z]{2,5}[-/]\d{2,4}[-/]\d{3,8}\b", 0.7),
        Pattern(
            "coded_short",
            r"\b(?i:CR|LCS|MASH|REF|CS|CP|CIN|EH|SC|CASE|RX|CAD|OCC)[-/ ]?\d{4,12}\b",
            0.7,
        ),
        Pattern("coded_year", r"\b(?i:[a-z]{2,4})/(?:19|20)\d{2}/\d{3,8}\b", 0.7),
        Pattern(
            "after_cue",
            r"(?=[A-Za-z0-9][A-Za-z0-9/-]*\d)(?<=\b(?i:ref(?:erence)?|case(?:\s+(?:number|no|id|ref))?|"
            r"referral\s+(?:number|no|id)|mosaic|lcs|eclipse|liquidlogic|cad|occurrence|"
            r"hospital\s+no|crime\s+(?:no|number|ref)|incident\s+(?:no|number))\.?\s*"
            r"(?i:no\.?|number|id)?\s*[:#]?\s*)"
            r"(?i:[A-Z]{2,4}[ -])?[A-Za-z0-9][A-Za-z0-9/-]{4,20}[A-Za-z0-9]\b",
            0.7,
        ),
    ]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY, patterns=list(self.PATTERNS), context=[],
            global_regex_flags=CASE_SENSITIVE,
        )
