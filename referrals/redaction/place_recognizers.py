"""Recognizers for places people live and go: street addresses, schools and nurseries, GP
practices.

Addresses are read by shape (a number or flat, street words, a street type, a town);
schools and practices by a telling suffix ("Primary School", "Medical Centre") and the
name words that lead up to it.
"""

from __future__ import annotations

import re as std_re
from collections.abc import Iterable
from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from referrals import pii_types
from referrals.redaction import vocabulary as vocab
from referrals.redaction.casing import opens_sentences_with_capitals
from referrals.redaction.pattern_recognizers import CASE_SENSITIVE, TriageConstantPatternRecognizer


def _alternation(words: Iterable[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


_NOT_A_NAME_START = (
    r"(?!(?:The|At|To|From|In|On|Her|His|Their|Our|Attends|Attending|Mum|Dad|Both|Local|"
    r"Risk|Very|Medium|Low|Priority|Level|Rated|Standard|DASH|"
    r"New|Current|Previous|Secondary|Primary|High|Nursery|School|Academy|Surgery|A|An|"
    r"And|Or|Of|Via|With|By|For|Called|Named|Said|Now|Then|When|She|He|They|It)\b)"
)
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|[A-Z]{2,}|C of E|CofE)"
_NAME_GLUE = r"(?:[ \t]+(?:of|the|and|&|de|la|le|upon|on|in)\b)*"


_ADDRESS_STOP = (
    r"(?!(?:the|a|an|at|in|on|of|to|and|or|for|with|from|his|her|their|our|my|your|is|was|"
    r"were|are|be|been|has|had|have|by|as|but|so|if|then|than|that|this|these|those|who|"
    r"which|when|where|while|after|before|about|into|onto|over|under|children|child|times|"
    r"weeks|days|years|months|hours|minutes|year|month|week|day|people|officers|police|"
    r"flat|tel|dob|nhs|email|phone|school|referral|following|near|outside|behind|"
    r"attended|visited|lives|living|moved|stays|staying)\b)"
)
_ADDRESS_WORD = _ADDRESS_STOP + r"[A-Za-z][a-z'’]*(?:-[A-Za-z][a-z'’]*)?(?![A-Za-z\d])"
_BUILDING_TYPES = (
    "House", "Court", "Tower", "Lodge", "Mansions", "Buildings", "Point", "Heights", "Hall",
    "Place", "Block", "Flats", "Apartments", "Quay", "Works", "Mill",
)


class TriageStreetAddressRecognizer(TriageConstantPatternRecognizer):
    """Street addresses: a house number or flat, street words, a street type, a town.

    "Flat 18, Holly View, Wellington Mews, Kirkby Lea" and "105 nelson way, thornbury
    cross" are both caught, in any case; the words between the number and the street
    type may not be function words, so "2 children at the park" is not an address, and
    a number after "Section" is the law's ("a Section 21 notice expiring end of"). A
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
        r"(?=\s*(?:[,.;:)\n]|$|[A-Za-z]{1,2}\d|\s[A-Z])|\s+\d))?"
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
            r"(?<![\w/])(?<![Ss]ection )(?<!SECTION )" + _NUMBER + _PART + rf"(?:,\s+{_PART})?" + _TOWN,
            0.75,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["address", "lives", "living", "c/o", "resides", "moved"]


_HOUSE_TYPES = (
    "Cottage", "Cottages", "Farm", "Farmhouse", "House", "Lodge", "Barn", "Bungalow", "Villa",
    "Manor", "Grange", "Croft", "Mill", "Hall", "Rectory", "Vicarage", "Chalet",
)
_CAPITALISED = r"(?!(?:The|At|In|On|Mum|Dad|Nan|Her|His|Their|Our|My|From|To)\b)[A-Z][a-z'’]+"
_TOWN_AFTER = (
    rf",\s*(?:{_CAPITALISED}\s+)?{_CAPITALISED}(?=\s*(?:[,.;:)\n]|$|[A-Z]{{1,2}}\d)|\s+\d)"
)


class TriageNamedHouseRecognizer(TriageConstantPatternRecognizer):
    """Houses known by a name, not a number: "Rosewarne Cottage, Lanner", "Ty Gwyn, Church
    Lane, Northmere", "Rosebank, Mill Road, Saltmarsh". A house name is taken only with
    a town or a street after it, so "Rose Cottage" alone in a sentence stays. A number,
    a street with no street word and a town ("81 Kingsway, Kelstone", "1 The Spinney,
    Wyndham") is taken only beside an address word ("address", "lives", "attended") or
    before a postcode ("14 Castlegate, Northmere NM1 4DF"). Any comma-separated address
    after "Address:" or "lives at" and before a postcode is taken whatever its words: Welsh
    and Gaelic streets ("Bryn Awel, 6 Heol y Felin, Pontardawel SA18 4QE"), Traveller sites
    ("Plot 3, Long Acre Transit Site, Fenby FN7 3AE"), Glasgow flats ("Flat 2/1, ...")."""

    ENTITY = pii_types.ADDRESS
    _STREET = TriageStreetAddressRecognizer._PART
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "named_house",
            r"(?<![\w/])(?:" + _CAPITALISED + r"\s+){1,2}" + _alternation(_HOUSE_TYPES)
            + rf"\b(?:,\s*{_STREET})?" + _TOWN_AFTER,
            0.7,
        ),
        Pattern(
            "number_and_place_name",
            r"(?<![\w/£$€.:])\d{1,4}[A-Za-z]?\s+(?:The\s+)?(?:" + _CAPITALISED + r"\s+)?"
            + _CAPITALISED + _TOWN_AFTER,
            0.3,
        ),
        Pattern(
            "number_and_place_name_before_postcode",
            r"(?<![\w/£$€.:])\d{1,4}[A-Za-z]?\s+(?:The\s+)?(?:" + _CAPITALISED + r"\s+)?"
            + _CAPITALISED + _TOWN_AFTER + r"(?=,?[ \t]*[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2}\b)",
            0.75,
        ),
        Pattern(
            "address_before_postcode",
            r"(?:(?<=\b(?:[Aa]ddress|ADDRESS|[Ll]ives at|[Ll]ive at|[Ll]iving at|at|to)[ \t]*:?[ \t]+))"
            r"(?:(?:Flat|Fflat|Plot|Bay|Pitch|Unit|Apartment|Room)[ \t]+[\w/]+,[ \t]*)?"
            r"[\p{Lu}\d][\w'’./ \t-]{1,40}?(?:,[ \t]*[\p{Lu}\d][\w'’./ \t-]{1,40}?){1,4}"
            r"(?=,?[ \t]+[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2}\b)",
            0.75,
        ),
        Pattern(
            "house_name_then_street",
            r"(?<![\w/])(?:" + _CAPITALISED + r"\s+)?" + _CAPITALISED
            + rf",\s*{_STREET}" + _TOWN_AFTER,
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["address", "lives", "living", "live", "at", "moved",
                                    "attended", "stays", "staying", "home"]
    FLAGS = CASE_SENSITIVE


class TriageAddressAbroadRecognizer(TriageConstantPatternRecognizer):
    """Street addresses in common foreign layouts: the street word first and the number
    after ("ul. Długa 15, 31-147 Kraków", "Strada Mihai Eminescu nr. 12", "Calle Mayor
    5", "Rua das Flores 123", "12 rue de la Paix"), or a street suffix joined to the name
    ("Hauptstraße 12", "Kerkstraat 5", "Storgatan 3", "Mannerheimintie 4")."""

    ENTITY = pii_types.ADDRESS
    _STREET_WORD = (
        r"(?:ul\.|ulica|ulitsa|al\.|aleja|os\.|Strada|Str\.|str\.|Bulevardul|Bd\.|Calea|"
        r"Aleea|Calle|C/|Avenida|Av\.|Rua|Travessa|Praça|Plaza|Paseo|Carrer|Via|Viale|Piazza|"
        r"Corso|[Rr]ue|[Aa]venue|[Bb]oulevard|[Cc]hemin|[Aa]llée|Bulvar|Caddesi|Sokak|Sokağı|"
        r"Mahallesi|vulytsia|vul\.|prospekt|pr\.|Köz|utca|út|Ulica|Ul\.)"
    )
    _NAME = (
        r"(?:\s+(?:(?:de|da|do|das|dos|del|de la|la|le|di|della|des|du|nr\.?)\s+)?"
        r"\p{Lu}[\p{L}\d'’-]*){1,4}"
    )
    _NUMBER = (
        r",?\s*(?:nr\.?\s*|n[ºo°]\.?\s*|No\.?\s*)?\d{1,4}[A-Za-z]?(?:\s?[/-]\s?\d{1,4})?(?!\d)"
    )
    _POSTCODE = r"(?:\d{2}-\d{3}|\d{3}\s\d{2}|\d{4,6}|[A-Z]{1,2}-?\d{4,5})"
    _UNIT = r"(?:,?\s*(?:ap\.?|apt\.?|m\.|bl\.|sc\.|et\.|piso|portal)\s*\w{1,4}|,?\s*\d{1,2}[ºª°]\s*\w?)*"
    _TOWN = (
        r"(?:,?\s*(?:\d{2}-\d{3}|\d{3}\s\d{2}|\d{4,6}|[A-Z]{1,2}-?\d{4,5})?\s*\p{Lu}[\p{L}'’-]+"
        r"(?:\s\p{Lu}[\p{L}'’-]+)?)?"
    )
    _SUFFIXED = (
        r"\p{Lu}[\p{L}-]*(?:straße|strasse|str\.|straat|gatan|gata|gaten|vej|vägen|veien|"
        r"katu|tie|gade|weg|laan|plein|gasse|utca|ulica|iela|gatvė|g\.|ucca)"
    )
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("street_word_first", r"(?<![\w])" + _STREET_WORD + _NAME + _NUMBER + _UNIT + _TOWN,
                0.7),
        Pattern("number_first", r"(?<![\w/])\d{1,4}[a-z]?,?\s+" + _STREET_WORD + _NAME + _TOWN, 0.7),
        Pattern("suffixed_street", r"(?<![\w])" + _SUFFIXED + r"\s+\d{1,4}[a-zA-Z]?" + _TOWN, 0.7),
        Pattern(
            "street_number_postcode_town",
            r"(?<![\w])\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,2}\s+\d{1,4}[a-zA-Z]?,\s*"
            + _POSTCODE + r"\s+\p{Lu}[\p{L}'’-]+",
            0.7,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["address", "lives", "living", "lived", "abroad"]
    FLAGS = CASE_SENSITIVE


_LOWER_NAME_WORD = (
    r"(?!(?:attends|attending|attend|attended|goes|went|go|local|new|previous|current|"
    r"secondary|nearby|same|another|village|mainstream|special|her|his|their|the|a|an|at|to|"
    r"from|in|of|and|or|for|with|by|our|its|this|that|is|was|no|not|after|before|into|came|"
    r"come|comes|child|pupil|during|outside|inside|out|back|left|leaving|after-school|my|your|"
    r"everyone|everybody|anyone|all|every|whole)\b)"
    r"[a-z][a-z'’-]+"
)


NOT_AN_INSTITUTION_AFTER = std_re.compile(
    r"\s+(?:Street|St\b|Road|Rd\b|Lane|Avenue|Ave\b|FC\b|AFC\b|Football|Rugby|Cricket|Club)"
)
"""After a suffix, these make it a street or a sports club: "Tessingham High Street",
"Saltmarsh Town Juniors FC", "Northmere Academy Football Club"."""
SENTENCE_INSIDE = std_re.compile(r"\b(?![Ss]t\.)\w{2,}\.\s")
"""A full stop after a word inside a span: "MASH. School" is two sentences, not a name."""


class _TriageSuffixNameRecognizer(PatternRecognizer):
    """Organisations named by words ending in a telling suffix ("Oakfield Primary School").

    The suffix is found first and the name words are then read backwards from it, which
    is several times faster than trying a long pattern at every position of the text.
    Capitalised names take any capitalised words; lower-case ones ("beechwood primary
    school") only a few non-function words before a clearly institutional suffix, and a
    one-word lower-case suffix ("college", "school", "surgery") only in a text written in
    lower case: where sentences open with capitals, "my college" is not a name.
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
        self.capitalised_head = re.compile(  # on the suffix's line: "Kai Barnes\nSchool:" is no school
            r"(?<![\w'’])" + _NOT_A_NAME_START + _NAME_WORD
            + r"(?:" + _NAME_GLUE + r"[ \t]+" + _NAME_WORD + r"){0,5}[ \t]+\Z"
        )
        self.lower_case_head = re.compile(
            r"(?<![\w'’])(?:" + _LOWER_NAME_WORD + r"[ \t]+){0,2}" + _LOWER_NAME_WORD + r"[ \t]+\Z"
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
        cased = opens_sentences_with_capitals(text)
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
            if head is None or (
                kind == "lower_case" and cased and " " not in suffix.strip()
            ):
                continue  # "my college tutor", "had surgery", "poor school attendance"
            start = window_start + head.start()
            if NOT_AN_INSTITUTION_AFTER.match(text, match.end()):
                continue
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


class TriageSchoolNameRecognizer(_TriageSuffixNameRecognizer):
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
        "Community Primary", "Primary Academy", "Church School", "Montessori", "High",
        "Sixth Form Centre",
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


class TriageSchoolAbroadRecognizer(TriageConstantPatternRecognizer):
    """Schools named in another language, the school word first ("Szkoła Podstawowa nr 5
    w Gdańsku", "Școala Gimnazială nr. 3", "Colegio San José", "Lycée Victor Hugo"),
    the Welsh, Gaelic and Irish schools of these islands among them ("Ysgol y Berllan
    Ddu", "Sgoil Allt an Fhèidh", "Gaelscoil Naomh Pádraig")."""

    ENTITY = pii_types.SCHOOL_NAME
    _SCHOOL_WORD = (
        r"(?:Szkoła|Szkola|Zespół Szkół|Școala|Scoala|Colegiul|Liceul|Liceum|Gimnazjum|Escola|"
        r"Escuela|Colegio|Instituto|Scuola|Liceo|Lycée|Lycee|École|Ecole|Collège|Grundschule|"
        r"Gymnasium|Realschule|Gesamtschule|Basisschool|Okulu|Madrasa|Madrasah|Základní škola|"
        r"Základná škola|Stredná škola|Mokykla|Progimnazija|Lukio|Koulu|Skola|Skole|Iskola)"
    )
    _ISLANDS_SCHOOL_WORD = (
        r"(?:Ysgol|Sgoil|Àrd-sgoil|Ard-sgoil|Bun-sgoil|Scoil|Gaelscoil|Gaelcholáiste|Coláiste|"
        r"Colaiste|Meánscoil|Bunscoil)"
    )
    _KIND = (
        r"(?:Gynradd|Gyfun|Uwchradd|Gymraeg|Arbennig|Feithrin|Babanod|Iau|Eglwys|Gatholig|"
        r"Ghàidhlig|Gaelach|Náisiúnta|Pobail)"
    )
    """Words that say what kind of school ("Ysgol Gynradd", primary school): a school needs
    a name word after them, so the term alone is kept."""
    _LINK = r"(?:y|yr|an|na|nan|a'|an t-|Naomh|Sant|Santes)"
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "school_word_first",
            r"(?<![\w])" + _SCHOOL_WORD + r"(?:[ \t]+(?:(?:nr\.?|no\.?|de|del|da|do|di|w|im|am|"
            r"z|a|la|le|des|du|y)[ \t]+)?[\p{Lu}\d][\p{L}\d'’-]*){1,6}",
            0.75,
        ),
        Pattern(
            "islands_school_word_first",
            r"(?<![\w])" + _ISLANDS_SCHOOL_WORD + rf"(?:[ \t]+{_KIND}\b)*"
            + rf"(?:[ \t]+(?:{_LINK}[ \t]+)?(?!{_KIND}\b)[\p{{Lu}}\d][\p{{L}}\d'’-]*){{1,5}}",
            0.75,
        ),
    ]
    FLAGS = CASE_SENSITIVE


class TriageSchoolLabelRecognizer(TriageConstantPatternRecognizer):
    """Whatever a form gives after its "School:" label ("School: Millbrook"), a school
    name without a school word; not "School: N/A", "Not in school" or "Year 5"."""

    ENTITY = pii_types.SCHOOL_NAME
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "after_school_label",
            r"(?<=^[ \t]*(?:School|Nursery|College|Setting|Current school|School attended|"
            r"Previous school)[ \t]*:[ \t]*)"
            r"(?!(?:N/?A|None|Not|Unknown|Home|TBC|No|Nil|Awaiting|Pending|Year|Yr|EHE|CME|NEET)\b)"
            r"\p{Lu}[\p{L}\d'’.-]*(?:[ \t]+(?:of|the|and|&|\p{Lu}[\p{L}\d'’.-]*)){0,5}",
            0.75,
        ),
    ]
    FLAGS = CASE_SENSITIVE


class TriageGpPracticeRecognizer(_TriageSuffixNameRecognizer):
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
