"""Person-name recognizers: spaCy's PERSON trimmed of titles, and names found by context.

``TriageContextNameRecognizer`` marks name tokens with an ordered list of seed rules
(``name_seed_rules.SEED_RULES``), grows them over neighbouring name words and returns
one result per run. ``TriageSpacyPersonRecognizer`` keeps spaCy's PERSON entities minus
the words that are never names.
"""

from __future__ import annotations

import re as std_re
from collections.abc import Iterable
from typing import ClassVar

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc, Token

from referrals import pii_types
from referrals.redaction import vocabulary as vocab
from referrals.redaction.casing import writes_in_lower_case
from referrals.redaction.mention import known_name
from referrals.redaction.name_cues import (
    AGE_UNITS,
    after_name_label,
    coordinated_name,
    is_age,
    named_by_context,
    possessive_stem,
)
from referrals.redaction.name_seed_rules import NEVER_NAME_RULES, Seed, deciding_rule
from referrals.redaction.name_tokens import (
    NAME_PARTICLE_WORDS,
    ORGANISATION_WORDS,
    SUBJECT_VERBS,
    is_initial,
    is_lower_initial,
    is_name_shaped,
    name_word,
    noun_use,
    reads_as_day,
    role_word_as_surname,
    sentence_start,
    starts_organisation,
    tail_of_a_split_word,
    verb_use,
)
from referrals.redaction.pattern_recognizers import WORD_NAME_KEY

_AGE_IN_BRACKET = std_re.compile(r"^\d{1,2}\)$")
_YEAR_GROUP = std_re.compile(r"^(?:Y|Yr)\d{1,2}$")


def _is_age(token: Token) -> bool:
    """A child's or adult's age: a whole number below 100."""
    return token.text.isdecimal() and 0 < int(token.text) < 100


LIST_OPENERS = frozenset({":", ",", ";", "and", "&", "/"})
LIST_CLOSERS = frozenset({",", ";", ")", "and", "&", "/", "."})


def _in_a_list_of_ages(doc: Doc, i: int) -> bool:
    """Token ``i`` and the age after it are one item of a list of children: after a colon,
    a comma or "and" (or opening a line), and closed by one, or by the line's end
    ("Siblings at home: Sameer 12, Gulnaz 9"; "twins Ioane and Malia 8, Pita 5")."""
    if doc[i].text.isupper():
        return False  # "HR 44, BP 120/80": readings, not children
    opened = _opens_line(doc, i) or doc[i - 1].text in LIST_OPENERS
    j = i + 2
    closed = j >= len(doc) or "\n" in doc[i + 1].whitespace_ or doc[j].is_space or (
        doc[j].lower_ in LIST_CLOSERS)
    return opened and closed


def _opens_line(doc: Doc, i: int) -> bool:
    """The token opens a line (or the text)."""
    return i == 0 or "\n" in doc[i - 1].whitespace_ or "\n" in doc[i - 1].text


def _run_opens_sentence(doc: Doc, i: int) -> bool:
    """The capitalised words ending at ``i`` (at most three) open a line or a sentence."""
    start = i
    while start > 0 and i - start < 2 and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha:
        start -= 1
    return _opens_line(doc, start) or doc[start - 1].text in (".", "?", "!", "|", "-", "—")


AGE_WORDS = frozenset({"aged", "age", "dob", "d.o.b", "d.o.b.", "born"})


def _aside_introduces(doc: Doc, i: int) -> bool:
    """After the "(" or "," that follows token ``i``: an age, a date of birth, a kin word or
    a school year ("Nii (aged 7)", "Neve (15)", "Mahsa Habibi, 6", "Rojin Ahmadi (mum)",
    "Merveille Kabongo, Y7")."""
    opener, aside = doc[i + 1].text, doc[i + 2]
    closer = doc[i + 3] if i + 3 < len(doc) else None
    if aside.lower_ in AGE_WORDS:
        return True
    if opener == "(" and aside.lower_ in vocab.KIN_WORDS:
        return closer is not None and closer.text in (")", ",")
    if opener == "," and _YEAR_GROUP.match(aside.text):
        return True
    if not aside.like_num:
        return False
    if closer is None:
        return True  # the text ends with the age
    if closer.text in (",", ")") and (opener == "," or _is_age(aside)):
        return True
    if opener == "(":
        return closer.lower_ in AGE_UNITS
    return _is_age(aside) and ("\n" in aside.whitespace_ or "\n" in closer.text)


def _contact_detail(token: Token) -> bool:
    """A phone number or an email address starts here ("+44", "07700", "a.b@c.uk")."""
    text = token.text
    digits = text.lstrip("+")
    return (text.startswith("+") and digits[:1].isdigit()) or (
        text.startswith("0") and text.isdigit() and len(text) >= 4
    ) or ("@" in text and "." in text.split("@")[-1])


def shouted_word(token: Token) -> bool:
    """An English word written in capitals that no name list holds ("CAR", "HAD", "LENT",
    "COMMUNAL"): in a notice written in capitals a name's run stops at it. Surnames that
    are words ("FROST", "STEEL") and curated word-names ("SUMMER", "JACK") still join."""
    text = token.text
    if len(text) < 2 or not text.isupper() or not text.isalpha():
        return False
    word = text.lower()
    return word in vocab.english_words() and not (
        known_name(word) or word in vocab.first_names() or word in vocab.surnames()
    )


NAME_ENDINGS_IN_CAPITALS = frozenset({"AKA", "DOB", "D.O.B", "D.O.B.", "(", ",", ":", "-", "–"})
"""What follows a full name in a police notice: an alias, a date of birth, an age in
brackets, or the next field."""


def surname_in_capitals(doc: Doc, i: int) -> bool:
    """A word in capitals after a listed given name in capitals and before what ends a
    name in a notice ("ROBERT STEEL AKA", "CHERRY SHORT DOB", "OLIVIA SHORT (6)"): the
    surname, even though it is a word."""
    if i < 1 or not doc[i - 1].text.isupper() or doc[i - 1].lower_ not in vocab.first_names():
        return False
    if i + 1 >= len(doc) or "\n" in doc[i].whitespace_:
        return True
    following = doc[i + 1]
    return following.text in NAME_ENDINGS_IN_CAPITALS or following.like_num


_HAS_LETTER = std_re.compile(r"[^\W\d_]")


WORD_SURNAMES_NEVER_ALONE = frozenset({"dear", "head", "noon", "sergeant", "master", "minor"})
"""Words never a name alone ("Dear Sir", "Head of Year", "Sergeant Cole") that are a surname
right after a first name, closing the name ("Amber Dear, she is 16", "Sherry Sergeant came")."""


def _verb_after_a_pronoun(doc: Doc, i: int) -> bool:
    """A lower-case verb right after a subject pronoun or a family word ("she said poppy
    is", "mum said lee is"): the verb, even in a text written all in lower case, where
    "said" could be the name Said."""
    return doc[i].is_lower and doc[i].lower_ in SUBJECT_VERBS and i > 0 and (
        doc[i - 1].lower_ in vocab.SUBJECT_PRONOUNS or doc[i - 1].lower_ in vocab.KIN_WORDS
    )


class TriageContextNameRecognizer(EntityRecognizer):
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
    SUBJECT_VERBS = SUBJECT_VERBS
    """After these, an everyday-word name opening a sentence is a person ("Summer has")."""
    SPEECH_VERBS = frozenset({"has", "had", "says", "said", "told", "disclosed"})
    """After these, even an unlisted capitalised word opening a sentence is a person."""

    def __init__(self, stop_words: Iterable[str]) -> None:
        super().__init__(supported_entities=[self.ENTITY], name="TriageContextNameRecognizer")
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
        lower_doc = writes_in_lower_case(text, doc)
        marks: dict[int, float] = {}
        word_names: set[int] = set()
        for i, token in enumerate(doc):
            if not _HAS_LETTER.search(token.text):
                continue  # punctuation, numbers and spacing are never a name: a third of the tokens
            if self._initials_as_subject(doc, i, lower_doc):
                marks[i] = self.SCORES["initials"]  # "CP has a life-limiting condition"
                word_names.add(i)
                continue
            if self._weekday_name(doc, i) or self._acronym_initials(doc, i):
                marks[i] = self.SCORES["listed"]  # "Sunday Ogunleye", "MS reports low mood"
                word_names.add(i)
                continue
            if self._initial_as_subject(doc, i):
                marks[i] = self.SCORES["initials"]  # "N said mum told her", "H's left hand"
                word_names.add(i)
                continue
            if named_by_context(doc, i, self.stop_words):
                marks[i] = self.SCORES["context"]  # "Bright's mum", "(known as Vale)", "J.W."
                word_names.add(i)
                continue
            if self._before_an_age(doc, i):
                marks[i] = self.SCORES["context"]  # "Neve (15)", "Mason 8 has", "Esme (3)"
                word_names.add(i)
                continue
            if name_word(token) in vocab.NAME_ROLE_WORDS and (
                self._role_word_in_name(doc, i) or self._role_word_as_name(doc, i)
            ):
                marks[i] = self.SCORES["listed"]  # "Nana Agyeman is asking", not "her Nana"
                word_names.add(i)
                continue
            rule, score = deciding_rule(Seed(self, doc, i, lower_doc))
            if score:
                marks[i] = score
                if rule in NEVER_NAME_RULES:
                    word_names.add(i)  # "Jun-Jun": kept though "Jun" alone never names
        for i in sorted(marks):
            if i + 2 not in marks and coordinated_name(doc, i, self.stop_words):
                marks[i + 2] = self.SCORES["context"]  # "hope and rose"
                word_names.add(i + 2)
        self._name_pairs(doc, marks)
        if not marks:
            return []
        self._grow(doc, marks, lower_doc)
        return self._runs(doc, marks, word_names, lower_doc)

    def _initial_as_subject(self, doc: Doc, i: int) -> bool:
        """One capital letter standing for a child, as school logs write them: "N said",
        "H's left hand", "N asked TA". Not "A" or "I", and not after a capitalised word or a
        number ("Plan B has", "Vitamin D is", "Flat 3 B")."""
        token = doc[i]
        if len(token.text) != 1 or not token.text.isupper() or token.text in ("A", "I"):
            return False
        if i + 1 >= len(doc):
            return False
        following = doc[i + 1].lower_
        if not (following in ("'s", "’s") or following in self.SPEECH_VERBS
                or following in ("asked", "says", "wouldn't", "would", "was", "is", "has")):
            return False
        if i == 0:
            return True
        before = doc[i - 1]
        return not before.like_num and (
            before.is_lower or before.is_punct or before.is_space or "\n" in before.whitespace_
        )

    def _before_an_age(self, doc: Doc, i: int) -> bool:
        """A capitalised word right before a bracketed age ("Neve (15)", "Matas (4 months)")
        or before an age and a verb ("Mason 8 has") or a school year ("Josh Y7 keeps"): a
        person, even when the word is also an English word. The guard still keeps
        vocabulary terms ("Reception (5)")."""
        token = doc[i]
        word = name_word(token)
        if not (token.is_alpha and len(word) >= 2 and token.text[0].isupper()
                and not token.text.isupper() and word not in self.stop_words
                and word not in vocab.NEVER_NAMES):
            return False
        if i > 0 and (doc[i - 1].like_num or doc[i - 1].lower_ in ("year", "yr", "y", "aged")):
            return False
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if nxt is None:
            return False
        if nxt.text == "(" and i + 2 < len(doc):
            if _AGE_IN_BRACKET.match(doc[i + 2].text):
                return True  # the tokenizer keeps "8)" whole
            if i + 3 < len(doc) and _is_age(doc[i + 2]):
                return doc[i + 3].text == ")" or doc[i + 3].lower_ in AGE_UNITS
            return False
        if _YEAR_GROUP.match(nxt.text):
            return i + 2 < len(doc) and (doc[i + 2].text in (",", ")") or doc[i + 2].is_lower) and (
                word in vocab.first_names() or not vocab.is_ordinary_word(word)
            )  # "Josh Y7 keeps", not "Class Y7 was"
        return _is_age(nxt) and i + 2 < len(doc) and doc[i + 2].lower_ in self.SUBJECT_VERBS and (
            word in vocab.first_names() or not vocab.is_ordinary_word(word)
        )  # "Mason 8 has", not "Route 7 runs" or "Section 17 was"

    def _cue(self, doc: Doc, i: int) -> str | None:
        j = i - 1
        while j >= 0 and (is_initial(doc[j]) or doc[j].text in (":", "-", "(")):
            j -= 1
        if j < 0 or doc[j].text in ("'s", "’s"):
            return None
        if doc[j].text == "," and j > 0 and doc[j - 1].lower_ in vocab.SIGN_OFF_WORDS:
            return "label"  # "Many thanks, Heath"
        if doc[j].lower_ in ("is", "was", "names") and j == i - 1 and after_name_label(doc, i):
            return "label"  # "my name is rasha darwish", "surname is kettle", "her names maddie"
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

    def _opens_as_person(self, doc: Doc, i: int) -> bool:
        """A listed first name opening a sentence, then what only a person does: an
        irregular past ("Jade brought in"), "is not"/"is a" ("Mason is a protective
        factor"), or an apposition ("Joy, a non-mobile baby,")."""
        word = name_word(doc[i])
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
        word = name_word(token)
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
            text.islower() and sentence_start(doc, j)
        )

    def _stop_word_surname(self, doc: Doc, i: int) -> bool:
        """ "B Do", "Mai Do", "M He": a surname that is also a stop word, capitalised right
        after an initial or a listed first name."""
        token = doc[i]
        if token.text.isupper() or sentence_start(doc, i) or i == 0 or (
            doc[i - 1].whitespace_ != " " or name_word(token) not in vocab.COMMON_WORD_NAMES
        ):
            return False
        before = doc[i - 1]
        return is_initial(before) or (
            before.text[:1].isupper() and name_word(before) in vocab.first_names()
            and name_word(before) not in self.stop_words
        )

    def _acted_on(self, doc: Doc, i: int) -> bool:
        """An unknown capitalised word mid-sentence after a word that acts on a person
        ("ignores Rahaf", "reported missing by Nusrat"), and not the first word of a
        place or body ("with Westmere Council")."""
        token = doc[i]
        if i == 0 or sentence_start(doc, i) or not self._unknown(token):
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
        word = name_word(token)
        if word in vocab.NAMED_MONTH_ABBREVIATIONS and self._month_abbreviation_name(doc, i):
            return True
        if word not in vocab.CALENDAR_NAMES or not token.text[0].isupper() or (
            token.text.isupper()
        ):
            return False
        if i + 1 < len(doc) and token.whitespace_ == " ":
            following = doc[i + 1]
            surname = name_word(following)
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
        next_word = doc[i + 1].lower_
        if next_word in ("is", "was") and i + 2 < len(doc) and doc[i + 2].lower_ in (
            "a", "an", "the", "always", "usually", "normally", "when", "my", "our", "his", "her"
        ):
            return False  # "Sunday was a good day"
        return (
            next_word in vocab.WEEKDAY_NAME_VERBS or next_word in vocab.PAST_FORMS
            or (next_word in self.SUBJECT_VERBS and next_word not in (
                "and", "'s", "’s", "will", "would", "can", "could", "should", "may", "might",
                "must"))
            or (next_word.endswith("ed") and doc[i + 1].is_lower and len(next_word) > 4)
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
        return (following.is_lower and name_word(following) in vocab.surnames()) or (
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
            is_age(doc[i + 2]) or doc[i + 2].lower_ in ("aged", "age", "dob")
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
        word = name_word(token)
        if word not in self.name_like or word in self.stop_words:
            return False
        if token.text[0].isupper() or not vocab.is_ordinary_word(word):
            return True
        return lower_doc and (word in self.curated or word in vocab.COMMON_WORD_NAMES)

    def _free_standing(self, doc: Doc, i: int, pair: bool = False) -> bool:
        """Not after a word that makes an everyday word of it ("a mark", "the rose").

        Before a first name and surname only determiners count ("to destiny clarke").
        """
        words = vocab.DETERMINERS | vocab.SEASON_LEADS if pair else vocab.BEFORE_A_COMMON_WORD
        return i == 0 or doc[i - 1].lower_ not in words

    def _initials_as_subject(self, doc: Doc, i: int, lower_doc: bool) -> bool:
        """Initials that also spell an acronym ("CP", "SW"): a person only as a subject."""
        text = doc[i].text
        if not (len(text) == 2 and text.isalpha()):
            return False  # three-letter acronyms are agencies far more often than initials
        word = text.lower()
        if word in vocab.ROLE_WORDS or word in vocab.KEPT_ACRONYMS or word in self.stop_words or (
            word in vocab.SUBJECT_ACRONYMS or word in vocab.TEXT_SPEAK
        ):
            return False  # "if ur worried": text speak, not initials
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
        word = name_word(following)
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
        if sentence_start(doc, i):
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
        word = name_word(token)
        if (word not in vocab.first_names() and word not in vocab.VIRTUE_NAMES) or (
            word in self.stop_words
        ):
            return False
        following = doc[i + 1]
        surname = name_word(following)
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
        """Followed by ", Housing Officer", "(Designated Safeguarding Lead)" or a role with
        one lower-case word before it (", swim teacher", ", night manager")."""
        if i + 2 >= len(doc) or doc[i + 1].text not in (",", "("):
            return False
        role = doc[i + 2]
        if role.is_lower and role.is_alpha and i + 3 < len(doc) and (
            role.lower_ not in self.stop_words and doc[i + 3].lower_ in vocab.ROLE_WORDS
        ):
            role = doc[i + 3]
        return role.lower_ in vocab.ROLE_WORDS and role.lower_ not in (
            "and", "child", "children", "family", "baby", "parents", "mum", "dad")

    def _sign_off_line(self, doc: Doc, i: int) -> bool:
        """The document's last line is one to three capitalised words: the writer's name."""
        if not sentence_start(doc, i):
            return False
        line: list[Token] = []
        for j in range(i, len(doc)):
            if not doc[j].is_space:
                if len(line) == 3 or (line and "\n" in doc[j - 1].whitespace_ + doc[j - 1].text):
                    return False  # too long, or not the last line
                line.append(doc[j])
        return 1 <= len(line) <= 3 and all(
            t.text[0].isupper() and t.is_alpha and name_word(t) not in vocab.NEVER_NAMES
            and name_word(t) not in self.stop_words and name_word(t) not in vocab.SIGN_OFF_WORDS
            and (name_word(t) in self.name_like or self._unknown(t))
            for t in line if not t.is_space
        )

    def _unknown(self, token: Token) -> bool:
        """A word that is no ordinary English word nor text speak ("ngl", "tbh"): a name
        where a name can stand."""
        word = name_word(token)
        return (
            len(word) >= 2 and token.is_alpha
            and (token.i == 0 or token.doc[token.i - 1].whitespace_ != ""
                 or not token.doc[token.i - 1].text[-1].isalnum())  # not "I've" -> "ve"
            and word not in self.stop_words and word not in vocab.TEXT_SPEAK
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
            return _aside_introduces(doc, i)
        if _is_age(doc[i + 1]) and i + 2 < len(doc) and (
            doc[i + 2].lower_ in self.SUBJECT_VERBS or doc[i + 2].lower_ in AGE_UNITS
        ):
            return True  # "Mason 8 has", "Tyler 14yrs"
        if _is_age(doc[i + 1]) and _in_a_list_of_ages(doc, i):
            return True  # "Siblings at home: Sameer 12, Gulnaz 9"
        return _contact_detail(doc[i + 1]) and _run_opens_sentence(doc, i)  # "Amna +44 7511"

    def _followed_by_verb(self, doc: Doc, i: int) -> bool:
        if i + 1 >= len(doc):
            return False
        following = doc[i + 1].lower_
        if following == "is":
            return not (i + 2 < len(doc) and doc[i + 2].lower_ in ("that", "the", "a", "not"))
        return following in self.SUBJECT_VERBS or (
            following.endswith("ed") and doc[i + 1].is_lower and len(following) > 4
        )

    @staticmethod
    def _closes_a_full_name(doc: Doc, i: int) -> bool:
        """Token ``i`` is title case after a capitalised listed first name and ends the
        name (punctuation, the end, or a verb next): "Amber Dear, she's 16", "Sherry
        Sergeant came"; not "Emma Head of Year 9"."""
        token = doc[i]
        if not (i > 0 and token.text[:1].isupper() and token.text[1:].islower()):
            return False
        first = doc[i - 1]
        if not (first.text[:1].isupper() and first.text[1:].islower() and first.whitespace_ == " "
                and name_word(first) in vocab.first_names()):
            return False
        if i + 1 >= len(doc) or doc[i + 1].is_space or doc[i + 1].text in (",", ".", ")", ";"):
            return True
        following = doc[i + 1].lower_
        return following in SUBJECT_VERBS or following in ("who", "or")  # not "Head of Year"

    def _can_grow_into(self, doc: Doc, i: int, lower_doc: bool) -> bool:
        token = doc[i]
        word = name_word(token)
        if role_word_as_surname(token):
            return True  # "Alison FOSTER", "Ms Foster"
        if word in WORD_SURNAMES_NEVER_ALONE and self._closes_a_full_name(doc, i):
            return True  # "her dad, Steve Dear, picks her up"
        if not is_name_shaped(token) or not word or word in vocab.NEVER_NAMES:
            return False
        if shouted_word(token) and not surname_in_capitals(doc, i):
            return False  # "ABOUT A CAR JACK HAD LENT": a notice in capitals, not a name's run
        if token.is_lower and word in SUBJECT_VERBS and (not lower_doc or _verb_after_a_pronoun(doc, i)):
            return False  # "nanna said", "she said poppy is": the verb, not the name Said
        if word in self.stop_words:
            # "Lei He", "Thi Ho": a surname that is also a stop word, capitalised after a name
            if token.is_lower and word in vocab.COMMON_WORD_NAMES and i > 0 and (
                doc[i - 1].is_lower and name_word(doc[i - 1]) in vocab.first_names()
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
        if token.is_lower and len(word) > 4 and word.endswith(("ed", "ing")):
            return False  # "i messaged stacey": a verb no word list has yet, not a name
        return self._unknown(token)

    def _surname_like(self, doc: Doc, i: int, j: int) -> bool:
        """In lower-case text, or after a first name the writer put in lower case ("my ex
        jonathan birch"), the word after a known first name is taken as a surname."""
        token = doc[j]
        word = token.lower_
        return (
            name_word(doc[i]) in vocab.first_names() and token.is_alpha and len(word) > 2
            and word not in self.stop_words and word not in vocab.NEVER_NAMES
            and word not in self.SUBJECT_VERBS and not word.endswith(("ed", "ing"))
            and (word in vocab.surnames() or not vocab.is_ordinary_word(word))
        )

    def _lower_surname(self, doc: Doc, i: int) -> bool:
        token = doc[i]
        word = name_word(token)
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
                    or ((lower_doc or doc[i].is_lower) and j == i + 1 and self._surname_like(doc, i, j))
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
                if tail_of_a_split_word(doc, j):
                    break  # "i|m livs dad": not back over the "m"
                token = doc[j]
                word = name_word(token)
                listed = word in self.names or word in vocab.COMMON_WORD_NAMES
                capitalised_name = token.text[0].isupper() and word not in vocab.NEVER_NAMES and (
                    self._can_grow_into(doc, j, lower_doc) or listed
                )
                if is_initial(token, lower_doc) or (token.text == "A" and not doc[j + 1].text.isupper()) or (
                    doc[j + 1].is_lower and name_word(doc[j + 1]) in vocab.surnames()
                    and self._lower_initial_before(doc, j)
                ) or (
                    capitalised_name and (
                        listed or not sentence_start(doc, j) or self._unknown(token)
                        or (word not in vocab.english_words() and doc[j + 1].text[:1].isupper()))
                    # "Tou Xiong": a slip away from "tour", but no word itself
                ) or (lower_doc and (
                    is_lower_initial(token) or self._unknown(token) or (
                        word in vocab.first_names() and word not in self.stop_words
                        and not _verb_after_a_pronoun(doc, j) and self._free_standing(doc, j, pair=True)))
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
                and (self._lower_surname(doc, i + 2) or name_word(doc[i + 2]) in self.name_like)
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
                    or name_word(nxt) in vocab.WEEKDAY_NAMES | vocab.STOP_WORD_NAMES
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
            surname, given = name_word(first), name_word(second)
            if self._is_caps_surname(first) and second.text[:1].isupper() and (
                not starts_organisation(doc, i + 2) and doc[i + 2].lower_ not in ORGANISATION_WORDS
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
        self, doc: Doc, marks: dict[int, float], word_names: set[int], lower_doc: bool
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
            if not run or (all(is_initial(doc[k]) for k in run)
                           and not all(k in word_names for k in run)):
                continue  # a lone initial only as a subject ("N said"), not "J." before a name
            last = doc[run[-1]]
            end = last.idx + len(last.text)
            if last.text.endswith(("'s", "’s")):
                end -= 2
            elif lower_doc and (stem := possessive_stem(doc, run[-1], self.stop_words)):
                end = last.idx + len(stem)  # "livs dad": the name without its "s"
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


class TriageSpacyPersonRecognizer(EntityRecognizer):
    """spaCy's PERSON entities, trimmed of titles and roles ("Mum Shazia" -> "Shazia").

    Only PERSON is used: spaCy's DATE would redact "last night" and "the weekend", and
    its ORG label is too loose for schools (the suffix recognizers handle those).
    """

    ENTITY = pii_types.PERSON
    SCORE = 0.85

    def __init__(self, stop_words: Iterable[str]) -> None:
        super().__init__(supported_entities=[self.ENTITY], name="TriageSpacyPersonRecognizer")
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
            for tokens in self._people_in(list(entity)):
                result = self._result(nlp_artifacts.tokens, tokens)
                if result is not None:
                    results.append(result)
        return results

    @staticmethod
    def _people_in(tokens: list[Token]) -> list[list[Token]]:
        """Split an entity at lower-case words that are no name particle: spaCy reads
        "Alex hit Tyler" as one person, and "who hit whom" was lost."""
        if all(t.is_lower or not t.is_alpha for t in tokens):
            return [tokens]
        groups: list[list[Token]] = [[]]
        for token in tokens:
            if token.is_alpha and token.is_lower and token.lower_ not in NAME_PARTICLE_WORDS:
                groups.append([])
            else:
                groups[-1].append(token)
        return [group for group in groups if group]

    def _result(self, doc: Doc, tokens: list[Token]) -> RecognizerResult | None:
        """The result for one person's tokens, trimmed of words that are never names."""
        while tokens and self._droppable(tokens[0]):
            tokens.pop(0)
        while tokens and (self._droppable(tokens[-1]) or not is_name_shaped(tokens[-1])):
            tokens.pop()
        if not tokens or any(t.like_num or "@" in t.text for t in tokens):
            return None
        if len(tokens) == 1 and (noun_use(doc, tokens[0].i) or verb_use(doc, tokens[0].i)):
            return None  # "Gift vouchers were given", "Hope this helps"
        if all(is_initial(t) or not t.text[0].isupper() for t in tokens):
            return None
        start = tokens[0].idx
        end = tokens[-1].idx + len(tokens[-1].text)
        if tokens[-1].text.endswith(("'s", "’s")):
            end -= 2
        return RecognizerResult(
            entity_type=self.ENTITY, start=start, end=end, score=self.SCORE,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.__class__.__name__,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )

    def _droppable(self, token: Token) -> bool:
        word = name_word(token)
        if role_word_as_surname(token):
            return False  # "Alison FOSTER", "Neil Foster"
        return (
            not word or word in vocab.NEVER_NAMES or word in self.stop_words
            or token.is_punct or token.is_space
        )
