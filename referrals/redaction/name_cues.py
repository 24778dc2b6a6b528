"""Contexts that make a word someone's name, whatever the word means elsewhere.

The word lists decide most names, and an English word ("Bright", "Rich", "Vale") is
left alone unless something says it is a person. These contexts say so plainly enough
that the dictionary must not overrule them (the recognizer marks such words as word
names, which the name guard then judges only by vocabulary and capitals):

- a possessive before a family word: "Bright's mum says he wasn't there";
- a name given as what someone goes by: "(known as Vale)", "aka Tash", "goes by Dre";
- a short name before the full name in brackets: "Mo (Mohamed Abdi, 16)", '"Dre"
  (Andrés de la Torre)';
- a nickname in quotes right after a name's bracket, or after a listed child's age and a dash:
  'Rodel Dela Cruz ("Jun-Jun")', 'Rodelio Jr ("Jun-Jun")', 'Jericho Bautista, 7 - "Echo"';
- an apposition after a family or role word: "his dad, Andriy, calls", "a friend, Rich,
  volunteers";
- initials written with full stops: "J.W.", "A.B.";
- a month that is also a given name before a verb only people do: "April said";
- a title before a word that is otherwise never a name: "Mrs Dear", "Nurse Wolf";
- a listed first name after a possessive and a family word: "my daughter eve", and any
  capitalised word there: "mummy's friend Tiff";
- an introduction: "it's Candy from ...", "(ask for Bails)", "her name was Brandy";
- a description after a comma: "Pearl, aged 5", "Robin, the stepdad", "Crystal, mum, says";
- a role in brackets or said outright: "Ivy (mum)", "Robin is her boyfriend"; a listed
  name before an age in brackets, even a stop word: "Will (2)", and any title-case word
  before one: "Ocean (6 months)";
- (asked by the recognizer once names are marked) a listed first name joined by "and" to
  a marked name: "hope and rose".
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from referrals.redaction import vocabulary as vocab
from referrals.redaction.name_tokens import NAME_PARTICLE_WORDS, SUBJECT_VERBS, tail_of_a_split_word

QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})
POSSESSIVE = frozenset({"'s", "’s"})
GOES_BY = (("known", "as"), ("goes", "by"), ("go", "by"), ("going", "by"), ("also", "known"),
           ("everyone", "as"), ("everybody", "as"))
"""Two words before a name that say it is what someone is called ("known as Vale",
"known to everyone as Martineen")."""
NICKNAMED = frozenset({"aka", "a.k.a.", "nicknamed", "nickname"})
PERSONAL_POSSESSIVES = frozenset({"my", "his", "her", "their", "our", "your"})
APPOSITION_LEADS = vocab.ARTICLES
"""Before a family or role word and a comma, these make what follows its name: "his dad,
Andriy," ("Mum, Dad and I" has none)."""
APPOSITION_ENDS = frozenset({",", ".", ")", ";", ":", "-", "–"})
DOTTED_INITIALS = re.compile(r"(?:[A-Z]\.){2,3}\Z")
NOT_INITIALS = frozenset({"U.K.", "U.S.", "A.M.", "P.M.", "E.G.", "I.E.", "N.B.", "P.S.", "R.I.P.",
                          "U.S.A.", "D.O.B.", "A.K.A.", "G.P.", "D.V.", "S.W.", "P.C.", "D.C.",
                          "N.H.S.", "M.P.", "A.S.A.P.", "B.B.C."})
"""Abbreviations written with full stops that are nobody's initials."""


def _name_shaped(token: Token) -> bool:
    """Capitalised letters (an apostrophe or hyphen allowed), not a word that never names."""
    text = token.text
    return (
        len(text) >= 2 and text[:1].isupper() and text.replace("-", "").replace("'", "").isalpha()
        and token.lower_ not in vocab.NEVER_NAMES
    )


def _possessive_before_family(doc: Doc, i: int) -> bool:
    return i + 2 < len(doc) and doc[i + 1].text in POSSESSIVE and doc[i + 2].lower_ in vocab.KIN_WORDS


NAME_LABEL_WORDS = frozenset({"name", "names", "surname", "surnames", "forename", "forenames",
                              "nickname"})
"""A form label holding one of these ("Name:", "Child's name:", "Name of child:"), or
"name is", makes what follows it someone's name. Not "Subject:": an email's subject line
opens with anything ("Subject: URGENT", "Subject: Request for Early Help")."""
NAME_LABEL_SPAN = 4
"""How many words a name label may have before its colon ("Name of young person:")."""


def after_name_label(doc: Doc, i: int) -> bool:
    """Token ``i`` stands where a form or a writer gives a name: after "my name is",
    "name was" or "surname is", or after a label on its line holding one of
    ``NAME_LABEL_WORDS`` ("Name of child:", "Mother's name -", "Your name: nat", "Surname:")."""
    return name_label_before(doc, i) is not None


def name_label_before(doc: Doc, i: int) -> str | None:
    """The label word (one of ``NAME_LABEL_WORDS``, lower case) under which token ``i``
    gives a name (see :func:`after_name_label`), or None."""
    j = i - 1
    if j < 1:
        return None
    if doc[j].lower_ in ("is", "was"):
        label = doc[j - 1].lower_
        return label if label in NAME_LABEL_WORDS and label != "names" else None
    if doc[j].lower_ == "names" and doc[j - 1].lower_ in PERSONAL_POSSESSIVES and j == i - 1:
        return "name"  # "her names maddie cole": "her name's" without its apostrophe
    if doc[j].text not in (":", "-", "–") or (doc[j].text != ":" and not doc[j - 1].whitespace_):
        return None  # "Name:", "Name -", not "name-calling"
    for k in range(j - 1, max(-1, j - 1 - NAME_LABEL_SPAN), -1):
        token = doc[k]
        if "\n" in token.text or "\n" in token.whitespace_ or token.text in (".", ":", ";"):
            return None
        if token.lower_ in NAME_LABEL_WORDS:
            return token.lower_
    return None


FAMILY_NOUNS = frozenset({"family", "families", "family's", "household", "children", "kids",
                          "boys", "girls", "lad", "lads", "twins"})
NOT_A_FAMILY_NAME = frozenset({
    "foster", "host", "birth", "adoptive", "extended", "wider", "whole", "nuclear", "same",
    "other", "new", "previous", "blended", "step", "traveller", "gypsy", "roma", "kinship",
    "receiving", "placing", "local", "entire", "two", "three", "older", "younger", "eldest",
})


def names_a_family(doc: Doc, i: int) -> bool:
    """A capitalised word between "the" and "family" (or "children", "lads"): the family's
    surname ("referring the Ward family", "the Young children"), even when it is a word;
    not the kind of family ("the Foster family", "the Host family"). Or a family named by
    its surname in the plural (:func:`_plural_family`: "the Fishers", "the Coopers")."""
    token = doc[i]
    word = token.lower_
    if not (0 < i and doc[i - 1].lower_ == "the" and token.is_alpha and token.text[:1].isupper()
            and not token.text.isupper()):
        return False
    if i + 1 < len(doc) and doc[i + 1].lower_ in FAMILY_NOUNS:
        if _names_a_service(doc, i + 1):
            return False  # "the Caldermoor Family Front Door", "the Harrowfield children's services"
        return word not in NOT_A_FAMILY_NAME and word not in vocab.NEVER_NAMES and (
            word in vocab.surnames() or not vocab.is_ordinary_word(word))
    return _plural_family(doc, i)


SERVICE_WORDS = frozenset({
    "front", "hub", "hubs", "support", "services", "service", "centre", "help", "information",
    "court", "link", "lives", "team", "hospital", "ward",
})
"""After "Family" in title case, or after "children's", these make a service's name."""


def _names_a_service(doc: Doc, j: int) -> bool:
    """The family noun at ``j`` opens a service's name: "Family Front Door", "Family Hub"
    (title case only: "the Smith family support worker" is the family's), "children's
    services"."""
    if j + 1 >= len(doc):
        return False
    following = doc[j + 1]
    if following.text in ("'s", "’s"):
        return j + 2 < len(doc) and doc[j + 2].lower_ in SERVICE_WORDS
    return doc[j].text == "Family" and following.text[:1].isupper() and following.lower_ in SERVICE_WORDS


NOT_AFTER_A_FAMILY = frozenset({
    "estate", "flats", "area", "park", "site", "pub", "club", "centre", "center", "school",
    "road", "shop", "shops", "ward", "unit", "house", "farm", "field", "fields", "lane",
})
"""After a plural capitalised word these make it a place ("the Meadows estate", "the
Coopers pub"), not a family."""


def _plural_family(doc: Doc, i: int) -> bool:
    """ "the Fishers", "the Lees or the Loveridges", "the Hendersons": a listed surname
    plus "s", capitalised mid-sentence after "the" and not before another capitalised
    word or a place word ("the Coopers Arms", "the Meadows estate")."""
    text = doc[i].text
    if len(text) < 4 or not text.endswith("s") or text.endswith(("ss", "'s", "’s")):
        return False
    stem = text[:-1]
    if stem.lower() not in vocab.surnames() or stem in vocab.STREET_TYPES or stem.lower() in vocab.NEVER_NAMES:
        return False
    following = doc[i + 1] if i + 1 < len(doc) else None
    return following is None or not (
        following.text[:1].isupper() or following.lower_ in NOT_AFTER_A_FAMILY)


def _goes_by(doc: Doc, i: int) -> bool:
    j = i - 1
    if j >= 0 and doc[j].text in QUOTES:
        j -= 1
    if j >= 0 and doc[j].lower_ in NICKNAMED:
        return True
    return j >= 1 and (doc[j - 1].lower_, doc[j].lower_) in GOES_BY


def _before_bracketed_full_name(doc: Doc, i: int) -> bool:
    if i > 0 and doc[i - 1].text[:1].isupper():
        return False  # "Substance Misuse (Amanda Price)", "Scout Group (Akela ...)": a body's name
    j = i + 1
    if j < len(doc) and doc[j].text in QUOTES:
        j += 1
    if j + 2 >= len(doc) or doc[j].text != "(":
        return False
    given, surname = doc[j + 1], doc[j + 2]
    listed = given.lower_ in vocab.first_names() or not vocab.is_ordinary_word(given.lower_)
    surname_like = _name_shaped(surname) or surname.lower_ in NAME_PARTICLE_WORDS  # "(Andrés de la Torre)"
    return listed and _name_shaped(given) and surname_like  # not "CAMHS (Child and ..."


def _quoted_after_name_bracket(doc: Doc, i: int) -> bool:
    if i < 3 or doc[i - 1].text not in QUOTES or doc[i - 2].text not in ("(", "-"):
        return False
    j = i + 1
    while j + 1 < len(doc) and doc[j].text in ("-", "'") and doc[j + 1].text[:1].isupper():
        j += 2  # "Jun-Jun"
    if j >= len(doc) or doc[j].text not in QUOTES:
        return False
    if doc[i - 2].text == "-":  # "Jericho Bautista, 7 - "Echo"": a list of children
        return i >= 5 and doc[i - 3].like_num and doc[i - 4].text == "," and _name_shaped(doc[i - 5])
    return _name_shaped(doc[i - 3]) or doc[i - 3].text.rstrip(".") in SUFFIXES


SUFFIXES = frozenset({"Jr", "Jnr", "Snr", "Sr", "II", "III"})
"""The end of a name before a bracketed nickname ("Rodelio Jr ("Jun-Jun")")."""


def _apposition(doc: Doc, i: int) -> bool:
    if i < 3 or doc[i - 1].text != "," or doc[i - 2].lower_ not in vocab.ROLE_WORDS:
        return False
    if doc[i - 3].lower_ not in APPOSITION_LEADS:
        return False
    after = doc[i + 1] if i + 1 < len(doc) else None
    return after is None or after.text in APPOSITION_ENDS or _name_shaped(after)


MONTH_NAMES = frozenset({"april", "may", "june", "august"})
"""Months that are also given names: before a verb only people do, they are the person."""
PERSON_VERBS = vocab.SPEECH_VERBS | frozenset({
    "came", "rang", "called", "reported", "agreed", "refused", "arrived", "answered", "phoned",
    "admits",
})
"""After a month name, these make it someone ("April said", "May came in today")."""
TIME_WORDS = frozenset({
    "in", "by", "from", "until", "since", "during", "of", "last", "next", "this", "early",
    "late", "mid", "end", "before", "after", "through", "till",
})
"""Before a month name, these keep it a month ("in May said to be ..."). """
TITLE_WORDS = frozenset({"Nurse"})
"""Capitalised words that act as a title before a surname although they are no title in
lower case ("Nurse Wolf"; "the school nurse" is a role)."""


def signs_off_a_line(doc: Doc, first: int, last: int | None = None) -> bool:
    """Tokens ``first`` to ``last`` come after "Thanks," or "Kind regards," (on that line
    or the next) and end their line: the writer's name ("Thanks, April", "Kind
    regards,\nMay", "Many thanks, Frost"), or alone on the line after a sign-off line
    without its comma ("Many thanks\nAbi"); "Thanks, May I ask" goes on."""
    last = first if last is None else last
    j = first - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 0:
        return False
    if not (j >= 1 and doc[j].text == "," and doc[j - 1].lower_ in vocab.SIGN_OFF_WORDS) and not (
        _sign_off_line_before(doc, j, first)
    ):
        return False
    k = last + 1
    return k >= len(doc) or "\n" in doc[last].whitespace_ or "\n" in doc[k].text or (
        doc[k].is_punct and (k + 1 >= len(doc) or "\n" in doc[k].whitespace_ or doc[k + 1].is_space)
    )


SIGN_OFF_LINE_WORDS = 3
"""How many words a sign-off line without a comma may have ("Thanks", "Many thanks",
"With best wishes")."""


def _sign_off_line_before(doc: Doc, j: int, first: int) -> bool:
    """Token ``j`` is a sign-off word ending a short line of its own, and ``first`` opens
    the next line: "Many thanks\nAbi", "Kind regards\nWill"."""
    if doc[j].lower_ not in vocab.SIGN_OFF_WORDS:
        return False
    between = doc[j].whitespace_ + "".join(t.text for t in doc[j + 1:first])
    if "\n" not in between:
        return False
    words = 0
    for k in range(j, -1, -1):
        token = doc[k]
        if k < j and ("\n" in token.text or "\n" in token.whitespace_):
            break
        if not token.is_alpha:
            return False
        words += 1
    return words <= SIGN_OFF_LINE_WORDS


def _month_acting_as_person(doc: Doc, i: int) -> bool:
    token = doc[i]
    if token.lower_ not in MONTH_NAMES or not token.text[:1].isupper() or token.text.isupper():
        return False
    if signs_off_a_line(doc, i):
        return True  # "Thanks, April", "Kind regards,\nMay"
    before = doc[i - 1] if i > 0 else None
    if before is not None and (before.lower_ in TIME_WORDS or before.like_num):
        return False
    if before is not None and before.lower_ in MONTH_OBJECT_VERBS and i + 1 < len(doc) and (
        doc[i + 1].lower_ in ("that", "to", "about", "what", "how", "she", "he")
    ) and (i < 2 or doc[i - 2].lower_ not in PASSIVE_AUXILIARIES):
        return True  # "the hospital told June that", "I asked April to"
    return i + 1 < len(doc) and doc[i + 1].lower_ in PERSON_VERBS


MONTH_OBJECT_VERBS = frozenset({"told", "tell", "tells", "asked", "ask", "asks", "reminded", "warned",
                                "advised", "showed", "promised"})
"""Verbs that take a person and then a clause: before a month name and "that" or "to",
the month is someone ("told June that", "asked April to ring"), never a date."""
PASSIVE_AUXILIARIES = frozenset({"was", "were", "been", "be", "is", "are", "being"})
"""Before such a verb they make it passive: "he was told June to be sure" is no one."""


def _titled_word(doc: Doc, i: int) -> bool:
    """A title before a word that is otherwise never a name: "Mrs Dear", "Nurse Wolf"."""
    if i < 1 or not doc[i].text[:1].isupper() or not doc[i].is_alpha:
        return False
    before = doc[i - 1]
    return before.lower_.rstrip(".") in vocab.TITLES or before.text in TITLE_WORDS


POSSESSIVES = PERSONAL_POSSESSIVES | POSSESSIVE | {"me"}
"""Before a family word: "my", "her", ..., and "me", as the North and Scotland say "my"
("me mam dawn")."""
CLOSE_PEOPLE = vocab.KIN_WORDS | {"friend", "mate", "neighbour", "bestie", "bf", "gf"}
"""Before a capitalised word and after a possessive, these make it the person's name:
"mummy's friend Tiff", "his sister Storm"."""
INTRODUCTIONS = (("it", "'s"), ("it", "’s"), ("this", "is"), ("ask", "for"), ("asked", "for"),
                 ("asking", "for"), ("call", "her"), ("call", "him"), ("name", "was"),
                 ("name", "is"), ("name", "'s"), ("name", "’s"), ("given", "name"), ("first", "name"),
                 ("calls", "me"), ("call", "me"))
"""Two words before a capitalised word that introduce a person: "it's Candy from ...",
"this is Sarah from school", "(ask for Bails)", "to call her Amber", "her name was Brandy",
"given name Thu", "everyone calls me Mien"."""


MODAL_NAMES = frozenset({"will", "may"})
NOT_AFTER_A_VERB = frozenset({"who", "whose", "is", "has", "was", "'s", "’s"})
"""Words that follow a person, never a modal verb: "my grandson will who" is Will ("my
child said was fair" is not Said: a verb of speech may be followed by its clause)."""


def _after_possessive_kin(doc: Doc, i: int, stop_words: frozenset[str]) -> bool:
    """A word after "my daughter", "mummy's friend" and the like: any capitalised word but
    one that never names (a month still does: "our daughter June"), or in lower case a
    listed name ("my daughter eve", "my mate tom's", "rockys mum sue"), an English word
    only before "'s", punctuation, "is", "has" or "who"; not a verb ("my dad said", "her
    mum wash"), unless
    the verb is a modal that is also a given name and what follows cannot follow a modal
    ("my grandson will who lives with me", "my son will is 11")."""
    if i < 2 or doc[i - 1].lower_ not in CLOSE_PEOPLE or (
        doc[i - 2].lower_ not in POSSESSIVES and not possessive_stem(doc, i - 2, stop_words)
    ):
        return False  # the cheap test first: this runs on every token
    token = doc[i]
    word = token.lower_
    if word in MODAL_NAMES and i + 1 < len(doc) and doc[i + 1].lower_ in NOT_AFTER_A_VERB:
        return True
    if not token.is_alpha or word in stop_words or word in vocab.ROLE_WORDS or (
        word in SUBJECT_VERBS or word in vocab.PAST_FORMS
    ):
        return False
    if token.text[:1].isupper():
        return (not token.text.isupper() and word not in vocab.NEVER_NAMES) or word in MONTH_NAMES
    if word in vocab.COMMON_WORD_NAMES or word in vocab.curated_names():
        return True
    return word in vocab.first_names() and (not vocab.is_ordinary_word(word) or (
        i + 1 < len(doc) and (doc[i + 1].text in POSSESSIVE or doc[i + 1].is_punct
                              or doc[i + 1].lower_ in NOT_AFTER_A_VERB or doc[i + 1].lower_ == "had")
    ))  # "my mate tom's", "me brother robin is" (not "her mum wash and dress")


BEFORE_A_POSSESSOR = frozenset({
    "m", "'m", "’m", "am", "im", "is", "its", "was", "be", "at", "to", "from", "with", "and",
    "or", "but", "cos", "coz", "because", "for", "of", "by", "about", "like", "so", "then",
    "when", "if", "that", "where", "in", "on", "round", "near",
})
"""Words before a lower-case possessive that leave it free to own the family word after
it ("im livs dad", "at jacks mums", "cos jess's dad"); so do punctuation, a line break,
and a family word or a friend ("her mate jess's dad"). After anything else it may be a
plural ("bite marks mum said", "the kids dad")."""


def possessive_stem(doc: Doc, i: int, stop_words: frozenset[str], lower_doc: bool = True) -> str | None:
    """The name in a lower-case possessive before a family word or a friend, or None: "hi
    im livs dad" (liv), "cos jess's dad said" (jess), "rockys mum sue" (rocky), "soph
    (jacks mum)" (jack). Typed messages drop the apostrophe, so in a text written in
    lower case a final "s" comes off unless the word is itself a listed name ("chris
    mum"); a word that is English with its "s" needs a listed name without it. The name
    is a listed first name or no English word, and no family, role, stop or calendar
    word; the word before is free to own it (``BEFORE_A_POSSESSOR``)."""
    token = doc[i]
    if not token.is_lower or i + 1 >= len(doc):
        return None
    after = i + 2 if doc[i + 1].text in POSSESSIVE else i + 1
    if after >= len(doc) or doc[after].lower_ not in CLOSE_PEOPLE:
        return None  # the cheap tests first: this runs on every lower-case word
    if not token.is_alpha or tail_of_a_split_word(doc, i):
        return None  # "is|nt mum"
    stem = word = token.lower_
    if after == i + 2:
        pass  # "jess's dad"
    elif not lower_doc:
        return None  # a writer who capitalises writes the apostrophe too
    elif word.endswith("s") and len(word) > 3 and word not in vocab.first_names():
        stem = word[:-1]
        if vocab.is_ordinary_word(word) and stem not in vocab.first_names():
            return None  # "upstairs neighbour", "plus baby", "wishes mum"
    elif vocab.is_ordinary_word(word):
        return None  # "said mum", "lone dad": a word, not "chris mum"
    if ((stem in stop_words and stem not in vocab.STOP_WORD_NAMES) or stem in vocab.NEVER_NAMES
            or stem in vocab.ROLE_WORDS
            or stem in CLOSE_PEOPLE or stem in vocab.TEXT_SPEAK or stem in vocab.CALENDAR_WORDS):
        return None
    before = doc[i - 1] if i > 0 else None
    if before is not None and not (before.is_punct or before.is_space or "\n" in before.whitespace_) and (
        before.lower_ not in CLOSE_PEOPLE and before.lower_ not in BEFORE_A_POSSESSOR
    ):
        return None
    if stem in vocab.first_names() or not vocab.is_ordinary_word(stem):
        return stem
    return None


def coordinated_name(doc: Doc, i: int, stop_words: frozenset[str]) -> bool:
    """Token ``i + 2`` is a name joined by "and" to the name at ``i``, written the same way
    ("my granddaughters hope and rose", "Storm and Sky")."""
    j = i + 2
    if j >= len(doc) or doc[i + 1].lower_ != "and" or not doc[j].is_alpha:
        return False
    word = doc[j]
    same_case = word.text[:1].isupper() == doc[i].text[:1].isupper() and not word.text.isupper()
    return same_case and word.lower_ in vocab.first_names() and word.lower_ not in stop_words and (
        word.lower_ not in vocab.NEVER_NAMES and word.lower_ not in vocab.ROLE_WORDS
    )


DESCRIBED_AS = CLOSE_PEOPLE | {"carer", "teacher", "childminder", "grandma", "grandad",
                               "grandmother", "grandfather", "stepmum", "stepdad"}
"""After a name and a comma (and perhaps "the", "his", "her"), these describe the person:
"Robin, the stepdad", "Crystal, mum, says"."""
AGE_WORDS = frozenset({"aged", "age", "dob"})


def _described_after(doc: Doc, i: int) -> bool:
    """A comma, then an age or a family word: "Pearl, aged 5", "Robin, the stepdad"."""
    j = i + 1
    if j + 1 >= len(doc) or doc[j].text != ",":
        return False
    j += 1
    if doc[j].lower_ in AGE_WORDS:
        return j + 1 < len(doc) and (doc[j + 1].like_num or doc[j + 1].text == ":")
    if doc[j].lower_ in vocab.ARTICLES and j + 1 < len(doc):
        j += 1
    # the description closes ("Robin, the stepdad."); "Hello, my son got in" runs on
    return doc[j].lower_ in DESCRIBED_AS and (j + 1 >= len(doc) or doc[j + 1].text in APPOSITION_ENDS)


def _role_in_brackets_or_said(doc: Doc, i: int) -> bool:
    """The person's role in brackets or said outright: "Ivy (mum) and Ash (dad)", "Robin is
    her boyfriend"."""
    if i + 2 < len(doc) and doc[i + 1].text == "(" and doc[i + 2].lower_ in DESCRIBED_AS:
        return i + 3 < len(doc) and doc[i + 3].text == ")"
    return i + 3 < len(doc) and doc[i + 1].lower_ in ("is", "was") and (
        doc[i + 2].lower_ in PERSONAL_POSSESSIVES) and doc[i + 3].lower_ in DESCRIBED_AS


AGE_UNITS = frozenset({"y", "yr", "yrs", "yo", "y/o", "year", "years", "m", "month", "months", "mth",
                       "mths", "weeks", "wks"})
"""Units written after a child's age ("(6 months)", "Mason 8 yrs")."""
_AGE_WITH_UNIT = re.compile(r"\d{1,2}(?:" + "|".join(sorted(map(re.escape, AGE_UNITS), key=len, reverse=True)) + ")")


def is_age(token: Token) -> bool:
    """A number, or an age written as one token with its unit ("6yo", "14yrs", "9m")."""
    return token.like_num or _AGE_WITH_UNIT.fullmatch(token.lower_) is not None


def _bracketed_age_after(doc: Doc, i: int) -> bool:
    """An age in brackets right after token ``i``: "(2)", "(6 months)", "(14 yrs)"."""
    if i + 3 >= len(doc) or doc[i + 1].text != "(" or not is_age(doc[i + 2]):
        return False
    j = i + 3
    if doc[j].lower_ in AGE_UNITS and j + 1 < len(doc):
        j += 1
    return doc[j].text == ")"


def _listed_before_an_age(doc: Doc, i: int) -> bool:
    """A listed first name, stop words included, before an age in brackets: "Will (2)"."""
    return doc[i].lower_ in vocab.first_names() and _bracketed_age_after(doc, i)


def _title_case_before_an_age(doc: Doc, i: int) -> bool:
    """Any title-case word before an age in brackets, the way children are listed:
    "Autumn (3) and Ocean (6 months)"."""
    token = doc[i]
    return token.text[:1].isupper() and token.text[1:].islower() and _bracketed_age_after(doc, i)


def named_by_context(doc: Doc, i: int, stop_words: frozenset[str]) -> bool:
    """True when the context makes token ``i`` a person's name (see the module's list)."""
    token = doc[i]
    if _after_possessive_kin(doc, i, stop_words):
        return True
    if DOTTED_INITIALS.match(token.text):
        return token.text not in NOT_INITIALS
    if _month_acting_as_person(doc, i) or (
        _titled_word(doc, i) and token.lower_ in vocab.NEVER_NAMES and token.lower_ not in vocab.ROLE_WORDS
    ) or (i > 0 and doc[i - 1].text in TITLE_WORDS and _name_shaped(token)):
        return True
    if _name_shaped(token) and not token.text.isupper() and _listed_before_an_age(doc, i):
        return True
    if _name_shaped(token) and not token.text.isupper() and token.lower_ in stop_words and (
        token.lower_ in vocab.first_names() and _goes_by(doc, i)
    ):
        return True  # "(known as Will)": a stop word that is a given name, after a naming cue
    if not _name_shaped(token) or token.lower_ in stop_words or token.text.isupper():
        return False
    if i >= 2 and (doc[i - 2].lower_, doc[i - 1].lower_) in INTRODUCTIONS:
        return True
    return (
        _described_after(doc, i) or _role_in_brackets_or_said(doc, i) or _title_case_before_an_age(doc, i)
        or _possessive_before_family(doc, i) or _goes_by(doc, i) or _before_bracketed_full_name(doc, i)
        or _quoted_after_name_bracket(doc, i) or _apposition(doc, i) or signs_off_a_line(doc, i)
    )
