"""Other ways one document writes the people it names: short forms, declared nicknames,
and the owners of email addresses.

Propagation (:mod:`referrals.redaction.propagation`) redacts every recurrence of a found
name's words. Writers also call the same person by words that are not the name's:

- a short form families and friends use, made from the front of the name ("stace" for
  Stacey, "jonno" for Jonathan, "Lils" for Lily, "deano" for Dean);
- a nickname a form or a writer declares ('("Migmig" at home)', "(home: Teo / Teíto)",
  '(prefers "Wren")', '(school records have "Harprit")', 'Anahit "Ani" (11)');
- the name spelled by an email address, written just before it in a signature ("Abi
  Tranter HV abi.tranter@...").

Each function returns lower-case words that propagation then treats as name words.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from referrals.redaction import vocabulary as vocab
from referrals.redaction.name_tokens import name_word

WORD = re.compile(r"[^\W\d_][\w'’.-]*")
"""A word as propagation and the alias finders read one: a letter, then letters, digits,
apostrophes, dots or hyphens."""


SHORT_FORM_ENDINGS = ("", "s", "e", "o", "no", "y", "ie", "sy", "za", "zza", "z")
"""Endings families add to the front of a name to make a short form: "stace" (Stacey),
"Lils" (Lily), "jonno" (Jonathan), "Mase" (Mason), "cait" (Caitlin)."""
SHORT_FORM_STEM = 3
"""Letters of the name a short form must keep: "Jo" or "Al" alone could be anything."""


def shortened_names(doc: Doc, names: set[str], stop_words: frozenset[str]) -> set[str]:
    """Words that shorten a found name the way families and friends do, so that once
    "Stacey" or "Caitlin" is named, "stace" and "cait" are taken too.

    A short form is the first three or more letters of a found name word, maybe with one
    of ``SHORT_FORM_ENDINGS``, and is itself no dictionary word ("bran", "pops" and "cal"
    stay words), no text speak ("bro" before "Brooke"), no role, stop, month or weekday
    word, and not written in capitals (initials are another rule's)."""
    stems = [name for name in names if len(name) > SHORT_FORM_STEM and name.isalpha()]
    if not stems:
        return set()
    short: set[str] = set()
    for token in doc:
        word = name_word(token)
        if (word in names or word in short or len(word) < SHORT_FORM_STEM or not word.isalpha()
                or token.text.isupper() or word in vocab.english_words() or word in stop_words
                or word in vocab.TEXT_SPEAK or word in vocab.NEVER_NAMES or word in vocab.ROLE_WORDS
                or word in vocab.CALENDAR_WORDS):
            continue
        for ending in SHORT_FORM_ENDINGS:
            stem = word[:len(word) - len(ending)]
            if word.endswith(ending) and len(stem) >= SHORT_FORM_STEM and any(
                name.startswith(stem) and (name != stem or ending) for name in stems
            ):  # "deano" is Dean with an ending, "cait" Caitlin cut short
                short.add(word)
                break
    return short


_EMAIL = re.compile(r"([\w.+-]+)@[\w-]+(?:\.[\w-]+)+")
EMAIL_GENERIC_PARTS = frozenset({
    "info", "admin", "office", "enquiries", "enquiry", "referrals", "referral", "mash", "duty",
    "team", "contact", "hello", "reception", "safeguarding", "mail", "noreply", "support",
    "help", "frontdoor", "hub", "head", "headteacher", "school", "nursery", "surgery", "dsl",
    "senco", "hv", "sw", "ehm", "cin", "cp", "ehh", "gov", "nhs", "org", "uk", "net", "com",
})
"""Parts of an email's local part that name an office, not a person ("mash.duty@")."""
SIGNATURE_REACH = 200
"""Characters before an email in which its owner's name is looked for: a signature block."""


_NICKNAME_AT = (r"(?:at home|at school|to (?:his |her |their |the )?(?:friends|family|mates|everyone)"
                r"|for short|in the family)")
_DECLARED_NICKNAME = re.compile(
    r"\(\s*[\"“']([^\W\d_][\w'’-]{1,15})[\"”']\s+" + _NICKNAME_AT + r"\s*\)"
    r"|\(\s*(?:home|at home|family|known as|goes by)\s*:?\s*([^\W\d_][\w'’-]{1,15})"
    r"(?:\s*/\s*([^\W\d_][\w'’-]{1,15}))?\s*\)"
)
"""A nickname a form or a writer declares in brackets ('("Migmig" at home)', '("Uti" to
her friends)', "(home: Teo / Teíto)")."""
_CUED_QUOTED_NAME = re.compile(
    r"\b(?:(known as|aka|AKA|a\.k\.a\.?|prefers|nicknamed|goes by)|has|have|spelt|spelled|spells it)"
    r"[ \t]+[\"“]([^\W\d_][\w'’]{1,15})[\"”]"
)
"""A quoted name after a cue anywhere, not only right after the name: 'DOB 03/02/2005
known as "K-Dog"', '(prefers "Wren", they/them)', '(school records have "Harprit")'."""


_NAME_NICKNAME_AGE = re.compile(
    r"(?<![\w'’-])([A-Z][^\W\d_]{1,20})[ \t]+[\"“]([A-Z][^\W\d_]{1,15})[\"”][ \t]*\(\d{1,2}\)"
)
"""A household list's child: a name, a quoted nickname, an age ('Anahit "Ani" (11)')."""


def declared_nicknames(text: str, stop_words: frozenset[str]) -> set[str]:
    """The nicknames declared in brackets or quoted after a cue anywhere in the text
    (``_DECLARED_NICKNAME``, ``_CUED_QUOTED_NAME``), so that each is taken wherever it
    recurs ("Migmig feeding well", "Wren reports"), and a child listed with a quoted
    nickname and an age ('Anahit "Ani" (11)'). After a strong cue ("known as", "prefers")
    or in such a list even a dictionary word is the name; otherwise it must be no word
    ("(home: Yes)", 'has "Sorry" written on it' stay)."""
    candidates: list[tuple[str, bool]] = []
    for match in _CUED_QUOTED_NAME.finditer(text):
        candidates.append((match.group(2), match.group(1) is not None))
    for match in _DECLARED_NICKNAME.finditer(text):
        candidates.extend((word, False) for word in match.groups() if word)
    for match in _NAME_NICKNAME_AGE.finditer(text):
        candidates.extend((word, True) for word in match.groups())
    found: set[str] = set()
    for word, strong_cue in candidates:
        lower = word.lower()
        if not word[0].isupper() or lower in stop_words or lower in vocab.NEVER_NAMES or (
            lower in vocab.ROLE_WORDS
        ):
            continue
        if strong_cue or lower not in vocab.english_words() or lower in vocab.first_names():
            found.add(lower)
    return found


def email_owner_names(text: str, stop_words: frozenset[str]) -> set[str]:
    """Name words spelled by an email address and written, capitalised, just before it, as
    a signature writes them ("Abi Tranter HV abi.tranter@portsmere-hc.nhs.uk"): the
    address confirms that the words before it are its owner's name.

    A part counts when it is no dictionary word, or is a listed first name or surname,
    and is not an office's word ("mash", "duty", "safeguarding")."""
    found: set[str] = set()
    for match in _EMAIL.finditer(text):
        before = text[max(0, match.start() - SIGNATURE_REACH):match.start()]
        written = {m.group(0).lower() for m in WORD.finditer(before) if m.group(0)[0].isupper()}
        for part in re.split(r"[._+\d-]+", match.group(1).lower()):
            if len(part) < 2 or part in EMAIL_GENERIC_PARTS or part in stop_words or (
                part in vocab.NEVER_NAMES or part in vocab.ROLE_WORDS or part not in written
            ):
                continue
            if part not in vocab.english_words() or part in vocab.first_names() or part in vocab.surnames():
                found.add(part)
    return found
