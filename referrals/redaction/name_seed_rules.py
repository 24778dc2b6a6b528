"""Seed rules: is this one token the start of a person's name, and how sure are we?

``TriageContextNameRecognizer`` asks every token. The answer used to be one function of
124 lines whose logic was the order of its 34 returns; it is now :data:`SEED_RULES`, an
ordered list of small named rules. Each rule looks at a :class:`Seed` (the token with
the facts several rules read, worked out once) and answers ``None`` (no opinion: ask
the next rule), ``0.0`` (not a name) or a score (a name seed). The first answer wins,
so the order is part of the logic: the vetoes come first, then listed names, then
names known by their context. ``tests/redaction/test_redaction_seed_rules.py`` has a
table row for every rule.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from referrals.redaction import vocabulary as vocab
from referrals.redaction.name_cues import (
    MODAL_NAMES,
    NOT_AFTER_A_VERB,
    PERSONAL_POSSESSIVES,
    after_name_label,
    is_age,
    name_label_before,
    names_a_family,
    possessive_stem,
    signs_off_a_line,
)
from referrals.redaction.name_tokens import (
    NAME_PARTICLE_WORDS,
    SUBJECT_VERBS,
    is_initial,
    is_lower_initial,
    is_name_shaped,
    name_word,
    noun_use,
    role_word_as_surname,
    sentence_start,
    starts_organisation,
    tail_of_a_split_word,
)

if TYPE_CHECKING:
    from referrals.redaction.name_recognizers import TriageContextNameRecognizer


@dataclass
class Seed:
    """One token being judged, with what the rules share about it."""

    recognizer: TriageContextNameRecognizer
    doc: Doc
    i: int
    lower_doc: bool

    @cached_property
    def token(self) -> Token:
        """The token itself (made once: ``doc[i]`` builds a new object each call)."""
        return self.doc[self.i]

    @cached_property
    def word(self) -> str:
        """Lower case, without a possessive."""
        return name_word(self.token)

    @cached_property
    def capitalised(self) -> bool:
        """Written with a capital first letter."""
        return self.token.text[:1].isupper()

    @cached_property
    def title_case(self) -> bool:
        """Letters only, a capital then lower case ("Jun", "Naw"; not "JUN" or "McKay")."""
        text = self.token.text
        return self.token.is_alpha and text[:1].isupper() and text[1:].islower()

    @cached_property
    def cue(self) -> str | None:
        """"title", "role" or "label" for the word before, or None."""
        return self.recognizer._cue(self.doc, self.i)

    @cached_property
    def stop_word(self) -> bool:
        """One of spaCy's stop words ("he", "will")."""
        return self.word in self.recognizer.stop_words

    @cached_property
    def ambiguous(self) -> bool:
        """A name that is also a word ("Hope", "Will", "Little")."""
        return self.word in self.recognizer.ambiguous

    @cached_property
    def listed(self) -> bool:
        """On the name lists: any list when capitalised, the curated ones in lower case."""
        r = self.recognizer
        if self.capitalised:
            return self.word in r.names or (self.word in vocab.COMMON_WORD_NAMES and (
                not self.stop_word or self.word in vocab.STOP_WORD_NAMES))
        return self.word in r.curated

    @cached_property
    def listed_as_written(self) -> bool:
        """Listed, and in a case that lets the lists speak (capitalised, or an unambiguous
        curated name in a document written all in lower case)."""
        return self.listed and (self.capitalised or (self.lower_doc and not self.ambiguous))

    @property
    def before(self) -> Token | None:
        """The token before, if any."""
        return self.doc[self.i - 1] if self.i > 0 else None


SeedRule = Callable[[Seed], float | None]
NOT_A_NAME = 0.0


def _score(seed: Seed, kind: str) -> float:
    return seed.recognizer.SCORES[kind]


# --- vetoes ----------------------------------------------------------------------------------

# The one rule before the vetoes: a single letter is "not name shaped" unless a title
# stands before it.

TEXT_LETTERS = frozenset("unrybcxia")
"""Letters that are words in text speak ("u", "n", "r", "y") or never stand for a teacher."""


def letter_after_title(seed: Seed) -> float | None:
    """ "talk to miss w", "mr d you said": a teacher's initial after a title, as pupils
    write them; not a letter that is a word in text speak ("i miss u")."""
    token = seed.token
    if len(token.text) == 1 and token.is_alpha and token.lower_ not in TEXT_LETTERS and (
        seed.cue == "title"
    ):
        return _score(seed, "context")
    return None


def not_name_shaped(seed: Seed) -> float | None:
    """One letter, or characters no name has."""
    token = seed.token
    if len(token.text) < 2 or not (token.is_alpha or is_name_shaped(token)):
        return NOT_A_NAME
    return None


SYLLABLE_NAME_LENGTH = 4
"""Letters at most of a given name's last syllable ("Jun", "Man", "Hoa")."""


def last_syllable_before_brackets(seed: Seed) -> float | None:
    """ "Parents: Ma Jun (father)", "Other party - CHAN Siu Man (38)": a short word in title
    case that ends a name before a bracketed role or age is the given name's last syllable,
    even a month or a role word; the word before is a listed name, a Cantonese or Korean
    syllable, or a surname in capitals. Asked before ``never_a_name``."""
    doc, i, token = seed.doc, seed.i, seed.token
    if not seed.title_case or len(token.text) > SYLLABLE_NAME_LENGTH or i == 0 or i + 3 >= len(doc):
        return None
    before, bracket, inside, close = doc[i - 1], doc[i + 1], doc[i + 2], doc[i + 3]
    if "\n" in before.whitespace_ or not before.is_alpha or bracket.text != "(" or close.text != ")" or (
        seed.word in vocab.KIN_WORDS or (seed.word in vocab.ROLE_WORDS and seed.word not in vocab.CANTONESE_SYLLABLES)
    ):
        return None  # "Karen Smith Mum (mother)": the role, not a syllable
    if not (is_age(inside) or inside.lower_ in vocab.KIN_WORDS or inside.lower_ in vocab.ROLE_WORDS):
        return None
    word = before.lower_
    if (before.text.isupper() and len(word) > 1) or word in vocab.first_names() or word in vocab.surnames() or (
        word in vocab.CANTONESE_SYLLABLES or word in vocab.KOREAN_SYLLABLES
    ):
        return _score(seed, "context")
    return None


def never_a_name(seed: Seed) -> float | None:
    """Role words, public bodies, months ("Mum", "CAMHS"), or a noun-like name used as
    the thing it names ("Comfort was offered")."""
    if role_word_as_surname(seed.token):
        return None  # "Ms Foster", "Neil Foster"
    if not seed.word or seed.word in vocab.NEVER_NAMES or noun_use(seed.doc, seed.i):
        return NOT_A_NAME
    return None


def family_surname(seed: Seed) -> float | None:
    """ "the Ward family", "the Young children" (``name_cues.names_a_family``)."""
    return _score(seed, "context") if names_a_family(seed.doc, seed.i) else None


def owns_a_family_word(seed: Seed) -> float | None:
    """ "hi im livs dad", "rockys mum sue": a lower-case possessive before a family word
    or a friend is whose they are (``name_cues.possessive_stem``)."""
    if possessive_stem(seed.doc, seed.i, seed.recognizer.stop_words, seed.lower_doc) is not None:
        return _score(seed, "context")
    return None


def opens_an_organisation(seed: Seed) -> float | None:
    """ "Little Stars Playgroup", "Hope Street Surgery": a job for the suffix recognizers."""
    if seed.capitalised and seed.ambiguous and starts_organisation(seed.doc, seed.i):
        return NOT_A_NAME
    return None


def stop_word_name_after_label(seed: Seed) -> float | None:
    """ "my name is will barker": a stop word that is also a first name, where a form or
    a writer gives a name; asked before the vetoes of verbs and stop words."""
    if seed.word in vocab.STOP_WORD_NAMES and after_name_label(seed.doc, seed.i):
        return _score(seed, "context")
    return None


OWNERS_OF_A_THING = PERSONAL_POSSESSIVES | {"the", "a", "an", "this", "that", "own", "free"}
"""Before a word, these make it a thing owned or pointed at ("his will is", "the May has",
"my mark is 9"), not a person."""


def modal_name_as_subject(seed: Seed) -> float | None:
    """ "will has been living with me", "will is 8": a modal verb that is also a given
    name, before what never follows a modal ("is", "has", "was", "who"); not the noun
    ("his will is clear", "the May has")."""
    doc, i = seed.doc, seed.i
    if seed.word in MODAL_NAMES and i + 1 < len(doc) and doc[i + 1].lower_ in NOT_AFTER_A_VERB and (
        doc[i + 1].lower_ not in ("'s", "’s")
    ) and (i == 0 or doc[i - 1].lower_ not in OWNERS_OF_A_THING):
        return _score(seed, "context")
    return None


def lower_case_verb(seed: Seed) -> float | None:
    """ "juvenile said", "and said there was": a verb, unless a title stands before."""
    if not seed.capitalised and seed.word in SUBJECT_VERBS and seed.cue != "title":
        return NOT_A_NAME
    return None


def capital_initials(seed: Seed) -> float | None:
    """ "PN is a protective factor": up to three capitals (the name guard then asks for
    name context)."""
    text = seed.token.text
    if seed.capitalised and len(text) <= 3 and text.isupper():
        return _score(seed, "initials")
    return None


def _signature_tail(tokens: Sequence[Token]) -> bool:
    """What may follow a name that signs a message: kisses, punctuation, a number or an email."""
    return all(
        t.is_space or t.is_punct or t.like_num or t.like_email or t.lower_ in ("x", "xx", "xxx")
        for t in tokens
    )


def signs_a_message(seed: Seed) -> float | None:
    """A listed first name, in any case, that signs the message: the last line's first
    word ("jess 07470 552618", "Jade x", "Grace gracie.h@outlook.com", "lee farrow 07700
    900761", and the surname after it), or the text's last words after a sentence ("...
    near saltmarsh?? jess", "sorry. dawn"). People who text a front door sign with their
    first name, often in lower case and often a word."""
    if signs_the_message(seed.doc, seed.i, seed.recognizer.stop_words):
        return _score(seed, "context")
    return None


def signs_the_message(doc: Doc, i: int, stop_words: frozenset[str]) -> bool:
    """Token ``i`` is a first name signing the message, or the surname after one (see
    :func:`signs_a_message`). Shared with the name guard: a writer who capitalises every
    sentence may still sign "steve 07700 900714"."""
    return _first_name_signing(doc, i, stop_words) or (
        i > 0 and _surname_then_signature_tail(doc, i - 1, stop_words)
        and _first_name_signing(doc, i - 1, stop_words)
    )


def _first_name_signing(doc: Doc, i: int, stop_words: frozenset[str]) -> bool:
    """Token ``i`` is a listed first name that opens the last line, or follows the last
    sentence, with only a surname and a signature's tail after it."""
    token = doc[i]
    word = name_word(token)
    if not token.is_alpha or word not in vocab.first_names() or word in stop_words or (
        word in vocab.NEVER_NAMES
    ):
        return False
    if not (_signature_tail(doc[i + 1:]) or _surname_then_signature_tail(doc, i, stop_words)):
        return False
    j = i - 1
    while j >= 0 and doc[j].is_space and "\n" not in doc[j].text:
        j -= 1
    opens_last_line = j < 0 or "\n" in doc[j].text or "\n" in doc[j].whitespace_
    return opens_last_line or (j >= 0 and doc[j].text[-1:] in ("?", "!", "."))


def _surname_then_signature_tail(doc: Doc, i: int, stop_words: frozenset[str]) -> bool:
    """ "lee farrow 07700 900761": after token ``i``, one more word, a surname in the
    first name's case, then only what may follow a signature."""
    if i + 1 >= len(doc) or doc[i].whitespace_ != " ":
        return False
    surname = doc[i + 1]
    word = name_word(surname)
    return (
        surname.is_alpha and len(word) >= 2 and word not in stop_words
        and word not in vocab.NEVER_NAMES and word not in vocab.SIGN_OFF_WORDS
        and surname.text[:1].isupper() == doc[i].text[:1].isupper()
        and _signature_tail(doc[i + 2:])
    )


PERSON_NOUNS = vocab.KIN_WORDS | frozenset({
    "someone", "somebody", "man", "woman", "lad", "girl", "boy", "guy", "bloke", "friend",
    "mate", "kid", "lady", "person", "lads", "girls", "boys",
})
"""Before "called" or "named", these make the next word what a person is called ("someone
called smudge", "a lad named Kai"); a drug or an app "called" something is not a person."""


def called_after_a_person_noun(seed: Seed) -> float | None:
    """ "theres someone called smudge messaging her", "a man named Gaz"."""
    doc, i = seed.doc, seed.i
    if i < 2 or doc[i - 1].lower_ not in ("called", "named", "nicknamed") or (
        doc[i - 2].lower_ not in PERSON_NOUNS
    ):
        return None
    token = seed.token
    if not token.is_alpha or len(seed.word) < 2 or seed.stop_word or seed.word in vocab.NEVER_NAMES:
        return None
    return _score(seed, "context")


ROLE_IN_BRACKETS_LEADS = PERSONAL_POSSESSIVES | {"the", "a"}


def role_in_brackets_after(seed: Seed) -> float | None:
    """ "baz (the dad) screaming", "Shaz (mum)": a role in brackets after the word says
    who it is."""
    doc, i, token = seed.doc, seed.i, seed.token
    if i + 3 >= len(doc) or doc[i + 1].text != "(" or not token.is_alpha or len(seed.word) < 2 or (
        seed.stop_word or seed.word in vocab.NEVER_NAMES
    ):
        return None
    j = i + 2
    if doc[j].lower_ in ROLE_IN_BRACKETS_LEADS:
        j += 1
    if j + 1 >= len(doc) or doc[j].lower_ not in vocab.KIN_WORDS or doc[j + 1].text != ")":
        return None
    word = seed.word
    if seed.capitalised or word in vocab.first_names() or not vocab.is_ordinary_word(word):
        return _score(seed, "context")
    return None


# --- listed names ----------------------------------------------------------------------------

def listed_unambiguous(seed: Seed) -> float | None:
    """A listed name that is no English word ("Agnieszka", "Chinedu")."""
    if seed.listed_as_written and not seed.ambiguous:
        return _score(seed, "listed")
    return None


def listed_stop_word(seed: Seed) -> float | None:
    """ "Mr He", "Many thanks, He", "B Do": a surname that is a stop word needs a title,
    a sign-off or a name before it; "He was" stays."""
    if not (seed.listed_as_written and seed.stop_word and seed.word not in vocab.STOP_WORD_NAMES):
        return None
    r, doc, i = seed.recognizer, seed.doc, seed.i
    if seed.cue == "title" or signs_off_a_line(doc, i) or r._stop_word_surname(doc, i):
        return _score(seed, "listed")
    return NOT_A_NAME


def listed_with_cue_or_mid_sentence(seed: Seed) -> float | None:
    """A word name after a cue, or capitalised mid-sentence and not after an article
    ("the Summer holidays") or before "of" ("Prince of Wales"); "contact with Will"; or
    signing off ("Kind regards,\nHope")."""
    if not seed.listed_as_written:
        return None
    doc, i = seed.doc, seed.i
    mid_sentence = (
        not seed.stop_word and not sentence_start(doc, i)
        and doc[i - 1].lower_ not in vocab.ARTICLES
        and not (i + 1 < len(doc) and doc[i + 1].lower_ == "of")
    )
    object_of_verb = (
        seed.word in vocab.STOP_WORD_NAMES and i > 0 and not sentence_start(doc, i)
        and doc[i - 1].lower_ in vocab.PERSON_OBJECT_WORDS
    )
    signing_off = seed.capitalised and signs_off_a_line(doc, i)  # "Many thanks\nWill"
    return _score(seed, "listed") if seed.cue or mid_sentence or object_of_verb or signing_off else None


def listed_before_verb_or_surname(seed: Seed) -> float | None:
    """ "Summer has", "Summer Bell": a word name before a verb of a person or a surname."""
    r = seed.recognizer
    if seed.listed_as_written and (
        r._followed_by_verb(seed.doc, seed.i)
        or r._first_and_surname(seed.doc, seed.i, seed.lower_doc)
    ):
        return _score(seed, "listed")
    return None


def listed_opening_as_person(seed: Seed) -> float | None:
    """ "Jade brought in with injury", a closing line "Brown"."""
    r = seed.recognizer
    if seed.listed_as_written and (
        r._opens_as_person(seed.doc, seed.i) or r._sign_off_line(seed.doc, seed.i)
    ):
        return _score(seed, "listed")
    return None


def listed_without_evidence(seed: Seed) -> float | None:
    """A word name with nothing to say it is a person stays a word ("Hope is ...")."""
    return NOT_A_NAME if seed.listed_as_written else None


# --- names in lower case ----------------------------------------------------------------------

def lower_listed_first_name(seed: Seed) -> float | None:
    """ "interactions with amina": a listed first name that is no English word."""
    token, word = seed.token, seed.word
    if (
        not seed.capitalised and token.is_alpha and len(word) >= 3 and not seed.stop_word
        and word in vocab.first_names() and not vocab.is_ordinary_word(word)
    ):
        return _score(seed, "listed")
    return None


def lower_curated_after_object_word(seed: Seed) -> float | None:
    """ "contact with filip after", "get jaswinder ready"."""
    before = seed.before
    if not seed.capitalised and before is not None and (
        before.lower_ in vocab.BEFORE_A_LOWER_NAME
    ) and (
        seed.word in seed.recognizer.curated and seed.word in vocab.first_names()
        and seed.token.is_alpha and not seed.ambiguous
    ):
        return _score(seed, "context")
    return None


def lower_word_name_as_subject(seed: Seed) -> float | None:
    """ "school report that precious is well presented"."""
    if not seed.capitalised and seed.recognizer._lower_word_name_as_subject(seed.doc, seed.i):
        return _score(seed, "subject")
    return None


def stop_word_surname_signing_off(seed: Seed) -> float | None:
    """ "Many thanks, He": a surname that is a stop word, signing a letter."""
    if seed.capitalised and seed.stop_word and signs_off_a_line(seed.doc, seed.i):
        return _score(seed, "context")
    return None


def lower_stop_word(seed: Seed) -> float | None:
    """A stop word in lower case is never a name by itself."""
    return NOT_A_NAME if seed.stop_word and not seed.capitalised else None


def after_initial(seed: Seed) -> float | None:
    """ "H Bird", "J. Smith", "j. green" in lower case."""
    r, doc, i, word = seed.recognizer, seed.doc, seed.i, seed.word
    if i == 0 or not doc[i - 1].whitespace_ or seed.stop_word or tail_of_a_split_word(doc, i - 1):
        return None  # not after the tail of a word spaCy split: "i|m knackered"
    before = doc[i - 1]
    if (
        (seed.capitalised and is_initial(before))
        or (not seed.capitalised and r._lower_initial_before(doc, i - 1)
            and word in vocab.surnames())
        or (seed.lower_doc and is_lower_initial(before) and (
            word in r.name_like or r._unknown(seed.token)))
    ):
        return _score(seed, "context")
    return None


# --- names by context ------------------------------------------------------------------------

def stop_word_without_cue(seed: Seed) -> float | None:
    """A stop word is a name only after a role or a label ("mum Will"), or in title case
    after a title (the Hmong surname in "Mrs Her is 81")."""
    titled = seed.cue == "title" and seed.token.text[:1].isupper() and seed.token.text[1:].islower()
    return NOT_A_NAME if seed.stop_word and seed.cue not in ("role", "label") and not titled else None


def after_title(seed: Seed) -> float | None:
    """ "Mr Kowalczyk", "mrs bird", "PC 3597 Bird"."""
    if seed.cue == "title" and seed.word not in SUBJECT_VERBS:
        return _score(seed, "context")
    return None


SURNAME_LABELS = frozenset({"surname", "surnames"})
NOT_A_SURNAME = frozenset({
    "unknown", "not", "the", "same", "different", "spelt", "spelled", "also", "hyphenated",
    "withheld", "now", "still", "double", "changing", "changed", "given", "missing", "unclear",
})
"""After "surname is" or "Surname:" any word is the surname ("surname is kettle", "Surname:
Bird"), except these, which say something about it ("surname is unknown", "is the same"),
and are no name after any name label."""


def after_label(seed: Seed) -> float | None:
    """ "Victim: Jade", "re: jack evans", "i am referring shauna"; after a name label
    any word ("Your name: nat", "my name is mark sterling")."""
    if seed.cue != "label" or seed.stop_word:
        return None
    r, doc, i, word = seed.recognizer, seed.doc, seed.i, seed.word
    label = name_label_before(doc, i)
    if label is not None and word in NOT_A_SURNAME:
        return NOT_A_NAME  # "surname is unknown", "Name: not given"
    if label is not None and seed.token.is_alpha and word not in vocab.NEVER_NAMES and (
        not vocab.is_ordinary_word(word) or word in vocab.first_names() or word in vocab.surnames()
        or label in SURNAME_LABELS
    ):
        return _score(seed, "context")  # "my name is mark sterling", not "our name is finished"
    unknown = r._unknown(seed.token) and (
        seed.lower_doc or doc[i - 1].lower_ not in vocab.TOPIC_WORDS
        or (i + 1 < len(doc) and r._lower_surname(doc, i + 1))
    )
    name_like = word in r.name_like and (seed.lower_doc or not vocab.is_ordinary_word(word))
    return _score(seed, "context") if seed.capitalised or unknown or name_like else None


NAME_VALUE_WORDS = 3
"""How many words the value of a name label may have ("Your name: liberty rose wolf")."""


NAME_VALUE_ENDERS = frozenset({"and", "but", "from", "i", "im", "who", "my"})
"""Words that end a name given in a sentence ("my name is mark sterling and my daughter")."""


def rest_of_a_name_value(seed: Seed) -> float | None:
    """The second or third word of what a name label gives, when that is all its line
    holds or a connecting word ends it: "Your name: liberty wolf", "Name of child: jade
    ann smith", "my name is mark sterling and my daughter". A form's name field holds a
    name, whatever its words are; the first word is ``after_label``'s."""
    doc, i, token = seed.doc, seed.i, seed.token
    if not token.is_alpha or seed.stop_word or seed.word in vocab.NEVER_NAMES:
        return None
    first = i
    while first > 0 and i - first < NAME_VALUE_WORDS - 1 and doc[first - 1].is_alpha and (
        "\n" not in doc[first - 1].whitespace_
    ):
        first -= 1
        if after_name_label(doc, first):
            break
    if first == i or not after_name_label(doc, first):
        return None
    last = i
    while last + 1 < len(doc) and doc[last + 1].is_alpha and "\n" not in doc[last].whitespace_ and (
        doc[last + 1].lower_ not in NAME_VALUE_ENDERS
    ):
        last += 1
    ends_line = last + 1 >= len(doc) or "\n" in doc[last].whitespace_ or doc[last + 1].is_space or (
        doc[last + 1].text in (",", "(", ".") or doc[last + 1].lower_ in NAME_VALUE_ENDERS
    )
    return _score(seed, "context") if ends_line and last - first < NAME_VALUE_WORDS else None


QUOTE_MARKS = frozenset({'"', "“", "”", "'", "‘", "’"})
NICKNAME_CUES = frozenset({
    "called", "calls", "calling", "named", "known", "as", "aka", "nicknamed", "meet", "from",
    "contact", "him", "her", "himself", "herself", "uses", "prefers", "use", "prefer",
})
"""Before a quoted word, these make it what someone is called: a man "called "Kev"", messages
"from "Mo"", "calls him "Raz"", "to meet "Bigz"", a contact "Bossman", "Maria (uses "Tin")",
"(please use "Nacho")"."""


CALLERS = frozenset({"they", "we", "people", "everyone", "everybody", "lads", "kids", "i"})
"""Before "call" or "calls", these make the next word a nickname ("the one they call Biscuit")."""


def is_called_by_others(doc: Doc, i: int) -> bool:
    """The word is what people call someone: "they call Biscuit", "calls him Raz", "call
    her Tiny", "introduces herself as Nok", "goes by Tin"; a phone call ("I will call
    Sarah") is a person too, but is left to the other rules."""
    if i >= 2 and doc[i - 1].lower_ in ("call", "calls") and doc[i - 2].lower_ in CALLERS:
        return True
    if i >= 2 and doc[i - 1].lower_ == "as" and (doc[i - 2].lower_ == "known" or (
        i >= 3 and doc[i - 2].lower_ in SELVES and doc[i - 3].lower_ in SELF_NAMING
    )):
        return True  # "introduces herself as Nok", "known as Bong"
    if i >= 2 and doc[i - 1].lower_ == "by" and doc[i - 2].lower_ == "goes":
        return True  # "he goes by Tin"; "went by Aldi" is a shop
    return i >= 2 and doc[i - 1].lower_ in ("him", "her", "them") and (
        doc[i - 2].lower_ in ("call", "calls", "called")
    )


SELVES = frozenset({"herself", "himself", "themselves", "themself"})
SELF_NAMING = frozenset({
    "introduces", "introduced", "introducing", "calls", "called", "refers", "referred", "signs",
    "signed", "names", "named",
})
"""Before "herself as" and the like, these make the next word the name someone goes by
("introduces herself as Nok"); "describe themselves as English" gives no name."""


def _quoted_after_quoted_name(doc: Doc, i: int) -> bool:
    """ "from "Dre" and "Smokey"": a quoted word joined to a quoted nickname before it."""
    k = i - 2  # the joining word
    if k < 4 or doc[k].lower_ not in ("and", "or", ",", "&"):
        return False
    if doc[k - 1].text not in QUOTE_MARKS:
        return False
    j = k - 2
    while j > 0 and doc[j].text not in QUOTE_MARKS and j > k - 4:
        j -= 1
    return doc[j].text in QUOTE_MARKS and j >= 1 and doc[j - 1].lower_ in NICKNAME_CUES and (
        doc[j + 1].text[:1].isupper()
    )


def is_bracketed_nickname(doc: Doc, i: int) -> bool:
    """A capitalised word in brackets between a listed first name and a capitalised word:
    the short name the person goes by ("Robyn (Rob) Kettleborough", "Alexander (Sandy)
    Pryce")."""
    if i < 2 or i + 2 >= len(doc) or doc[i - 1].text != "(" or doc[i + 1].text != ")":
        return False
    given, surname = doc[i - 2], doc[i + 2]
    return (
        doc[i].is_alpha and doc[i].text[:1].isupper() and given.is_alpha and surname.is_alpha
        and given.text[:1].isupper() and surname.text[:1].isupper()
        and given.lower_ in vocab.first_names()
    )


def bracketed_nickname(seed: Seed) -> float | None:
    """ "Robyn (Rob) Kettleborough": the bracketed word is what the person is called."""
    if seed.stop_word or not is_bracketed_nickname(seed.doc, seed.i):
        return None
    return _score(seed, "context")


def is_quoted_nickname(doc: Doc, i: int, j: int) -> bool:
    """Words ``i`` to ``j`` (exclusive) stand in quotes after a word that introduces what
    someone is called, or joined to such a quoted word: a man called "Smithy", messages
    from "Mo", from "Dre" and "Smokey"."""
    if i < 2 or j >= len(doc) or doc[i - 1].text not in QUOTE_MARKS:
        return False
    if doc[j].text not in QUOTE_MARKS | {'",', '".'}:
        return False
    return doc[i - 2].lower_ in NICKNAME_CUES or _quoted_after_quoted_name(doc, i)


def quoted_nickname(seed: Seed) -> float | None:
    """A capitalised word in quotes after a word that introduces what someone is called,
    or joined to such a word ("from "Dre" and "Smokey""), or what people call someone
    without quotes ("the tall one they call Biscuit")."""
    doc, i = seed.doc, seed.i
    if seed.token.text.isupper() or i < 2 or seed.stop_word:
        return None
    if is_called_by_others(doc, i) and seed.token.is_alpha and (
        seed.capitalised or seed.lower_doc or not vocab.is_ordinary_word(seed.word)
    ):
        return _score(seed, "context")  # "the man everyone calls stevo"
    if not seed.capitalised:
        return None
    if doc[i - 1].text not in QUOTE_MARKS or not (
        doc[i - 2].lower_ in NICKNAME_CUES or _quoted_after_quoted_name(doc, i)
    ):
        return None
    j = i + 1
    while j < len(doc) and j <= i + 2 and doc[j].text[:1].isupper() and doc[j].is_alpha:
        j += 1  # "Big Mike"
    if j < len(doc) and doc[j].text in QUOTE_MARKS | {'",', '".'}:
        return _score(seed, "context")
    return None


def capitalised_after_role(seed: Seed) -> float | None:
    """ "mum Shazia", "baby Hope" mid-sentence, or after a colon or comma."""
    doc, i = seed.doc, seed.i
    if seed.cue in ("role", "label") and seed.capitalised and (
        not sentence_start(doc, i) or doc[i - 1].text in (":", ",")
    ):
        return _score(seed, "context")
    return None


def listed_after_role(seed: Seed) -> float | None:
    """ "mum hope": a listed name after a role, virtue names included."""
    if seed.cue in ("role", "label") and seed.listed and (
        not seed.ambiguous or seed.word in vocab.VIRTUE_NAMES
    ):
        return _score(seed, "context")
    return None


def first_name_after_kin_word(seed: Seed) -> float | None:
    """ "mum dalia", "baby billy": a first name after a family word, in any case."""
    r, doc, i, word = seed.recognizer, seed.doc, seed.i, seed.word
    if (
        seed.cue == "role" and doc[i - 1].lower_ in vocab.KIN_WORDS
        and word in vocab.first_names()
        and (word in r.curated or word not in vocab.english_words())
        and word not in vocab.COMMON_WORD_NAMES and word not in vocab.PAST_FORMS
        and word not in SUBJECT_VERBS and seed.token.is_alpha
        and word not in vocab.ABSTRACT_NAMES
    ):
        return _score(seed, "context")
    return None


SELF_INTRODUCTION_CUES = frozenset({"im", "its"})
"""Before a name, "im" ("i'm") or "its" ("it's") is someone introducing themselves."""


def _after_self_introduction(doc: Doc, i: int) -> bool:
    """Token ``i`` follows "im", "i'm" (spaCy splits "im" into "i" and "m") or "its"."""
    before = doc[i - 1].lower_ if i > 0 else ""
    if before in SELF_INTRODUCTION_CUES:
        return True
    return before in ("m", "'m", "’m") and i > 1 and doc[i - 2].lower_ == "i"


AFTER_A_SELF_INTRODUCTION = frozenset({"im", "i", "and", "from", "aged", "age", "here", "again", "btw"})
"""After a name given after "im", these close the introduction ("its rayhan im 13")."""


def is_self_introduction(doc: Doc, i: int, stop_words: frozenset[str]) -> bool:
    """ "hi its rayhan im 13", "dont say it was me. im tom": a young person giving their
    own name in a chat. After "im" or "its", an unknown word or a listed first name, then
    the end of the line, punctuation, an age or "im"; a first name that is also a word
    only after "im" ("im tom") and only if it is not one of the everyday-word names ("im
    mark"), so "im tired", "its fine", "its true" and "im sorry" stay. Shared by the seed
    rule and the name guard, which would otherwise drop a lower-case word in a text with
    capitals."""
    token = doc[i]
    word = token.lower_
    if not _after_self_introduction(doc, i) or not token.is_alpha or token.text.isupper() or (
        word in stop_words or word in vocab.NEVER_NAMES or word in vocab.TEXT_SPEAK
    ):
        return False
    if doc[i - 1].lower_ == "its" and i > 1 and doc[i - 2].lower_ in ("that", "if", "what", "how"):
        return False  # "that its fine"
    following = doc[i + 1] if i + 1 < len(doc) else None
    if following is not None and (
        _unknown_surname(doc, i + 1, stop_words) or _listed_surname(doc, i + 1, stop_words)
    ):
        following = doc[i + 2] if i + 2 < len(doc) else None  # "im kez dunmore", "its dawn baker i"
    if not (following is None or following.is_punct or "\n" in doc[following.i - 1].whitespace_ + following.text
            or following.like_num or following.lower_ in AFTER_A_SELF_INTRODUCTION):
        return False
    if word in vocab.english_words():
        # "im tom" gives a name; "its true", "its summer" speak of something; after a
        # greeting even a name that is a word is given ("hi its dean from", "hi im mark,")
        if _greeted(doc, i):
            return word in vocab.first_names()
        return doc[i - 1].lower_ != "its" and word in vocab.first_names() and word not in vocab.COMMON_WORD_NAMES
    return word in vocab.first_names() or not vocab.is_ordinary_word(word)


GREETINGS = frozenset({"hi", "hello", "hiya", "hey", "morning", "evening", "afternoon"})
"""Before "im" or "its", a greeting makes what follows the writer's name."""


def _greeted(doc: Doc, i: int) -> bool:
    """A greeting, perhaps with a comma, right before the "im" or "its" before token ``i``."""
    cue = i - 1 if doc[i - 1].lower_ in SELF_INTRODUCTION_CUES else i - 2
    j = cue - 1
    if j >= 0 and doc[j].text == ",":
        j -= 1
    return j >= 0 and doc[j].lower_ in GREETINGS


def _unknown_surname(doc: Doc, j: int, stop_words: frozenset[str]) -> bool:
    """Token ``j`` may be the surname after a self-introduced first name: no English word,
    no stop word, written in the first name's case."""
    token = doc[j]
    word = token.lower_
    return (
        token.is_alpha and len(word) >= 3 and "\n" not in doc[j - 1].whitespace_
        and token.text[:1].isupper() == doc[j - 1].text[:1].isupper()
        and word not in stop_words and word not in vocab.NEVER_NAMES and word not in vocab.TEXT_SPEAK
        and not vocab.is_ordinary_word(word)
    )


def _listed_surname(doc: Doc, j: int, stop_words: frozenset[str]) -> bool:
    """Token ``j`` is a listed surname on the self-introduced first name's line, in its
    case, even one that is an English word ("hiya its dawn baker i dunno")."""
    token = doc[j]
    return (
        token.is_alpha and "\n" not in doc[j - 1].whitespace_ and token.lower_ not in stop_words
        and token.text[:1].isupper() == doc[j - 1].text[:1].isupper()
        and token.lower_ in vocab.surnames()
    )


def introduces_self(seed: Seed) -> float | None:
    """A name given after "im" or "its" (:func:`is_self_introduction`)."""
    if is_self_introduction(seed.doc, seed.i, seed.recognizer.stop_words):
        return _score(seed, "context")
    return None


def _after_a_possessive_kin_word(doc: Doc, i: int) -> bool:
    """Token ``i`` follows "my brother", "her son" and the like: a possessive, then a family
    word in the singular (a plural is a possessive without its apostrophe: "my sons room")."""
    if i < 2:
        return False
    kin = doc[i - 1].lower_
    return kin in vocab.KIN_WORDS and not kin.endswith("s") and doc[i - 2].lower_ in PERSONAL_POSSESSIVES


def word_given_an_age_after_kin_word(seed: Seed) -> float | None:
    """ "my brother con is 16", "her son jay (4)": any word between a possessive kin word
    and an age is what the child is called, even an English word; not after a plural,
    which is a possessive without its apostrophe ("my sons room (15)")."""
    doc, i, token = seed.doc, seed.i, seed.token
    if seed.cue != "role" or not _after_a_possessive_kin_word(doc, i) or not token.is_alpha or (
        seed.stop_word or seed.word in vocab.NEVER_NAMES
    ):
        return None
    rest = doc[i + 1:i + 4]
    if len(rest) == 3 and rest[0].lower_ == "who":
        rest = rest[1:]  # "my nephew brook who is 4"
    aged = len(rest) >= 2 and (
        (rest[0].lower_ in ("is", "was", "aged") and rest[1].like_num)
        or (rest[0].text in ("(", ",") and is_age(rest[1]))
    )
    return _score(seed, "context") if aged else None


CHILD_AGE_LIMIT = 19
AFTER_A_CHILDS_AGE = frozenset({"and", "but", "so", "in", "at", "yrs", "years", "year", "months",
                                "weeks", "now", "next", "soon"})
"""Words that may close a child's age ("brooke is 11 and", "ivy is 5 in"); not "8 feet"."""


def listed_name_given_an_age(seed: Seed) -> float | None:
    """ "brooke is 11, rocky is 8 and ivy is 5": in a text written in lower case, a listed
    first name, even an English word, followed by "is", "was" or "aged" and a child's age
    that ends its phrase; not after a determiner or a possessive ("the page is 12")."""
    doc, i, word = seed.doc, seed.i, seed.word
    if seed.capitalised or not seed.lower_doc or not seed.token.is_alpha or i + 2 >= len(doc) or (
        word not in vocab.first_names() or (seed.stop_word and word not in vocab.STOP_WORD_NAMES)
    ):
        return None
    verb, age = doc[i + 1], doc[i + 2]
    if verb.lower_ not in ("is", "was", "aged") or not age.is_digit or int(age.text) > CHILD_AGE_LIMIT:
        return None
    after = doc[i + 3] if i + 3 < len(doc) else None
    if after is not None and not (after.is_punct or after.is_space or after.lower_ in AFTER_A_CHILDS_AGE):
        return None  # "jack is 8 feet", not an age
    if i > 0 and doc[i - 1].lower_ in OWNERS_OF_A_THING:
        return None
    return _score(seed, "context")


def unknown_word_after_role(seed: Seed) -> float | None:
    """ "mum yvonne", "juvenile dede": no English word, after a role or label, not a topic;
    after a possessive family word even in a text with capitals ("my brother kuba his tea")."""
    if seed.cue not in ("role", "label"):
        return None
    r, doc, i = seed.recognizer, seed.doc, seed.i
    topic = not seed.lower_doc and doc[i - 1].lower_ in vocab.TOPIC_WORDS
    kin = _after_a_possessive_kin_word(doc, i) and len(seed.word) >= 3 and (
        not seed.word.endswith(("ed", "ing", "able"))
    )  # "my brother kuba", not "my baby unrousable" or "my mum messaged"
    if r._unknown(seed.token) and not topic and (
        seed.lower_doc or seed.capitalised or kin or r._introduces(doc, i) or r._ends_phrase(doc, i)
    ):
        return _score(seed, "context")
    return None


def hyphened_given_name(seed: Seed) -> float | None:
    """The first syllable of a romanised Korean or Cantonese given name, hyphened to the
    second with no space: "Ha-eun", "Min-ho", "Tai-man" (each syllable alone may be an English word, or
    an interjection the next rule would drop: "Ha"); a doubled one is a word ("Ha-ha",
    "So-so")."""
    doc, i, token = seed.doc, seed.i, seed.token
    if not seed.title_case or i + 2 >= len(doc):
        return None
    hyphen, second = doc[i + 1], doc[i + 2]
    if token.whitespace_ or hyphen.text != "-" or hyphen.whitespace_:
        return None
    return _score(seed, "context") if vocab.hyphened_given_name(token.text, second.text) and second.is_lower else None


NEVER_NAME_RULES = frozenset({"doubled_given_name", "last_syllable_before_brackets"})
"""Seed rules that take words the lists say never name ("Jun", "Man"): their marks are
kept past the never-name filter, as initials and weekday names are."""


def doubled_given_name(seed: Seed) -> float | None:
    """ "Jun-Jun", "Bong-Bong": a word hyphened to itself, both halves in title case, is a
    Filipino nickname even when the word is a month or a role ("Ha-ha" stays a laugh)."""
    doc, i, token = seed.doc, seed.i, seed.token
    if token.whitespace_ or i + 2 >= len(doc) or not seed.title_case:
        return None  # the cheap tests first: this runs on every word
    hyphen, second = doc[i + 1], doc[i + 2]
    if hyphen.text != "-" or hyphen.whitespace_ or second.text != token.text:
        return None
    return _score(seed, "context")


def patronymic(seed: Seed) -> float | None:
    """ "SAIDOV Firdavs Rustamovich", "Aigerim Bolatkyzy": a patronymic by its ending,
    in title case or capitals (``vocabulary.is_patronymic``)."""
    if seed.capitalised and seed.token.is_alpha and vocab.is_patronymic(seed.token.text):
        return _score(seed, "listed")
    return None


KAREN_PREFIXES = frozenset({"Naw", "Saw"})
"""Karen prefixes, in title case, that open a name ("Naw Paw Say", "Saw Eh Htoo")."""


def after_a_karen_prefix(seed: Seed) -> float | None:
    """A Karen prefix not opening a sentence ("Saw" opening one is the verb), or a short
    title-case syllable up to two words after it: Karen names are strings of syllables that
    are often English words ("Naw Paw Say", "Law Eh Paw")."""
    doc, i, token = seed.doc, seed.i, seed.token
    if not seed.title_case:
        return None
    if token.text in KAREN_PREFIXES:
        opens = sentence_start(doc, i) or (i > 0 and doc[i - 1].text in QUOTE_MARKS)
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        named = nxt is not None and nxt.is_alpha and nxt.text[:1].isupper() and nxt.text[1:].islower()
        return _score(seed, "context") if named and not opens and token.whitespace_ else None
    for back in (1, 2):
        j = i - back
        if j < 0 or not (doc[j].is_alpha and doc[j].text[:1].isupper()):
            return None
        if doc[j].text in KAREN_PREFIXES and len(token.text) <= 5:
            return after_a_karen_prefix(Seed(seed.recognizer, doc, j, seed.lower_doc))
    return None


CHILDREN_WORDS = vocab.KIN_WORDS | frozenset({"boys", "girls", "kids", "children", "twins", "brothers", "sisters"})
"""Family words after which an unknown title-case word is a relative's name ("my boys
Sione and Viliami", "a younger brother, Sota, 9", "Mother, Wulandari (one name only)")."""


def unknown_after_kin_word(seed: Seed) -> float | None:
    """A title-case word that is no English word, right after a family word (perhaps with
    a comma between), or after such a name and "and": "my boys Sione and Viliami", "a younger
    brother, Sota, 9". In any text, not only lower-case ones (the name guard still keeps a
    vocabulary term: "my sister Portuguese")."""
    doc, i = seed.doc, seed.i
    if not (_unknown_title_case(seed, i) and i > 0):
        return None
    j = i - 1
    if doc[j].lower_ == "and" and j > 0 and _unknown_title_case(seed, j - 1):
        j -= 2  # the second of two names after one family word
    if j >= 0 and doc[j].text == ",":
        j -= 1
    if j >= 0 and doc[j].lower_ in CHILDREN_WORDS:
        return _score(seed, "context")
    return None


def remaining_stop_word(seed: Seed) -> float | None:
    """Any stop word left over is not a name."""
    return NOT_A_NAME if seed.stop_word else None


def speaker_opening_sentence(seed: Seed) -> float | None:
    """ "Elikem has no history of...": a capitalised word opening a sentence before a
    verb of speech."""
    doc, i, token = seed.doc, seed.i, seed.token
    if seed.capitalised and sentence_start(doc, i) and i + 1 < len(doc) and (
        doc[i + 1].lower_ in seed.recognizer.SPEECH_VERBS and token.is_alpha
        and not token.text.isupper()
    ):
        return _score(seed, "subject")
    return None


def first_name_and_surname(seed: Seed) -> float | None:
    """ "summer bell has", "Faith LAMB found"."""
    if seed.recognizer._first_and_surname(seed.doc, seed.i, seed.lower_doc):
        return _score(seed, "listed")
    return None


def introduces_a_subject(seed: Seed) -> float | None:
    """ "gifty denies", "rocco sharpe has", "Nii (aged 7)"; not a word after "im", where
    only a self-introduction gives a name ("the reason im messaging is")."""
    r, doc, i, token = seed.recognizer, seed.doc, seed.i, seed.token
    if _after_self_introduction(doc, i) and doc[i - 1].lower_ != "its":
        return None
    name_here = r._unknown(token) or (
        r._name_in_case(token, seed.lower_doc) and r._free_standing(doc, i)
    )
    if not name_here:
        return None
    pair = i + 1 < len(doc) and token.whitespace_ == " " and (
        r._unknown(doc[i + 1]) or r._name_in_case(doc[i + 1], seed.lower_doc)
    ) and r._introduces(doc, i + 1)
    return _score(seed, "subject") if r._introduces(doc, i) or pair else None


def subject_mid_sentence(seed: Seed) -> float | None:
    """ "Staff have noticed that Wisdom goes missing"."""
    r, doc, i, token = seed.recognizer, seed.doc, seed.i, seed.token
    if seed.capitalised and not token.text.isupper() and not sentence_start(doc, i) and (
        doc[i - 1].lower_ not in vocab.ARTICLES and r._introduces(doc, i)
    ) and (seed.word in r.name_like or r._unknown(token)):
        return _score(seed, "subject")
    return None


def acted_on(seed: Seed) -> float | None:
    """ "ignores Rahaf", "a fight with Sharmarke"."""
    if seed.capitalised and not seed.token.text.isupper() and seed.recognizer._acted_on(
        seed.doc, seed.i
    ):
        return _score(seed, "context")
    return None


def names_a_role(seed: Seed) -> float | None:
    """ "Nusrat Nawaz, Housing Officer"."""
    r = seed.recognizer
    if r._names_role(seed.doc, seed.i) and (
        seed.capitalised or seed.listed or r._unknown(seed.token)
    ):
        return _score(seed, "context")
    return None


def closing_line(seed: Seed) -> float | None:
    """A closing line of one to three capitalised words: the writer's name ("White")."""
    if seed.capitalised and seed.recognizer._sign_off_line(seed.doc, seed.i):
        return _score(seed, "context")
    return None


def _unknown_title_case(seed: Seed, j: int) -> bool:
    """The token at ``j`` is a title-case word that is no English word, listed term or role."""
    if not 0 <= j < len(seed.doc):
        return False
    token = seed.doc[j]
    return token.text[:1].isupper() and not token.text.isupper() and seed.recognizer._unknown(token)


ADJECTIVE_ENDINGS = ("ian", "ean", "ese", "ist", "ish")
"""Endings of the nationality and faith words that stand before a body's name."""


def _capitalised_word(doc: Doc, j: int) -> bool:
    return 0 <= j < len(doc) and doc[j].is_alpha and doc[j].text[:1].isupper()


def _pair_partner(seed: Seed) -> tuple[int, int] | None:
    """The first and last index of a two-word name around the seed: side by side, or with
    lower-case particles between ("Pieter de Vries", "Maria de la Cruz")."""
    i, doc = seed.i, seed.doc
    for step in (1, -1):
        j = i + step
        while 0 <= j < len(doc) and doc[j].lower_ in NAME_PARTICLE_WORDS and doc[j].is_lower:
            j += step
        if j == i + step and _unknown_title_case(seed, j):
            return min(i, j), max(i, j)
        if j != i + step and 0 <= j < len(doc) and doc[j].text[:1].isupper() and doc[j].is_alpha:
            return min(i, j), max(i, j)
    return None


def unknown_pair(seed: Seed) -> float | None:
    """Exactly two title-case words, side by side or with name particles between, that are
    neither English words nor on any list, and not the start of a body's or a street's name:
    a full name the lists do not hold ("Call from Fatou Jallow", "mum, Selam Tesfay",
    "Pieter de Vries"). spaCy's small model often calls such a pair an organisation or a
    place."""
    i, doc = seed.i, seed.doc
    if not _unknown_title_case(seed, i):
        return None
    pair = _pair_partner(seed)
    if pair is None:
        return None
    first, last = pair
    if first > 0 and doc[first - 1].lower_ in ("a", "an", "the"):
        return None  # "a Ghanaian Methodist congregation", "the Okonkwo family"
    if any(doc[j].lower_.endswith(ADJECTIVE_ENDINGS) for j in (first, last)):
        return None  # nationalities and faiths: "Sudanese", "Baptist", "Eritrean"
    if _capitalised_word(doc, first - 1) or _capitalised_word(doc, last + 1):
        return None  # three or more: a body's name ("Allgemeiner Sozialer Dienst") more often
    if starts_organisation(doc, first) or (
        last + 1 < len(doc) and (doc[last + 1].text in vocab.STREET_TYPES
                                 or doc[last + 1].lower_ in vocab.PUBLIC_BODIES)
    ):
        return None
    return _score(seed, "context")


SEED_RULES: tuple[tuple[str, SeedRule], ...] = (
    ("letter_after_title", letter_after_title),
    ("not_name_shaped", not_name_shaped),
    ("hyphened_given_name", hyphened_given_name),
    ("patronymic", patronymic),
    ("doubled_given_name", doubled_given_name),
    ("after_a_karen_prefix", after_a_karen_prefix),
    ("last_syllable_before_brackets", last_syllable_before_brackets),
    ("never_a_name", never_a_name),
    ("bracketed_nickname", bracketed_nickname),
    ("family_surname", family_surname),
    ("owns_a_family_word", owns_a_family_word),
    ("opens_an_organisation", opens_an_organisation),
    ("stop_word_name_after_label", stop_word_name_after_label),
    ("modal_name_as_subject", modal_name_as_subject),
    ("lower_case_verb", lower_case_verb),
    ("capital_initials", capital_initials),
    ("signs_a_message", signs_a_message),
    ("called_after_a_person_noun", called_after_a_person_noun),
    ("role_in_brackets_after", role_in_brackets_after),
    ("listed_unambiguous", listed_unambiguous),
    ("listed_stop_word", listed_stop_word),
    ("listed_with_cue_or_mid_sentence", listed_with_cue_or_mid_sentence),
    ("listed_before_verb_or_surname", listed_before_verb_or_surname),
    ("listed_opening_as_person", listed_opening_as_person),
    ("listed_without_evidence", listed_without_evidence),
    ("lower_listed_first_name", lower_listed_first_name),
    ("lower_curated_after_object_word", lower_curated_after_object_word),
    ("lower_word_name_as_subject", lower_word_name_as_subject),
    ("stop_word_surname_signing_off", stop_word_surname_signing_off),
    ("lower_stop_word", lower_stop_word),
    ("after_initial", after_initial),
    ("stop_word_without_cue", stop_word_without_cue),
    ("after_title", after_title),
    ("after_label", after_label),
    ("rest_of_a_name_value", rest_of_a_name_value),
    ("quoted_nickname", quoted_nickname),
    ("capitalised_after_role", capitalised_after_role),
    ("listed_after_role", listed_after_role),
    ("first_name_after_kin_word", first_name_after_kin_word),
    ("word_given_an_age_after_kin_word", word_given_an_age_after_kin_word),
    ("listed_name_given_an_age", listed_name_given_an_age),
    ("introduces_self", introduces_self),
    ("unknown_word_after_role", unknown_word_after_role),
    ("unknown_after_kin_word", unknown_after_kin_word),
    ("remaining_stop_word", remaining_stop_word),
    ("speaker_opening_sentence", speaker_opening_sentence),
    ("first_name_and_surname", first_name_and_surname),
    ("introduces_a_subject", introduces_a_subject),
    ("subject_mid_sentence", subject_mid_sentence),
    ("acted_on", acted_on),
    ("names_a_role", names_a_role),
    ("closing_line", closing_line),
    ("unknown_pair", unknown_pair),
)
"""The seed rules in the order they are asked; the first answer wins."""

NO_RULE = "no_rule"


def deciding_rule(seed: Seed) -> tuple[str, float]:
    """The first rule with an answer and its score (``NO_RULE``, 0.0 when none answers)."""
    for name, rule in SEED_RULES:
        score = rule(seed)
        if score is not None:
            return name, score
    return NO_RULE, NOT_A_NAME
