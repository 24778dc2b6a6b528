"""Our presidio recognizers, tuned for UK children's social care referrals.

Each is a small class with its patterns, context words and checks as class constants
and one ``validate_result``/``invalidate_result`` hook, in the style of presidio's UK
recognizers. We write our own rather than enable presidio's because, measured on
referral-style text, its UK recognizers ship disabled, its postcode scores 0.1 without
a context word, its NHS recognizer accepts phone digits that pass mod 11, and its email
recognizer downloads the public suffix list. Nothing here touches the network.
"""

from __future__ import annotations

import re as std_re
from collections.abc import Iterable
from typing import ClassVar

import regex as re
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc, Token

from referrals import pii_types
from referrals.redaction import vocabulary as vocab

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

PLACEHOLDER_PATTERN = std_re.compile(r"\[[A-Z][A-Z_]*[A-Z](?:_\d+)?\]")
"""What our placeholders look like; recognizers' results inside one are dropped."""


class UkNhsRecognizer(PatternRecognizer):
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

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY, patterns=list(self.PATTERNS), context=self.CONTEXT,
            global_regex_flags=CASE_SENSITIVE,
        )

    def validate_result(self, pattern_text: str) -> bool:
        """True when the check digit is right (a remainder of 10 is never valid)."""
        digits = [int(c) for c in pattern_text if c.isdigit()]
        if len(digits) != 10 or len(set(digits)) == 1:
            return False
        total = sum(d * w for d, w in zip(digits[:9], self.WEIGHTS))
        check = 11 - total % 11
        check = 0 if check == 11 else check
        return check != 10 and check == digits[9]


class UkNinoRecognizer(PatternRecognizer):
    """National Insurance number: two prefix letters, six digits, suffix A-D."""

    ENTITY = pii_types.NI_NUMBER
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "nino",
            r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-TW-Z][A-CEGHJ-NP-TW-Z]"
            r"[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D]\b",
            0.85,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["national", "insurance", "ni", "nino"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY, patterns=list(self.PATTERNS), context=self.CONTEXT,
            global_regex_flags=CASE_INSENSITIVE,
        )


class UkPostcodeRecognizer(PatternRecognizer):
    """UK postcode; scores high with no context word, unlike presidio's 0.1."""

    ENTITY = pii_types.POSTCODE
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "postcode",
            r"(?<![\w-])(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b",
            0.8,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["postcode", "address", "lives", "living"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY, patterns=list(self.PATTERNS), context=self.CONTEXT,
            global_regex_flags=CASE_INSENSITIVE,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        """Lower-case look-alikes need a digit-letter mix that words never have."""
        return pattern_text.islower() and not any(c.isdigit() for c in pattern_text)


class UkPhoneRecognizer(PatternRecognizer):
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

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY, patterns=list(self.PATTERNS), context=self.CONTEXT,
            global_regex_flags=CASE_SENSITIVE,
        )

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


class EmailRecognizer(PatternRecognizer):
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

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY, patterns=list(self.PATTERNS), context=self.CONTEXT,
            global_regex_flags=CASE_INSENSITIVE,
        )


class UrlRecognizer(PatternRecognizer):
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

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY, patterns=list(self.PATTERNS), context=self.CONTEXT,
            global_regex_flags=CASE_INSENSITIVE,
        )


class SocialHandleRecognizer(PatternRecognizer):
    """Social media handles: ``@name`` anywhere, or a username right after a platform."""

    ENTITY = pii_types.SOCIAL_HANDLE
    _PLATFORM = (
        r"(?:snapchat|snap|instagram|insta|ig|tiktok|tik tok|facebook|fb|twitter|whatsapp|"
        r"discord|xbox|psn|playstation|roblox|kik|telegram|gamertag|username|user name|handle)"
    )
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("at_handle", r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?", 0.85),
        Pattern(
            "after_platform",
            r"(?<=\b" + _PLATFORM + r"(?:\s+(?:name|account|handle|username|id|is|as|called|"
            r"under|user))*\s*[:\-]?\s+[\"'‘“]?)"
            r"(?=[A-Za-z0-9_.-]*[\d_.])[A-Za-z0-9_][A-Za-z0-9_.-]{1,29}[A-Za-z0-9_]",
            0.7,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["snapchat", "instagram", "tiktok", "facebook", "handle"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY, patterns=list(self.PATTERNS), context=self.CONTEXT,
            global_regex_flags=CASE_INSENSITIVE,
        )


class UkVehicleRegistrationRecognizer(PatternRecognizer):
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

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY, patterns=list(self.PATTERNS), context=self.CONTEXT,
            global_regex_flags=CASE_SENSITIVE,
        )


class DateRecognizer(PatternRecognizer):
    """Full dates (day, month and year). Never weekdays, months, times or "last night"."""

    ENTITY = pii_types.DATE
    PATTERNS: ClassVar[list[Pattern]] = [Pattern("full_date", r"(?<![\w/.-])" + FULL_DATE, 0.6)]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY, patterns=list(self.PATTERNS), context=[],
            global_regex_flags=CASE_INSENSITIVE,
        )


class DateOfBirthRecognizer(PatternRecognizer):
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


def _alternation(words: Iterable[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


_NOT_A_NAME_START = (
    r"(?!(?:The|At|To|From|In|On|Her|His|Their|Our|Attends|Attending|Mum|Dad|Both|Local|"
    r"New|Current|Previous|Secondary|Primary|High|Nursery|School|Academy|Surgery|A|An|"
    r"And|Or|Of|Via|With|By|For|Called|Named|Said|Now|Then|When|She|He|They|It)\b)"
)
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|[A-Z]{2,}|C of E|CofE)"
_NAME_GLUE = r"(?:\s+(?:of|the|and|&|de|la|le|upon|on|in)\b)*"


_ADDRESS_STOP = (
    r"(?!(?:the|a|an|at|in|on|of|to|and|or|for|with|from|his|her|their|our|my|your|is|was|"
    r"were|are|be|been|has|had|have|by|as|but|so|if|then|than|that|this|these|those|who|"
    r"which|when|where|while|after|before|about|into|onto|over|under|children|child|times|"
    r"weeks|days|years|months|hours|minutes|year|month|week|day|people|officers|police|"
    r"flat|tel|dob|nhs|email|phone|school|referral|following|near|outside|behind|"
    r"attended|visited|lives|living|moved|stays|staying)\b)"
)
_ADDRESS_WORD = _ADDRESS_STOP + r"[A-Za-z][a-z'’]*(?:-[A-Za-z][a-z'’]*)?"
_BUILDING_TYPES = (
    "House", "Court", "Tower", "Lodge", "Mansions", "Buildings", "Point", "Heights", "Hall",
    "Place", "Block", "Flats", "Apartments", "Quay", "Works", "Mill",
)


class StreetAddressRecognizer(PatternRecognizer):
    """Street addresses: a house number or flat, street words, a street type, a town.

    "Flat 18, Holly View, Wellington Mews, Kirkby Lea" and "105 nelson way, thornbury
    cross" are both caught, in any case; the words between the number and the street
    type may not be function words, so "2 children at the park" is not an address. A
    care-of line ("c/o 12 Elm Road") keeps "c/o" and redacts the address.
    """

    ENTITY = pii_types.ADDRESS
    _TYPE = (
        r"(?:" + _alternation(vocab.STREET_TYPES + _BUILDING_TYPES) + r")\b\.?"
    )
    _PART = rf"(?:{_ADDRESS_WORD}\s+){{0,2}}{_ADDRESS_WORD}\s+{_TYPE}"
    _NUMBER = r"\d{1,4}[A-Za-z]?(?:-\d{1,4})?,?\s+"
    _FLAT = r"(?:flat|apartment|apt|unit|room|maisonette)\.?\s*\d{1,4}[A-Za-z]?,?\s+"
    _TOWN = (
        rf"(?:,\s*{_ADDRESS_WORD}(?:[\s-]+{_ADDRESS_WORD})?"
        r"(?=\s*(?:[,.;:)\n]|$|[A-Za-z]{1,2}\d|\s[A-Z])))?"
    )
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "flat_address",
            r"(?<![\w/])" + _FLAT + rf"(?:{_NUMBER})?{_PART}(?:,?\s+(?:{_NUMBER})?{_PART}){{0,2}}"
            + _TOWN,
            0.75,
        ),
        Pattern(
            "street_address",
            r"(?<![\w/])" + _NUMBER + _PART + rf"(?:,\s+{_PART})?" + _TOWN,
            0.75,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["address", "lives", "living", "c/o", "resides", "moved"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY, patterns=list(self.PATTERNS), context=self.CONTEXT,
            global_regex_flags=CASE_INSENSITIVE,
        )


_LOWER_NAME_WORD = (
    r"(?!(?:attends|attending|attend|attended|goes|went|go|local|new|previous|current|"
    r"secondary|nearby|same|another|village|mainstream|special|her|his|their|the|a|an|at|to|"
    r"from|in|of|and|or|for|with|by|our|its|this|that|is|was|no|not)\b)[a-z][a-z'’-]+"
)


class _SuffixNameRecognizer(PatternRecognizer):
    """Organisations named by words ending in a telling suffix ("Oakfield Primary School").

    The suffix is found first and the name words are then read backwards from it, which
    is several times faster than trying a long pattern at every position of the text.
    Capitalised names take any capitalised words; lower-case ones ("beechwood primary
    school") only a few non-function words before a clearly institutional suffix.
    """

    ENTITY: ClassVar[str]
    SUFFIXES: ClassVar[tuple[str, ...]]
    LOWER_CASE_SUFFIXES: ClassVar[tuple[str, ...]] = ()
    SCORES: ClassVar[dict[str, float]] = {"capitalised": 0.8, "lower_case": 0.6}
    WINDOW = 120

    def __init__(self) -> None:
        self.suffix_finder = re.compile(
            r"\b" + _alternation(self.SUFFIXES + self.LOWER_CASE_SUFFIXES) + r"\b", re.IGNORECASE
        )
        self.capitalised_head = re.compile(
            r"(?<![\w'’])" + _NOT_A_NAME_START + _NAME_WORD
            + r"(?:" + _NAME_GLUE + r"\s+" + _NAME_WORD + r"){0,5}\s+\Z"
        )
        self.lower_case_head = re.compile(
            r"(?<![\w'’])(?:" + _LOWER_NAME_WORD + r"\s+){0,2}" + _LOWER_NAME_WORD + r"\s+\Z"
        )
        super().__init__(
            supported_entity=self.ENTITY,
            patterns=[Pattern(self.ENTITY.lower(), self.suffix_finder.pattern, 0.0)],
            context=[], global_regex_flags=CASE_SENSITIVE,
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Each suffix with the name words that lead up to it."""
        results = []
        lower_suffixes = {s.lower() for s in self.LOWER_CASE_SUFFIXES}
        for match in self.suffix_finder.finditer(text):
            suffix = match.group(0)
            window_start = max(0, match.start() - self.WINDOW)
            window = text[window_start:match.start()]
            if suffix in self.SUFFIXES:
                head, kind = self.capitalised_head.search(window), "capitalised"
            elif suffix.islower() and suffix in lower_suffixes:
                head, kind = self.lower_case_head.search(window), "lower_case"
            else:
                continue
            if head is None:
                continue
            start = window_start + head.start()
            if self.invalidate_result(text[start:match.end()]):
                continue
            results.append(RecognizerResult(
                entity_type=self.ENTITY, start=start, end=match.end(), score=self.SCORES[kind],
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.__class__.__name__,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            ))
        return results

    def invalidate_result(self, pattern_text: str) -> bool:
        """Refuse "Primary School" and the like: the name part must not be generic."""
        words = pattern_text.split()
        head = [w for w in words if w.lower().strip("'’s.") not in vocab.NEVER_NAMES]
        return len(head) == 0 or all(w in self.SUFFIXES for w in words)


class SchoolNameRecognizer(_SuffixNameRecognizer):
    """Named schools, academies, colleges and nurseries ("Oakfield Primary School")."""

    ENTITY = pii_types.SCHOOL_NAME
    SUFFIXES = (
        "Primary School", "Primary Academy", "Junior School", "Infant School",
        "Infants School", "Junior and Infant School", "Secondary School", "High School",
        "Grammar School", "Community School", "School", "Academy", "College",
        "Nursery School", "Day Nursery", "Nursery", "Pre-School", "Preschool", "Pre-school",
        "Children's Centre", "Childrens Centre", "Family Centre", "Primary", "Infants",
        "Juniors", "Free School", "Sixth Form", "PRU", "Pupil Referral Unit", "Playgroup",
        "Childcare", "Kindergarten", "Children's Centre Nursery", "Childrens Centre Nursery",
        "Community Primary", "Primary Academy", "Church School", "Montessori",
    )
    LOWER_CASE_SUFFIXES: ClassVar[tuple[str, ...]] = (
        "primary school", "community primary", "primary academy", "infant school",
        "junior school", "high school", "grammar school", "academy", "playgroup", "childcare",
        "day nursery", "children's centre", "pre-school", "college",
    )


class GpPracticeRecognizer(_SuffixNameRecognizer):
    """Named GP practices, surgeries and medical or health centres."""

    ENTITY = pii_types.GP_PRACTICE
    SUFFIXES = (
        "Surgery", "Medical Centre", "Medical Center", "Medical Practice", "Health Centre",
        "Medical Group", "Family Practice", "Group Practice", "Health Practice", "Practice",
        "Primary Care Centre", "Healthcare Centre",
    )
    LOWER_CASE_SUFFIXES = (
        "surgery", "medical centre", "medical practice", "health centre", "group practice",
    )


class CaseReferenceRecognizer(PatternRecognizer):
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


# --- person names -----------------------------------------------------------------------

_SENTENCE_END = frozenset({".", "!", "?", "\n", ";", '"', "“", "”", "-", "–", "—", "•", "*"})


def _is_initial(token: Token, lower_doc: bool = False) -> bool:
    text = token.text
    return (len(text) == 1 and text.isupper() and text not in "IA") or (
        len(text) == 2 and (text[0].isupper() or lower_doc) and text[0].isalpha()
        and text[1] == "."
    )


def _word(token: Token) -> str:
    return token.lower_.strip("'’").removesuffix("'s").removesuffix("’s")


def _is_name_shaped(token: Token) -> bool:
    text = token.text
    return any(c.isalpha() for c in text) and all(c.isalpha() or c in "'’-." for c in text)


def _sentence_start(doc: Doc, i: int) -> bool:
    j = i - 1
    while j >= 0 and doc[j].is_space:
        if "\n" in doc[j].text:
            return True
        j -= 1
    if j < 0:
        return True
    previous = doc[j].text
    return previous in _SENTENCE_END or previous[-1] in ".!?" or "\n" in doc[j].whitespace_


class ContextNameRecognizer(EntityRecognizer):
    """Person names spaCy misses: listed names, and words after a title, role or label.

    Rules, per token: a capitalised word in the multi-origin name list is a name
    (everyday-word names like "Will" or "Hope" only with evidence or mid-sentence);
    a word after a title is a name even in lower case ("mr kowalczyk", "PC 3597 Bird");
    a capitalised word or a listed lower-case word after a role or form label is a
    name ("mum shazia", "baby Hope", "Victim: Jade"). Names then grow over neighbouring
    capitalised words, initials and the "SURNAME, First" form style. In a document
    written all in lower case, listed names count as if capitalised. Role words,
    public bodies, months and weekdays are never names.
    """

    ENTITY = pii_types.PERSON
    SCORES: ClassVar[dict[str, float]] = {
        "listed": 0.8, "context": 0.75, "grown": 0.7, "initials": 0.55, "subject": 0.55,
    }
    SUBJECT_VERBS = frozenset({
        "has", "had", "was", "says", "said", "does", "did", "told", "went", "gets", "got",
        "lives", "attends", "recognises", "stopped", "came", "'s", "’s", "and",
    })
    """After these, an everyday-word name opening a sentence is a person ("Summer has")."""
    SPEECH_VERBS = frozenset({"has", "had", "says", "said", "told", "disclosed"})
    """After these, even an unlisted capitalised word opening a sentence is a person."""
    LOWER_CASE_DOCUMENT = 0.02
    """Below this share of capitalised words, a document is treated as all lower case."""

    def __init__(self, stop_words: Iterable[str]) -> None:
        super().__init__(supported_entities=[self.ENTITY], name="ContextNameRecognizer")
        self.stop_words = frozenset(w.lower() for w in stop_words)
        self.names = vocab.all_names()
        self.curated = vocab.curated_names()
        self.ambiguous = vocab.COMMON_WORD_NAMES | vocab.VIRTUE_NAMES | self.stop_words

    def load(self) -> None:
        """Nothing to load: the name lists are read once when built."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Mark name tokens, grow them into runs, return one result per run."""
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        doc: Doc = nlp_artifacts.tokens
        words = [t for t in doc if t.is_alpha]
        capitalised = sum(1 for t in words if t.text[0].isupper())
        lower_doc = bool(words) and capitalised / len(words) < self.LOWER_CASE_DOCUMENT
        marks: dict[int, float] = {}
        for i, token in enumerate(doc):
            score = self._seed_score(doc, i, token, lower_doc)
            if score:
                marks[i] = score
        if not marks:
            return []
        self._grow(doc, marks, lower_doc)
        return self._runs(doc, marks)

    def _cue(self, doc: Doc, i: int) -> str | None:
        j = i - 1
        while j >= 0 and (_is_initial(doc[j]) or doc[j].text in (":", "-", "(")):
            j -= 1
        if j < 0 or doc[j].text in ("'s", "’s"):
            return None
        word = doc[j].lower_.rstrip(".")
        if doc[j].is_digit and j > 0 and doc[j - 1].lower_ in vocab.POLICE_RANKS:
            return "title"
        if word in vocab.TITLES or word in vocab.POLICE_RANKS:
            return "title"
        if word in vocab.ROLE_WORDS or word in vocab.NAME_CUE_WORDS:
            return "role"
        return None

    def _seed_score(self, doc: Doc, i: int, token: Token, lower_doc: bool) -> float:
        text = token.text
        if len(text) < 2 or not (token.is_alpha or _is_name_shaped(token)):
            return 0.0
        word = _word(token)
        if not word or word in vocab.NEVER_NAMES:
            return 0.0
        capitalised = text[0].isupper()
        if capitalised and len(text) <= 3 and text.isupper():
            return self.SCORES["initials"]  # "PN is a protective factor"; acronyms are never names
        listed = word in self.names if capitalised else word in self.curated
        if listed and (capitalised or (lower_doc and word not in self.ambiguous)):
            if word not in self.ambiguous:
                return self.SCORES["listed"]
            cue = self._cue(doc, i)
            if cue or (word not in self.stop_words and not _sentence_start(doc, i)):
                return self.SCORES["listed"]
            if self._followed_by_verb(doc, i):
                return self.SCORES["listed"]
            return 0.0
        if word in self.stop_words and not capitalised:
            return 0.0
        if (
            capitalised and i > 0 and _is_initial(doc[i - 1]) and doc[i - 1].whitespace_
            and word not in self.stop_words
        ):
            return self.SCORES["context"]  # "H Bird", "J. Smith"
        cue = self._cue(doc, i)
        if word in self.stop_words and cue != "role":
            return 0.0
        if cue == "title" and word not in self.SUBJECT_VERBS:
            return self.SCORES["context"]
        if cue == "role":
            if capitalised and (not _sentence_start(doc, i) or doc[i - 1].text == ":"):
                return self.SCORES["context"]
            if listed and (word not in self.ambiguous or word in vocab.VIRTUE_NAMES):
                return self.SCORES["context"]
        if capitalised and _sentence_start(doc, i) and i + 1 < len(doc) and (
            doc[i + 1].lower_ in self.SPEECH_VERBS and word not in self.stop_words
            and token.is_alpha and not text.isupper()
        ):
            return self.SCORES["subject"]  # "Elikem has no history of..."
        return 0.0

    def _followed_by_verb(self, doc: Doc, i: int) -> bool:
        if i + 1 >= len(doc):
            return False
        following = doc[i + 1].lower_
        if following == "is":
            return not (i + 2 < len(doc) and doc[i + 2].lower_ in ("that", "the", "a", "not"))
        return following in self.SUBJECT_VERBS or (
            following.endswith("ed") and doc[i + 1].is_lower and len(following) > 4
        )

    def _can_grow_into(self, doc: Doc, i: int, lower_doc: bool) -> bool:
        token = doc[i]
        word = _word(token)
        if not _is_name_shaped(token) or not word or word in vocab.NEVER_NAMES:
            return False
        if word in self.stop_words:
            return False
        if token.text[0].isupper():
            return True
        return word in self.curated and (lower_doc or word not in self.ambiguous)

    def _surname_like(self, doc: Doc, i: int, j: int) -> bool:
        """In lower-case text, the word after a known first name is taken as a surname."""
        token = doc[j]
        word = token.lower_
        return (
            _word(doc[i]) in vocab.first_names() and token.is_alpha and len(word) > 2
            and word not in self.stop_words and word not in vocab.NEVER_NAMES
            and word not in self.SUBJECT_VERBS and not word.endswith(("ed", "ing"))
        )

    def _is_caps_surname(self, token: Token) -> bool:
        text = token.text
        return (
            len(text) >= 2 and text.isupper() and text.isalpha()
            and text.lower() not in vocab.NEVER_NAMES and text.lower() not in self.stop_words
        )

    def _grow(self, doc: Doc, marks: dict[int, float], lower_doc: bool) -> None:
        grown = self.SCORES["grown"]
        for i in sorted(marks):
            j = i + 1
            while j < len(doc) and j not in marks:
                glue = doc[j - 1].whitespace_
                if doc[j].text == "-" and not glue and j + 1 < len(doc) and not doc[j].whitespace_:
                    j += 1
                    continue
                if glue not in (" ", "") or not (
                    self._can_grow_into(doc, j, lower_doc)
                    or (lower_doc and j == i + 1 and self._surname_like(doc, i, j))
                ):
                    break
                if not glue and doc[j - 1].text != "-":
                    break
                marks[j] = grown
                if doc[j - 1].text == "-":
                    marks[j - 1] = grown
                j += 1
        for i in sorted(marks, reverse=True):
            j = i - 1
            while j >= 0 and j not in marks and doc[j].whitespace_ == " ":
                token = doc[j]
                word = _word(token)
                listed = word in self.names or word in vocab.COMMON_WORD_NAMES
                capitalised_name = token.text[0].isupper() and word not in vocab.NEVER_NAMES and (
                    self._can_grow_into(doc, j, lower_doc) or listed
                )
                if _is_initial(token, lower_doc) or token.text == "A" or (
                    capitalised_name and (listed or not _sentence_start(doc, j))
                ):
                    marks[j] = grown
                    j -= 1
                else:
                    break
        # "SURNAME, First" form style (and "serban, darius" after a label in lower case)
        for i in sorted(marks):
            if (
                lower_doc and i >= 3 and doc[i - 1].text == "," and doc[i - 3].text == ":"
                and doc[i - 2].is_alpha and doc[i - 2].lower_ not in vocab.NEVER_NAMES
            ):
                marks[i - 2] = marks[i - 1] = grown
            if (
                i >= 2 and doc[i - 1].text == "," and i - 1 not in marks and i - 2 not in marks
                and self._is_caps_surname(doc[i - 2]) and doc[i - 1].whitespace_
            ):
                marks[i - 2] = marks[i - 1] = grown
            if i + 2 < len(doc) and doc[i + 1].text == "," and self._is_caps_surname(doc[i]):
                nxt = doc[i + 2]
                if i + 2 not in marks and nxt.text[0].isupper() and self._can_grow_into(
                    doc, i + 2, lower_doc
                ):
                    marks[i + 1] = marks[i + 2] = grown
                elif i + 2 in marks:
                    marks[i + 1] = grown

    def _runs(self, doc: Doc, marks: dict[int, float]) -> list[RecognizerResult]:
        runs: list[list[int]] = []
        for i in sorted(marks):
            if runs and i == runs[-1][-1] + 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        results: list[RecognizerResult] = []
        for run in runs:
            while run and doc[run[-1]].text in (",", "-"):
                run.pop()
            while run and doc[run[0]].text in (",", "-"):
                run.pop(0)
            if not run or all(_is_initial(doc[k]) for k in run):
                continue
            last = doc[run[-1]]
            end = last.idx + len(last.text)
            if last.text.endswith(("'s", "’s")):
                end -= 2
            results.append(self._result(doc[run[0]].idx, end, max(marks[k] for k in run)))
        return results

    def _result(self, start: int, end: int, score: float) -> RecognizerResult:
        return RecognizerResult(
            entity_type=self.ENTITY, start=start, end=end, score=score,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.__class__.__name__,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )


class SpacyPersonRecognizer(EntityRecognizer):
    """spaCy's PERSON entities, trimmed of titles and roles ("Mum Shazia" -> "Shazia").

    Only PERSON is used: spaCy's DATE would redact "last night" and "the weekend", and
    its ORG label is too loose for schools (the suffix recognizers handle those).
    """

    ENTITY = pii_types.PERSON
    SCORE = 0.85

    def __init__(self, stop_words: Iterable[str]) -> None:
        super().__init__(supported_entities=[self.ENTITY], name="SpacyPersonRecognizer")
        self.stop_words = frozenset(w.lower() for w in stop_words)

    def load(self) -> None:
        """Nothing to load: the spaCy model is owned by the NLP engine."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return each PERSON entity left after trimming words that are never names."""
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        results = []
        for entity in nlp_artifacts.tokens.ents:
            if entity.label_ != "PERSON":
                continue
            tokens = list(entity)
            while tokens and self._droppable(tokens[0]):
                tokens.pop(0)
            while tokens and (self._droppable(tokens[-1]) or not _is_name_shaped(tokens[-1])):
                tokens.pop()
            if not tokens or any(t.like_num or "@" in t.text for t in tokens):
                continue
            if all(_is_initial(t) or not t.text[0].isupper() for t in tokens):
                continue
            start = tokens[0].idx
            end = tokens[-1].idx + len(tokens[-1].text)
            if tokens[-1].text.endswith(("'s", "’s")):
                end -= 2
            results.append(
                RecognizerResult(
                    entity_type=self.ENTITY, start=start, end=end, score=self.SCORE,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.__class__.__name__,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
        return results

    def _droppable(self, token: Token) -> bool:
        word = _word(token)
        return (
            not word or word in vocab.NEVER_NAMES or word in self.stop_words
            or token.is_punct or token.is_space
        )


# --- per-request recognizers -------------------------------------------------------------

_SPACING = r"[\s,.\-]*"


def _flexible(value: str) -> str:
    """A regex for ``value`` that tolerates any spacing and punctuation between its parts."""
    parts = [p for p in std_re.split(r"[\s,.\-/]+", value.strip()) if p]
    return _SPACING.join(re.escape(p) for p in parts)


class KnownIdentifierRecognizer(EntityRecognizer):
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
            name="KnownIdentifierRecognizer",
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


RECOGNIZER_CLASSES: dict[str, type[EntityRecognizer]] = {
    cls.__name__: cls
    for cls in (
        UkNhsRecognizer, UkNinoRecognizer, UkPostcodeRecognizer, UkPhoneRecognizer,
        EmailRecognizer, UrlRecognizer, SocialHandleRecognizer, UkVehicleRegistrationRecognizer,
        DateRecognizer, DateOfBirthRecognizer, StreetAddressRecognizer, SchoolNameRecognizer,
        GpPracticeRecognizer, CaseReferenceRecognizer, ContextNameRecognizer,
        SpacyPersonRecognizer,
    )
}
"""Every recognizer a configuration may list, by class name."""

NEEDS_STOP_WORDS = frozenset({"ContextNameRecognizer", "SpacyPersonRecognizer"})
