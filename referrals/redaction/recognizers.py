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

WORD_NAME_KEY = "name_despite_word_list"
"""Result metadata: a name although its words are on the never-a-name lists (initials that
spell an acronym, "CP has"; a kinship word used as a first name, "Nana Agyeman")."""

PLACEHOLDER_PATTERN = std_re.compile(r"\[[A-Z][A-Z_]*[A-Z](?:_\d+)?\]")
"""What our placeholders look like; recognizers' results inside one are dropped."""


class ConstantPatternRecognizer(PatternRecognizer):
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


class UkNhsRecognizer(ConstantPatternRecognizer):
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


class UkNinoRecognizer(ConstantPatternRecognizer):
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


class UkPostcodeRecognizer(ConstantPatternRecognizer):
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

    def invalidate_result(self, pattern_text: str) -> bool:
        """Lower-case look-alikes need a digit-letter mix that words never have."""
        return pattern_text.islower() and not any(c.isdigit() for c in pattern_text)


class UkPhoneRecognizer(ConstantPatternRecognizer):
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


class EmailRecognizer(ConstantPatternRecognizer):
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


class UrlRecognizer(ConstantPatternRecognizer):
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


class SocialHandleRecognizer(ConstantPatternRecognizer):
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


class UkVehicleRegistrationRecognizer(ConstantPatternRecognizer):
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


class StreetAddressRecognizer(ConstantPatternRecognizer):
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


_LOWER_NAME_WORD = (
    r"(?!(?:attends|attending|attend|attended|goes|went|go|local|new|previous|current|"
    r"secondary|nearby|same|another|village|mainstream|special|her|his|their|the|a|an|at|to|"
    r"from|in|of|and|or|for|with|by|our|its|this|that|is|was|no|not|after|before|into|came|"
    r"come|comes|child|pupil|during|outside|inside|out|back|left|leaving|after-school)\b)"
    r"[a-z][a-z'’-]+"
)


SENTENCE_INSIDE = std_re.compile(r"\b(?![Ss]t\.)\w{2,}\.\s")
"""A full stop after a word inside a span: "MASH. School" is two sentences, not a name."""


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
    ANCHORED_LOWER_SUFFIXES: ClassVar[tuple[str, ...]] = ()
    """Generic lower-case suffixes ("nursery", "school"): taken only when the name follows
    "at", "from", "to", a label colon or a comma ("in y7 at millbrook secondary school")."""
    SCORES: ClassVar[dict[str, float]] = {"capitalised": 0.8, "lower_case": 0.6}
    WINDOW = 120

    def __init__(self) -> None:
        self.suffix_finder = re.compile(
            r"\b" + _alternation(
                self.SUFFIXES + self.LOWER_CASE_SUFFIXES + self.ANCHORED_LOWER_SUFFIXES
            ) + r"\b", re.IGNORECASE
        )
        self.anchored_head = re.compile(
            r"(?<=(?:\bat|\bfrom|\bto|:|,)\s+)(?!st\s+(?:school|nursery)\b)"
            + _LOWER_NAME_WORD + r"(?:\s+(?:(?:of|in|the|and|c|e|&)\s+)*"
            + _LOWER_NAME_WORD + r"){0,4}(?:\s+c\s+of\s+e)?\s+\Z"
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
        anchored_suffixes = {s.lower() for s in self.ANCHORED_LOWER_SUFFIXES}
        for match in self.suffix_finder.finditer(text):
            suffix = match.group(0)
            window_start = max(0, match.start() - self.WINDOW)
            window = text[window_start:match.start()]
            if suffix in self.SUFFIXES:
                head, kind = self.capitalised_head.search(window), "capitalised"
            elif suffix.islower() and suffix in lower_suffixes:
                head, kind = self.lower_case_head.search(window), "lower_case"
                if head is None and suffix in anchored_suffixes:
                    head = self.anchored_head.search(window)
            elif suffix.islower() and suffix in anchored_suffixes:
                head, kind = self.anchored_head.search(window), "lower_case"
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
        """Refuse "Primary School" and the like: the name part must not be generic.

        A name never runs across the end of a sentence ("known to the MASH. School report").
        """
        if SENTENCE_INSIDE.search(pattern_text):
            return True
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
    ANCHORED_LOWER_SUFFIXES = (
        "school", "nursery", "secondary school", "primary school", "free school",
        "junior and infant school", "infant school", "nursery school", "community school",
        "children's centre nursery", "childrens centre nursery", "pupil referral unit",
        "primary", "academy", "college", "church school",
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
    ANCHORED_LOWER_SUFFIXES = (
        "family practice", "medical group", "practice", "health practice", "surgery",
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


def _is_lower_initial(token: Token) -> bool:
    """ "j." or "r" in a lower-case document ("j. green", "r bell"); never "a" or "i"."""
    text = token.text
    return (len(text) == 1 and text.isalpha() and text not in "aiAI") or (
        len(text) == 2 and text[0].isalpha() and text[1] == "."
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


def reads_as_day(doc: Doc, i: int) -> bool:
    """A weekday that is a day: "on Sunday", "Sunday morning", "Sunday 12 May"."""
    if i > 0 and doc[i - 1].lower_ in vocab.DAY_BEFORE:
        return True
    if i + 1 < len(doc):
        following = doc[i + 1]
        if following.lower_ in vocab.DAY_AFTER or following.like_num or (
            following.lower_ in vocab.CALENDAR_WORDS
        ):
            return True
        if following.text == "," and i + 2 < len(doc) and doc[i + 2].like_num:
            return True
    return False


_ORGANISATION_WORDS = vocab.PUBLIC_BODIES | {
    "primary", "secondary", "playgroup", "pre-school", "preschool", "childcare", "infants",
    "juniors", "pre", "montessori", "kindergarten", "creche", "church", "mosque", "club",
}


def starts_organisation(doc: Doc, i: int) -> bool:
    """The capitalised run from ``i`` names a school, nursery or service ("Little Stars
    Playgroup", "Whitehall Primary School"): a job for the suffix recognizers."""
    j = i + 1
    while j < len(doc) and j <= i + 4 and doc[j].text[:1].isupper():
        if doc[j].lower_ in _ORGANISATION_WORDS:
            return True
        j += 1
    return False


def _noun_use(doc: Doc, i: int) -> bool:
    """ "Comfort was offered", "Patience is needed", "Gift vouchers": a noun-like given
    name opening a sentence (or after an article) used as the thing it names."""
    token = doc[i]
    if _word(token) not in vocab.NOUN_NAMES or i + 1 >= len(doc):
        return False
    if not (_sentence_start(doc, i) or doc[i - 1].lower_ in vocab.ARTICLES):
        return False
    following = doc[i + 1]
    if following.lower_ in ("is", "was", "were", "are") and i + 2 < len(doc):
        after = doc[i + 2].lower_
        return after.endswith("ed") or after in vocab.PAST_FORMS or after == "given"
    return following.is_alpha and following.is_lower and (
        following.lower_ not in ContextNameRecognizer.SUBJECT_VERBS
        and not following.lower_.endswith("ed") and following.lower_ not in vocab.PAST_FORMS
    )


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
        "denies", "denied", "reports", "reported", "disclosed", "discloses", "seemed", "seems",
        "forgot", "lost", "keeps", "kept", "presents", "presented", "works", "worked",
        "collapsed", "took", "takes", "wanted", "wants", "booked", "threatens", "threatened",
        "sent", "sends", "agreed", "agrees", "smelt", "smells", "worries", "helps", "helped",
        "would", "could", "can", "cannot", "will", "should", "may", "might", "must",
        "is", "isn't", "wasn't", "doesn't", "didn't", "hasn't", "hadn't", "won't", "can't",
        "appears", "appeared", "looks", "looked", "feels", "felt", "tells", "explained",
        "explains", "shouted", "hits", "hit", "left", "leaves", "arrived", "returned",
        "missed", "refused", "refuses", "admitted", "admits", "stated", "states", "asked",
        "asks", "needs", "needed", "became", "becomes", "ran", "runs", "goes", "comes",
        "sleeps", "slept", "cries", "cried", "started", "starts", "continues", "continued",
        "spoke", "speaks", "shared", "mentioned", "confirmed", "confirms", "described",
        "describes", "attended", "visited", "moved", "received", "remains", "remained",
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
        self.name_like = self.names | vocab.STOP_WORD_NAMES | (
            vocab.COMMON_WORD_NAMES - self.stop_words - vocab.NEVER_NAMES
        )
        """Listed names plus the everyday-word names ("bill", "will") kept off the lists."""
        self.curated = vocab.curated_names()
        self.ambiguous = (
            vocab.COMMON_WORD_NAMES | vocab.VIRTUE_NAMES | self.stop_words
            | vocab.word_surnames()
        )
        """Names that are also words: only with evidence ("Little", "Bond", "Heath")."""
        vocab.english_words()  # load the dictionary once, at build time

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
        word_names: set[int] = set()
        for i, token in enumerate(doc):
            if self._initials_as_subject(doc, i, lower_doc):
                marks[i] = self.SCORES["initials"]  # "CP has a life-limiting condition"
                word_names.add(i)
                continue
            if self._weekday_name(doc, i) or self._acronym_initials(doc, i):
                marks[i] = self.SCORES["listed"]  # "Sunday Ogunleye", "MS reports low mood"
                word_names.add(i)
                continue
            if _word(token) in vocab.NAME_ROLE_WORDS and (
                self._role_word_in_name(doc, i) or self._role_word_as_name(doc, i)
            ):
                marks[i] = self.SCORES["listed"]  # "Nana Agyeman is asking", not "her Nana"
                word_names.add(i)
                continue
            score = self._seed_score(doc, i, token, lower_doc)
            if score:
                marks[i] = score
        self._name_pairs(doc, marks)
        if not marks:
            return []
        self._grow(doc, marks, lower_doc)
        return self._runs(doc, marks, word_names)

    def _cue(self, doc: Doc, i: int) -> str | None:
        j = i - 1
        while j >= 0 and (_is_initial(doc[j]) or doc[j].text in (":", "-", "(")):
            j -= 1
        if j < 0 or doc[j].text in ("'s", "’s"):
            return None
        if doc[j].text == "," and j > 0 and doc[j - 1].lower_ in vocab.SIGN_OFF_WORDS:
            return "label"  # "Many thanks, Heath"
        if doc[j].lower_ == "is" and j > 0 and doc[j - 1].lower_ == "name":
            return "label"  # "my name is rasha darwish"
        word = doc[j].lower_.rstrip(".")
        if word in vocab.NAME_CUE_WORDS or (
            j + 1 < i and doc[j + 1].text == ":" and word in vocab.ROLE_WORDS
        ):
            return "label"  # "Victim: Jade", "parent: hope, rose", "referral about Kemi"
        if doc[j].is_digit and j > 0 and doc[j - 1].lower_ in vocab.POLICE_RANKS:
            return "title"
        if word in vocab.TITLES or word in vocab.POLICE_RANKS:
            return "title"
        if word in vocab.ROLE_WORDS:
            return "role"
        return None

    def _seed_score(self, doc: Doc, i: int, token: Token, lower_doc: bool) -> float:
        text = token.text
        if len(text) < 2 or not (token.is_alpha or _is_name_shaped(token)):
            return 0.0
        word = _word(token)
        if not word or word in vocab.NEVER_NAMES or _noun_use(doc, i):
            return 0.0
        if text[0].isupper() and word in self.ambiguous and starts_organisation(doc, i):
            return 0.0  # "Little Stars Playgroup", "Hope Street Surgery"
        capitalised = text[0].isupper()
        if not capitalised and word in self.SUBJECT_VERBS and self._cue(doc, i) != "title":
            return 0.0  # "juvenile said", "and said there was"
        if capitalised and len(text) <= 3 and text.isupper():
            return self.SCORES["initials"]  # "PN is a protective factor"; word_names are never names
        listed = (
            word in self.names or (word in vocab.COMMON_WORD_NAMES and (
                word not in self.stop_words or word in vocab.STOP_WORD_NAMES))
            if capitalised else word in self.curated
        )
        if listed and (capitalised or (lower_doc and word not in self.ambiguous)):
            if word not in self.ambiguous:
                return self.SCORES["listed"]
            cue = self._cue(doc, i)
            if word in self.stop_words and word not in vocab.STOP_WORD_NAMES:
                if cue == "title" or self._signs_off(doc, i) or self._stop_word_surname(doc, i):
                    return self.SCORES["listed"]  # "Mr He", "Many thanks, He"; not "He was"
                return 0.0
            if cue or (
                word not in self.stop_words and not _sentence_start(doc, i)
                and doc[i - 1].lower_ not in vocab.ARTICLES  # "the Summer holidays"
                and not (i + 1 < len(doc) and doc[i + 1].lower_ == "of")  # "Prince of Wales"
            ) or (
                word in vocab.STOP_WORD_NAMES and i > 0 and not _sentence_start(doc, i)
                and doc[i - 1].lower_ in vocab.PERSON_OBJECT_WORDS  # "contact with Will"
            ):
                return self.SCORES["listed"]
            if self._followed_by_verb(doc, i) or self._first_and_surname(doc, i, lower_doc):
                return self.SCORES["listed"]
            if self._opens_as_person(doc, i) or self._sign_off_line(doc, i):
                return self.SCORES["listed"]  # "Jade brought in with injury", "... MASH. Brown"
            return 0.0
        if (
            not capitalised and token.is_alpha and len(word) >= 3 and word not in self.stop_words
            and word in vocab.first_names() and not vocab.is_ordinary_word(word)
        ):
            return self.SCORES["listed"]  # "interactions with amina", a listed name in any case
        if not capitalised and i > 0 and doc[i - 1].lower_ in vocab.BEFORE_A_LOWER_NAME and (
            word in self.curated and word in vocab.first_names() and token.is_alpha
            and word not in self.ambiguous
        ):
            return self.SCORES["context"]  # "contact with filip after", "get jaswinder ready"
        if not capitalised and self._lower_word_name_as_subject(doc, i):
            return self.SCORES["subject"]  # "school report that precious is well presented"
        if capitalised and word in self.stop_words and self._signs_off(doc, i):
            return self.SCORES["context"]  # "Many thanks, He": a surname that is a stop word
        if word in self.stop_words and not capitalised:
            return 0.0
        if i > 0 and doc[i - 1].whitespace_ and word not in self.stop_words and (
            (capitalised and _is_initial(doc[i - 1]))
            or (not capitalised and self._lower_initial_before(doc, i - 1)
                and word in vocab.surnames())
            or (lower_doc and _is_lower_initial(doc[i - 1]) and (
                word in self.name_like or self._unknown(token)))
        ):
            return self.SCORES["context"]  # "H Bird", "J. Smith", "j. green" in lower case
        cue = self._cue(doc, i)
        if word in self.stop_words and cue not in ("role", "label"):
            return 0.0
        if cue == "title" and word not in self.SUBJECT_VERBS:
            return self.SCORES["context"]
        if cue == "label" and word not in self.stop_words and (
            capitalised or (self._unknown(token) and (
                lower_doc or doc[i - 1].lower_ not in vocab.TOPIC_WORDS
                or (i + 1 < len(doc) and self._lower_surname(doc, i + 1))
            )) or (word in self.name_like and (lower_doc or not vocab.is_ordinary_word(word)))
        ):
            return self.SCORES["context"]  # "re: jack evans", "i am referring shauna"
        if cue in ("role", "label"):
            if capitalised and (not _sentence_start(doc, i) or doc[i - 1].text in (":", ",")):
                return self.SCORES["context"]
            if listed and (word not in self.ambiguous or word in vocab.VIRTUE_NAMES):
                return self.SCORES["context"]
            if (
                cue == "role" and doc[i - 1].lower_ in vocab.KIN_WORDS
                and word in vocab.first_names()
                and (word in self.curated or word not in vocab.english_words())
                and word not in vocab.COMMON_WORD_NAMES and word not in vocab.PAST_FORMS
                and word not in self.SUBJECT_VERBS
                and (token.is_alpha and word not in vocab.ABSTRACT_NAMES)
            ):
                return self.SCORES["context"]  # "mum dalia", "baby billy"
            topic = not lower_doc and doc[i - 1].lower_ in vocab.TOPIC_WORDS
            if self._unknown(token) and not topic and (
                lower_doc or capitalised or self._introduces(doc, i) or self._ends_phrase(doc, i)
            ):
                return self.SCORES["context"]  # "mum yvonne", "juvenile dede"
        if word in self.stop_words:
            return 0.0
        if capitalised and _sentence_start(doc, i) and i + 1 < len(doc) and (
            doc[i + 1].lower_ in self.SPEECH_VERBS and token.is_alpha and not text.isupper()
        ):
            return self.SCORES["subject"]  # "Elikem has no history of..."
        if self._first_and_surname(doc, i, lower_doc):
            return self.SCORES["listed"]  # "summer bell has", "Faith LAMB found"
        if (self._unknown(token) or (self._name_in_case(token, lower_doc) and self._free_standing(
                doc, i))) and (
            self._introduces(doc, i) or (
                i + 1 < len(doc) and doc[i].whitespace_ == " "
                and (self._unknown(doc[i + 1]) or self._name_in_case(doc[i + 1], lower_doc))
                and self._introduces(doc, i + 1)
            )
        ):
            return self.SCORES["subject"]  # "gifty denies", "rocco sharpe has", "Nii (aged 7)"
        if capitalised and not text.isupper() and not _sentence_start(doc, i) and (
            doc[i - 1].lower_ not in vocab.ARTICLES and self._introduces(doc, i)
        ) and (word in self.name_like or self._unknown(token)):
            return self.SCORES["subject"]  # "Staff have noticed that Wisdom goes missing"
        if capitalised and not text.isupper() and self._acted_on(doc, i):
            return self.SCORES["context"]  # "ignores Rahaf", "a fight with Sharmarke"
        if self._names_role(doc, i) and (capitalised or listed or self._unknown(token)):
            return self.SCORES["context"]  # "Nusrat Nawaz, Housing Officer"
        if capitalised and self._sign_off_line(doc, i):
            return self.SCORES["context"]  # a closing line: "White"
        return 0.0

    def _opens_as_person(self, doc: Doc, i: int) -> bool:
        """A listed first name opening a sentence, then what only a person does: an
        irregular past ("Jade brought in"), "is not"/"is a" ("Mason is a protective
        factor"), or an apposition ("Joy, a non-mobile baby,")."""
        word = _word(doc[i])
        if i + 2 >= len(doc) or word in self.stop_words or word in vocab.MONTHS:
            return False
        following, after = doc[i + 1].lower_, doc[i + 2].lower_
        if word in vocab.COMMON_WORD_NAMES:
            return following == "is" and after in ("a", "not") and (
                i + 3 < len(doc) and doc[i + 3].lower_ in ("protective", "aware", "known")
            )  # "Long is a protective factor"
        if word not in vocab.first_names():
            return False
        if following in vocab.PAST_FORMS:
            return True
        if following in ("is", "was") and after in ("a", "an", "not"):
            return True
        if following == "not" and (after in vocab.PAST_FORMS or after.endswith("ed")):
            return True
        return following == "," and after in ("a", "an", "aged", "who", "whom")

    def _lower_word_name_as_subject(self, doc: Doc, i: int) -> bool:
        """A listed first name in lower case in a mixed-case text, as the subject of a
        verb ("reports ruby has", "that honey keeps"), not after a word that makes it a
        noun ("the sky is", "her joy was") and never one of the everyday-word names."""
        token = doc[i]
        word = _word(token)
        # only curated names: the compiled lists hold words ("harm")
        if not token.is_alpha or word in self.stop_words or word in vocab.COMMON_WORD_NAMES or (
            word not in self.curated
            or (word not in vocab.first_names() and word not in vocab.VIRTUE_NAMES)
        ):
            return False
        before = doc[i - 1].lower_ if i > 0 else ""
        if before not in vocab.CLAUSE_VERBS and i > 0 and (
            before in vocab.BEFORE_A_COMMON_WORD or (
                doc[i - 1].is_alpha and before not in self.stop_words
                and before not in self.SUBJECT_VERBS and before not in vocab.NEVER_NAMES
                and not before.endswith(("ed", "s")))
        ):
            return False  # "finger mark was", "lost faith": an adjective or noun before it
        if i + 2 < len(doc) and doc[i + 1].lower_ == "is" and (
            doc[i + 2].lower_ == "that"
            or (word in vocab.ABSTRACT_NAMES and doc[i + 2].lower_ in ("a", "an", "the"))
        ):
            return False  # "hope is that", "faith is a big part of family life"
        return self._introduces(doc, i) or (
            i + 1 < len(doc) and (doc[i + 1].lower_ in ("keeps", "cries", "just", "often")
                                  or doc[i + 1].lower_ in vocab.PAST_FORMS)
        )

    @staticmethod
    def _lower_initial_before(doc: Doc, j: int) -> bool:
        """A lower-case initial before a surname: "t. marsh" anywhere, "t marsh" opening
        a sentence."""
        text = doc[j].text
        if len(text) == 2 and text[0].isalpha() and text[1] == ".":
            return True
        return len(text) == 1 and text.isalpha() and text not in "aiAI" and (
            text.islower() and _sentence_start(doc, j)
        )

    def _stop_word_surname(self, doc: Doc, i: int) -> bool:
        """ "B Do", "Mai Do", "M He": a surname that is also a stop word, capitalised right
        after an initial or a listed first name."""
        token = doc[i]
        if token.text.isupper() or _sentence_start(doc, i) or i == 0 or (
            doc[i - 1].whitespace_ != " " or _word(token) not in vocab.COMMON_WORD_NAMES
        ):
            return False
        before = doc[i - 1]
        return _is_initial(before) or (
            before.text[:1].isupper() and _word(before) in vocab.first_names()
            and _word(before) not in self.stop_words
        )

    def _signs_off(self, doc: Doc, i: int) -> bool:
        """The last word of the text, after "Many thanks," or "Kind regards,"."""
        return (
            i >= 2 and doc[i - 1].text == "," and doc[i - 2].lower_ in vocab.SIGN_OFF_WORDS
            and all(t.is_space or t.is_punct for t in doc[i + 1:])
        )

    def _acted_on(self, doc: Doc, i: int) -> bool:
        """An unknown capitalised word mid-sentence after a word that acts on a person
        ("ignores Rahaf", "reported missing by Nusrat"), and not the first word of a
        place or body ("with Westmere Council")."""
        token = doc[i]
        if i == 0 or _sentence_start(doc, i) or not self._unknown(token):
            return False
        if doc[i - 1].lower_ not in vocab.PERSON_OBJECT_WORDS:
            return False
        if i + 1 < len(doc) and doc[i + 1].is_alpha and doc[i + 1].text[0].isupper():
            following = doc[i + 1].lower_
            return following not in vocab.NEVER_NAMES and following.capitalize() not in (
                vocab.STREET_TYPES
            )
        return True

    def _weekday_name(self, doc: Doc, i: int) -> bool:
        """ "Sunday Ogunleye", "OBI, Sunday", "the child Sunday", "Sunday is scapegoated":
        a day or month word that names a person, and never one that reads as a date."""
        token = doc[i]
        word = _word(token)
        if word in vocab.NAMED_MONTH_ABBREVIATIONS and self._month_abbreviation_name(doc, i):
            return True
        if word not in vocab.CALENDAR_NAMES or not token.text[0].isupper() or (
            token.text.isupper()
        ):
            return False
        if i + 1 < len(doc) and token.whitespace_ == " ":
            following = doc[i + 1]
            surname = _word(following)
            if following.is_alpha and following.text[0].isupper() and (
                surname not in vocab.NEVER_NAMES and surname not in self.stop_words
                and (surname in vocab.surnames() or self._unknown(following))
            ):
                return True  # "Sunday Ogunleye", "June Brown"
        if word not in vocab.WEEKDAY_NAMES:
            return False
        if i >= 2 and doc[i - 1].text == "," and self._is_caps_surname(doc[i - 2]):
            return True  # "OBI, Sunday"
        before = doc[i - 1].lower_ if i > 0 else ""
        if i + 1 < len(doc) and doc[i + 1].lower_ in vocab.WEEKDAY_NAME_VERBS and before not in (
            "on", "every", "last", "next", "by", "until", "since", "from", "till"
        ):
            return True  # "I observed that Sunday seemed anxious"
        if reads_as_day(doc, i):
            return False
        if i > 0 and (self._cue(doc, i) in ("role", "label") or (
            doc[i - 1].lower_ in vocab.BEFORE_A_NAMED_DAY
            and i + 1 < len(doc) and doc[i + 1].text in (";", ".", ",", ")")
        )):
            return True  # "the child Sunday", "Juvenile Sunday", "spoke to Sunday;"
        if i + 1 >= len(doc):
            return False
        following = doc[i + 1].lower_
        if following in ("is", "was") and i + 2 < len(doc) and doc[i + 2].lower_ in (
            "a", "an", "the", "always", "usually", "normally", "when", "my", "our", "his", "her"
        ):
            return False  # "Sunday was a good day"
        return (
            following in vocab.WEEKDAY_NAME_VERBS or following in vocab.PAST_FORMS
            or (following in self.SUBJECT_VERBS and following not in (
                "and", "'s", "’s", "will", "would", "can", "could", "should", "may", "might",
                "must"))
            or (following.endswith("ed") and doc[i + 1].is_lower and len(following) > 4)
        )

    def _month_abbreviation_name(self, doc: Doc, i: int) -> bool:
        """ "The pupil Jun is", "told Jun off", "jun chan", "put jun into care": the name,
        never beside a number ("12 jun 2024") and never "Jun." (the abbreviation)."""
        token = doc[i]
        if i + 1 >= len(doc) or (i > 0 and doc[i - 1].like_num) or doc[i + 1].like_num:
            return False
        before = doc[i - 1].lower_ if i > 0 else ""
        following = doc[i + 1]
        if token.text.istitle():
            return following.text != "." and (
                self._cue(doc, i) in ("role", "label") or self._followed_by_verb(doc, i)
                or before in vocab.PERSON_OBJECT_WORDS or (
                    before in ("to", "from") and (
                        following.text in (";", ")") or following.lower_.endswith("ing")))
            )
        if not token.is_lower:
            return False
        if before in vocab.PERSON_OBJECT_WORDS or before in ("put", "puts"):
            return True  # "threatens to put jun into care"
        return (following.is_lower and _word(following) in vocab.surnames()) or (
            following.lower_ in self.SUBJECT_VERBS and following.lower_ != "and"
        )

    def _acronym_initials(self, doc: Doc, i: int) -> bool:
        """Capitals that spell a kept abbreviation but act as someone's initials: "MS
        reports low mood", "DR is being forced", "EH, who is open", "GP (10 year old)"."""
        text = doc[i].text
        if not (len(text) == 2 and text.isalpha() and text.isupper()):
            return False
        word = text.lower()
        if word not in vocab.INITIALS_LIKE_ACRONYMS:
            return False
        if i + 2 < len(doc) and doc[i + 1].text == "," and doc[i + 2].lower_ in ("who", "whom"):
            return True
        if i + 2 < len(doc) and doc[i + 1].text == "(" and (
            doc[i + 2].like_num or doc[i + 2].lower_ in ("aged", "age", "dob")
        ):
            return True
        if word == "gp" or i + 1 >= len(doc):
            return False
        following = doc[i + 1].lower_
        return (following in self.SUBJECT_VERBS and following not in ("and", "'s", "’s")) or (
            following.endswith("ed") and doc[i + 1].is_lower and len(following) > 4
        )

    def _name_in_case(self, token: Token, lower_doc: bool) -> bool:
        """A listed name as written: capitalised, or in lower case where that is no word
        (or, in an all-lower-case document, a hand-curated name such as "mason")."""
        word = _word(token)
        if word not in self.name_like or word in self.stop_words:
            return False
        if token.text[0].isupper() or not vocab.is_ordinary_word(word):
            return True
        return lower_doc and (word in self.curated or word in vocab.COMMON_WORD_NAMES)

    def _free_standing(self, doc: Doc, i: int, pair: bool = False) -> bool:
        """Not after a word that makes an everyday word of it ("a mark", "the rose").

        Before a first name and surname only determiners count ("to destiny clarke").
        """
        words = vocab.DETERMINERS if pair else vocab.BEFORE_A_COMMON_WORD
        return i == 0 or doc[i - 1].lower_ not in words

    def _initials_as_subject(self, doc: Doc, i: int, lower_doc: bool) -> bool:
        """Initials that also spell an acronym ("CP", "SW"): a person only as a subject."""
        text = doc[i].text
        if not (len(text) == 2 and text.isalpha()):
            return False  # three-letter acronyms are agencies far more often than initials
        word = text.lower()
        if word in vocab.ROLE_WORDS or word in vocab.KEPT_ACRONYMS or word in self.stop_words or (
            word in vocab.SUBJECT_ACRONYMS
        ):
            return False
        if text.isupper():
            if word not in vocab.NEVER_NAMES:
                return False  # handled as ordinary initials
        elif not (lower_doc and text.islower() and not vocab.is_ordinary_word(word)):
            return False
        return self._introduces(doc, i) or (i > 0 and doc[i - 1].lower_ in ("referring", "refer"))

    def _role_word_in_name(self, doc: Doc, i: int) -> bool:
        """A kinship word that is also a first name, before a surname ("Nana Quaye")."""
        token = doc[i]
        if not token.text[0].isupper() or i + 1 >= len(doc) or token.whitespace_ != " ":
            return False
        following = doc[i + 1]
        word = _word(following)
        if not following.text[0].isupper() or not following.is_alpha or (
            word in vocab.NEVER_NAMES or word in self.stop_words
        ):
            return False
        if i > 0 and (
            doc[i - 1].lower_ in vocab.PAIR_DETERMINERS or doc[i - 1].text in ("'s", "’s")
        ):
            return False  # "her Nana Agyeman"; but "show that Son LAM says"
        return word in vocab.surnames() or self._unknown(following) or following.text.isupper()

    def _role_word_as_name(self, doc: Doc, i: int) -> bool:
        """ "look after Nana in the mornings", "the child Son": capitalised mid-sentence;
        opening a sentence only before a verb of a person ("Nana denies", "Son held"),
        never "said" or "told", which a grandmother or a son does as often."""
        token = doc[i]
        if not token.text[0].isupper() or token.text.isupper():
            return False
        if _sentence_start(doc, i):
            if i + 1 >= len(doc):
                return False
            following = doc[i + 1].lower_
            return following not in ("said", "says", "told", "tells", "is", "was", "and") and (
                following in vocab.WEEKDAY_NAME_VERBS or following in vocab.PAST_FORMS
                or following in ("lost", "held", "presents", "attended", "disclosed")
            )
        if doc[i - 1].lower_ == "that" and i + 1 < len(doc) and (
            doc[i + 1].lower_ in vocab.PAST_FORMS or doc[i + 1].lower_ in vocab.WEEKDAY_NAME_VERBS
        ):
            return True  # "The child disclosed that Son held a knife"
        return self._role_word_in_name(doc, i) or not (
            doc[i - 1].lower_ in vocab.DETERMINERS or doc[i - 1].text in ("'s", "’s")
        )

    def _first_and_surname(self, doc: Doc, i: int, lower_doc: bool) -> bool:
        """A listed first name followed by a surname is a name, even if both are words."""
        token = doc[i]
        if i + 1 >= len(doc) or token.whitespace_ != " ":
            return False
        word = _word(token)
        if (word not in vocab.first_names() and word not in vocab.VIRTUE_NAMES) or (
            word in self.stop_words
        ):
            return False
        following = doc[i + 1]
        surname = _word(following)
        if not following.is_alpha or len(surname) < 2 or surname in vocab.NEVER_NAMES or (
            surname in self.stop_words
        ):
            return False
        if token.text[0].isupper():
            return following.text[0].isupper() and (
                surname in vocab.surnames() or following.text.isupper() or self._unknown(following)
            )
        free = i == 0 or doc[i - 1].lower_ not in vocab.PAIR_DETERMINERS
        return following.is_lower and free and (
            surname in vocab.surnames() or (lower_doc and self._unknown(following))
        )

    @staticmethod
    def _ends_phrase(doc: Doc, i: int) -> bool:
        """Followed by punctuation or the end of the text ("her partner, kwame, said")."""
        return i + 1 >= len(doc) or doc[i + 1].is_punct or doc[i + 1].is_space

    def _names_role(self, doc: Doc, i: int) -> bool:
        """Followed by ", Housing Officer" or "(Designated Safeguarding Lead)"."""
        return (
            i + 2 < len(doc) and doc[i + 1].text in (",", "(")
            and doc[i + 2].lower_ in vocab.ROLE_WORDS and doc[i + 2].lower_ not in (
                "and", "child", "children", "family", "baby", "parents", "mum", "dad")
        )

    def _sign_off_line(self, doc: Doc, i: int) -> bool:
        """The document's last line is one to three capitalised words: the writer's name."""
        if not _sentence_start(doc, i):
            return False
        line: list[Token] = []
        for j in range(i, len(doc)):
            if not doc[j].is_space:
                if len(line) == 3 or (line and "\n" in doc[j - 1].whitespace_ + doc[j - 1].text):
                    return False  # too long, or not the last line
                line.append(doc[j])
        return 1 <= len(line) <= 3 and all(
            t.text[0].isupper() and t.is_alpha and _word(t) not in vocab.NEVER_NAMES
            and _word(t) not in self.stop_words and _word(t) not in vocab.SIGN_OFF_WORDS
            and (_word(t) in self.name_like or self._unknown(t))
            for t in line if not t.is_space
        )

    def _unknown(self, token: Token) -> bool:
        """A word that is no ordinary English word: a name where a name can stand."""
        word = _word(token)
        return (
            len(word) >= 2 and token.is_alpha
            and (token.i == 0 or token.doc[token.i - 1].whitespace_ != ""
                 or not token.doc[token.i - 1].text[-1].isalnum())  # not "I've" -> "ve"
            and word not in self.stop_words
            and word not in vocab.NEVER_NAMES and not vocab.is_ordinary_word(word)
        )

    def _introduces(self, doc: Doc, i: int) -> bool:
        """The token is followed by a verb of a subject, an age or a date of birth."""
        if i + 1 >= len(doc):
            return False
        following = doc[i + 1].lower_
        if (following in self.SUBJECT_VERBS and following != "and") or (
            following.endswith("ed") and doc[i + 1].is_lower and len(following) > 4
        ):
            return True
        if following in ("(", ",") and i + 2 < len(doc):
            after = doc[i + 2].lower_
            return after in ("aged", "age", "dob", "d.o.b", "d.o.b.", "born") or (
                doc[i + 2].like_num and following == ","
                and i + 3 < len(doc) and doc[i + 3].text in (",", ")")
            )
        return False

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
            # "Lei He", "Thi Ho": a surname that is also a stop word, capitalised after a name
            if token.is_lower and word in vocab.COMMON_WORD_NAMES and i > 0 and (
                doc[i - 1].is_lower and _word(doc[i - 1]) in vocab.first_names()
                and i + 1 < len(doc) and (
                    doc[i + 1].text in (",", "(", ")", ".", ";", ":")
                    or (doc[i + 1].lower_.endswith("ed") and len(doc[i + 1].text) > 4)
                )
            ):
                return True  # "parent: jing he, tel ...", "jing he booked late"; not "jing he was"
            return (
                word in vocab.COMMON_WORD_NAMES and token.text[0].isupper()
                and not token.text.isupper() and i > 0 and doc[i - 1].text[0].isupper()
            )
        if token.text[0].isupper():
            return True
        if word in self.curated and (lower_doc or word not in self.ambiguous):
            return True
        if i > 0 and doc[i - 1].is_lower and word in vocab.surnames() and (
            word not in self.SUBJECT_VERBS
        ):
            return True  # "filsan barre": a listed surname after a lower-case name
        return self._unknown(token)

    def _surname_like(self, doc: Doc, i: int, j: int) -> bool:
        """In lower-case text, the word after a known first name is taken as a surname."""
        token = doc[j]
        word = token.lower_
        return (
            _word(doc[i]) in vocab.first_names() and token.is_alpha and len(word) > 2
            and word not in self.stop_words and word not in vocab.NEVER_NAMES
            and word not in self.SUBJECT_VERBS and not word.endswith(("ed", "ing"))
            and (word in vocab.surnames() or not vocab.is_ordinary_word(word))
        )

    def _lower_surname(self, doc: Doc, i: int) -> bool:
        token = doc[i]
        word = _word(token)
        return token.is_alpha and token.is_lower and word not in self.stop_words and (
            word not in vocab.NEVER_NAMES) and (
            word in self.name_like or word in vocab.surnames() or self._unknown(token))

    def _is_caps_surname(self, token: Token) -> bool:
        text = token.text
        return (
            len(text) >= 2 and text.isupper() and text.replace("'", "").replace("’", "")
            .replace("-", "").isalpha()
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
                    doc[j + 1].is_lower and _word(doc[j + 1]) in vocab.surnames()
                    and self._lower_initial_before(doc, j)
                ) or (
                    capitalised_name and (
                        listed or not _sentence_start(doc, j) or self._unknown(token))
                ) or (lower_doc and (
                    _is_lower_initial(token) or self._unknown(token) or (
                        word in vocab.first_names() and word not in self.stop_words
                        and self._free_standing(doc, j, pair=True)))
                ):
                    marks[j] = grown
                    j -= 1
                else:
                    break
        # "SURNAME, First" form style (and "serban, darius" after a label in lower case)
        for i in sorted(marks):
            if lower_doc and i >= 2 and doc[i - 1].text == "," and i - 2 not in marks and (
                self._lower_surname(doc, i - 2)
            ) and (i < 3 or doc[i - 3].text != ","):
                marks[i - 2] = marks[i - 1] = grown  # "sending msgs to walker, kayleigh"
            if lower_doc and i + 2 < len(doc) and doc[i + 1].text == "," and (
                i + 2 not in marks and self._cue(doc, i) == "label"
                and (self._lower_surname(doc, i + 2) or _word(doc[i + 2]) in self.name_like)
            ):
                marks[i + 1] = marks[i + 2] = grown  # "parent: hope, rose"
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
                if i + 2 not in marks and nxt.text[0].isupper() and not starts_organisation(
                    doc, i + 2
                ) and (
                    self._can_grow_into(doc, i + 2, lower_doc)
                    or _word(nxt) in vocab.WEEKDAY_NAMES | vocab.STOP_WORD_NAMES
                ):
                    marks[i + 1] = marks[i + 2] = grown
                elif i + 2 in marks:
                    marks[i + 1] = grown

    def _name_pairs(self, doc: Doc, marks: dict[int, float]) -> None:
        """Mark the form styles "ADDO, Selorm" and "chan, ting" (a surname, a comma, a
        first name) and a second person joined by "and" ("Hafsa and Jaswinder")."""
        grown = self.SCORES["grown"]
        for i in range(len(doc) - 2):
            first, comma, second = doc[i], doc[i + 1], doc[i + 2]
            if comma.text != "," or not comma.whitespace_:
                continue
            surname, given = _word(first), _word(second)
            if self._is_caps_surname(first) and second.text[:1].isupper() and (
                not starts_organisation(doc, i + 2) and doc[i + 2].lower_ not in _ORGANISATION_WORDS
            ) and (
                not second.text.isupper() and second.is_alpha and given not in vocab.NEVER_NAMES
                and given not in self.stop_words
                and (given in self.names or given not in vocab.english_words())
                and (surname in vocab.surnames() or surname not in vocab.english_words())
            ) or first.is_lower and second.is_lower and (
                surname in vocab.surnames() or surname in vocab.first_names()
            ) and (
                surname in self.curated and surname not in vocab.english_words()
                and given in vocab.first_names() and given in self.curated
                and given not in self.stop_words
            ):
                marks[i] = marks[i + 1] = marks[i + 2] = grown
        for i in sorted(marks):
            j = i + 2
            if j < len(doc) and j not in marks and doc[i + 1].lower_ == "and" and (
                doc[i].text[:1].isupper() and doc[j].text[:1].isupper() and doc[j].is_alpha
                and not doc[j].text.isupper() and self._unknown(doc[j])
            ):
                marks[j] = grown

    def _runs(
        self, doc: Doc, marks: dict[int, float], word_names: set[int]
    ) -> list[RecognizerResult]:
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
            result = self._result(doc[run[0]].idx, end, max(marks[k] for k in run))
            if all(k in word_names for k in run):
                result.recognition_metadata[WORD_NAME_KEY] = True
            results.append(result)
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
            if len(tokens) == 1 and _noun_use(nlp_artifacts.tokens, tokens[0].i):
                continue  # "Gift vouchers were given"
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
