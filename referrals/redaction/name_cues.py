"""Contexts that make a word someone's name, whatever the word means elsewhere.

The word lists decide most names, and an English word ("Bright", "Rich", "Vale") is
left alone unless something says it is a person. These contexts say so plainly enough
that the dictionary must not overrule them (the recognizer marks such words as word
names, which the name guard then judges only by vocabulary and capitals):

- a possessive before a family word: "Bright's mum says he wasn't there";
- a name given as what someone goes by: "(known as Vale)", "aka Tash", "goes by Dre";
- a short name before the full name in brackets: "Mo (Mohamed Abdi, 16)", '"Dre"
  (Andrés de la Torre)';
- a nickname in quotes right after a name's bracket: 'Rodel Dela Cruz ("Jun-Jun")';
- an apposition after a family or role word: "his dad, Andriy, calls", "a friend, Rich,
  volunteers";
- initials written with full stops: "J.W.", "A.B.".
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from referrals.redaction import vocabulary as vocab
from referrals.redaction.name_tokens import NAME_PARTICLE_WORDS

QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})
POSSESSIVE = frozenset({"'s", "’s"})
GOES_BY = (("known", "as"), ("goes", "by"), ("go", "by"), ("going", "by"), ("also", "known"))
"""Two words before a name that say it is what someone is called ("known as Vale")."""
NICKNAMED = frozenset({"aka", "a.k.a.", "nicknamed", "nickname"})
APPOSITION_LEADS = frozenset({"his", "her", "their", "my", "our", "your", "a", "the"})
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
    if i < 3 or doc[i - 1].text not in QUOTES or doc[i - 2].text != "(":
        return False
    j = i + 1
    while j + 1 < len(doc) and doc[j].text in ("-", "'") and doc[j + 1].text[:1].isupper():
        j += 2  # "Jun-Jun"
    return _name_shaped(doc[i - 3]) and j < len(doc) and doc[j].text in QUOTES


def _apposition(doc: Doc, i: int) -> bool:
    if i < 3 or doc[i - 1].text != "," or doc[i - 2].lower_ not in vocab.ROLE_WORDS:
        return False
    if doc[i - 3].lower_ not in APPOSITION_LEADS:
        return False
    after = doc[i + 1] if i + 1 < len(doc) else None
    return after is None or after.text in APPOSITION_ENDS or _name_shaped(after)


def named_by_context(doc: Doc, i: int, stop_words: frozenset[str]) -> bool:
    """True when the context makes token ``i`` a person's name (see the module's list)."""
    token = doc[i]
    if DOTTED_INITIALS.match(token.text):
        return token.text not in NOT_INITIALS
    if not _name_shaped(token) or token.lower_ in stop_words or token.text.isupper():
        return False
    return (
        _possessive_before_family(doc, i) or _goes_by(doc, i) or _before_bracketed_full_name(doc, i)
        or _quoted_after_name_bracket(doc, i) or _apposition(doc, i)
    )
