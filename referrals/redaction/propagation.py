"""Person-name propagation: a name found once is redacted wherever it recurs.

Recognizers judge each mention on its own evidence, so a name that spaCy finds in
"Mum said Summer Bell was upset" can still be missed at the start of the next
sentence ("Summer denies...") or in a lower-case line. Once a PERSON is found with
enough confidence anywhere in a document, every other occurrence of its words is
redacted too, whatever its casing, and so are its initials ("Nicola Wilson" ->
"NW").

How an occurrence is judged:

- a name word that is not an everyday English word ("Agyeman", "gifty") is taken at
  every occurrence;
- a name word that is also an everyday word ("Summer", "Will", "Bill") is taken
  wherever it is capitalised, including at the start of a sentence, since the
  document has already shown it is someone's name; in lower case in a document
  written all in lower case, not after a word that makes it a noun or verb ("the
  summer", "will", "to mark"), and in a capitalised document only where a name stands
  ("reported that long is absent", "a fight with long.");
- initials are taken only as capitals (or in a lower-case document) and only when
  they are not a role word or one of the few bodies the classifiers need ("GP");
- a weekday or a month found as a given name ("the child Sunday", "April Miller") is
  taken wherever it is capitalised and does not read as a day or a month ("on Sunday",
  "Sunday morning", "in April", "April 2024" are kept);
- a nickname written in brackets or quotes right after a found name ("Karen Beddows
  (kaz)", 'Patrick "Patsy" Joyce', 'MENSAH, Kwame aka "K-Dot"') is a name word too;
- initials the document declares in brackets on a found name's line, as minutes and
  attendee lists do ("Dean Vickers (DV) - Social Worker", "Mr Peter Church - DSL (PC)",
  "Sian Parry (SPa)"), are taken wherever they stand written the same way, even where
  they spell an acronym ("PC advised", "DV: visited");
- role words, titles, months, other weekdays, public bodies and stop words are never
  propagated, whatever was found;
- short forms of a found name, nicknames a form declares and the names an email
  address spells (:mod:`referrals.redaction.name_aliases`) count as name words too, and
  capitals listed beside initials already taken are someone ("LK and TD").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from presidio_analyzer import RecognizerResult
from spacy.tokens import Doc, Token

from referrals import pii_types
from referrals.redaction import vocabulary as vocab
from referrals.redaction.casing import writes_in_lower_case
from referrals.redaction.name_aliases import WORD as _WORD
from referrals.redaction.name_aliases import declared_nicknames, email_owner_names, shortened_names
from referrals.redaction.name_cues import MONTH_NAMES
from referrals.redaction.name_recognizers import TriageContextNameRecognizer
from referrals.redaction.name_tokens import (
    NAME_PARTICLE_WORDS,
    SUBJECT_VERBS,
    reads_as_day,
    reads_as_month,
)
from referrals.redaction.pattern_recognizers import (
    DECLARED_INITIALS_KEY,
    SPEAKER_KEY,
    WORD_NAME_KEY,
)

SCORE = 0.7
"""Score of a propagated mention: above the default PERSON threshold, below a direct find."""
CALENDAR_NAMES = vocab.WEEKDAY_NAMES | MONTH_NAMES
"""Weekdays and months that are given names ("Sunday Ogunleye", "April Miller")."""

_NOT_BEFORE_LOWER_NAME = frozenset({
    "a", "an", "the", "to", "will", "would", "shall", "should", "could", "can", "may", "might",
    "must", "this", "that", "these", "those", "his", "her", "their", "my", "your", "our", "its",
    "of", "for", "in", "on", "at", "by", "some", "any", "no", "every", "each", "all", "last",
    "next", "over", "during", "since", "until", "till", "through", "whole", "early", "late",
    "i", "we", "you", "they", "yesterday", "today", "tomorrow",
})
"""Before these, a lower-case everyday word is the word, not the name ("the summer")."""
_CLOCK_WORDS = frozenset({"am", "pm", "hrs", "ok"})
"""Lower-case words that spell someone's initials and are almost always these words."""
_PEOPLE_NOUNS = vocab.ROLE_WORDS | {"person", "people", "persons"}
"""After an everyday-word name, these make an adjective of it ("Young person")."""
_VERBS = TriageContextNameRecognizer.SUBJECT_VERBS
"""A lower-case "said" or "will" stays a verb even when someone is called Said or Will."""
_KEPT_INITIALS = frozenset({"nhs", "gp", "dsl", "pc", "dc", "mr", "ms", "dr"})
"""Letter pairs never taken as initials: the classifiers need them."""


def _word(token: Token) -> str:
    return token.lower_.strip("'’.").removesuffix("'s").removesuffix("’s")


def _name_words(value: str, stop_words: frozenset[str]) -> list[str]:
    """The words of a found name, a hyphenated one also by its parts ("ruby", "jo"), since
    the tokenizer splits "Ruby-Jo" where it opens a sentence."""
    words = []
    for match in _WORD.finditer(value):
        word = match.group(0).lower().strip("'’.-").removesuffix("'s").removesuffix("’s")
        for part in [word, *word.split("-")] if "-" in word else [word]:
            if (
                len(part) >= 2 and part not in vocab.NEVER_NAMES and part not in vocab.TITLES
                and part not in stop_words
            ):
                words.append(part)
    return words


def _initials(value: str) -> set[str]:
    """Initials a name is written as: "Nicola Wilson" -> "nw"; a hyphenated given name
    also by its parts ("Lily-Rose Carter" -> "lrc", and "lr" for the child alone). A name
    written surname first, as school records do ("BISHOP, Tia"), is initialled in the
    order people say it: "tb", as in "TB said"."""
    surname, comma, given = value.partition(",")
    if comma and given.strip() and surname.strip():
        return _initials(f"{given} {surname}") | _initials(value.replace(",", " "))
    parts = [m.group(0) for m in _WORD.finditer(value)]
    parts = [p for p in parts if p.lower().rstrip(".") not in vocab.TITLES]
    found: set[str] = set()
    if 2 <= len(parts) <= 3:
        found.add("".join(p[0] for p in parts).lower())
    pieces = [piece for p in parts for piece in p.split("-") if piece]
    if len(pieces) > len(parts) and 2 <= len(pieces) <= 4:
        found.add("".join(p[0] for p in pieces).lower())
        given = [piece for piece in parts[0].split("-") if piece]
        if len(given) >= 2:
            found.add("".join(p[0] for p in given).lower())
    return {i for i in found if i not in _KEPT_INITIALS and i not in vocab.ROLE_WORDS}


_BRACKETED_INITIALS = re.compile(r"\(([A-Z][A-Z][A-Za-z]?[A-Z]?)(?:\)|,[ \t]*\d{1,2}\))")
"""Two to four letters in brackets, the first two capitals, perhaps with an age: "(DV)",
"(SPa)", "(NHa)", "(DS, 9)"."""


def declared_initials(text: str, found: Sequence[tuple[int, int]]) -> set[str]:
    """Bracketed letters on the same line after a found name that begin with its
    initials: the document's own key to who the letters are ("Morag Reid - Health
    Visitor (MR)", "Sian Parry (SPa) - Mum", "SOK Dara (DS, 9)", family name first in
    capitals). Returned as written, case and all."""
    declared: set[str] = set()
    for match in _BRACKETED_INITIALS.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        letters = match.group(1).lower()
        for start, end in found:
            if not line_start <= start < end <= match.start():
                continue
            parts = [m.group(0) for m in _WORD.finditer(text[start:end])
                     if m.group(0).lower().rstrip(".") not in vocab.TITLES]
            if len(parts) < 2:
                continue
            first, last = parts[0][0].lower(), parts[-1][0].lower()
            family_first = parts[0].isupper() and not parts[-1].isupper()
            if letters.startswith(first + last) or (
                family_first and letters.startswith(last + first)  # "SOK Dara (DS, 9)"
            ):
                declared.add(match.group(1))
                break
    return declared


_BRACKETED_WORD = re.compile(r"\s*\(([^\W\d_]{2,12})\)")
_NICKNAME_CUE = r"(?:aka|AKA|a\.k\.a\.?|known as|called|nicknamed|saved as)"
_QUOTED_AFTER_NAME = re.compile(
    r"(?:[ \t]*\(\d{1,2}\))?,?[ \t]*(" + _NICKNAME_CUE + r"[ \t]+)?[\"“]([^\"”\n]{1,20})[\"”]"
)
"""A quoted name right after a found one, with or without a cue: 'Patrick "Patsy" Joyce',
'MENSAH, Kwame aka "K-Dot"', 'Kwame MENSAH (15), saved as "kdot"'."""


def nicknames_after_names(text: str, found: Sequence[tuple[int, int]],
                          stop_words: frozenset[str]) -> set[str]:
    """Names a person goes by, written right after their found name, in lower case.

    One word in brackets ("Karen Beddows (kaz)", "jonathan birch (jonno)") when it shares
    the name's first letter, is part of the name ("akosua (kos)") or recurs in the text;
    not capitals, a role, a stop word or an English word no list calls a name ("(SN)",
    "(mum)", "(she)", "(deceased)"). Or a quoted nickname (see ``_quoted_nickname``)."""
    nicknames: set[str] = set()
    lower_text = text.lower()
    for start, end in found:
        match = _BRACKETED_WORD.match(text, end)
        if match is None or match.group(1).isupper():
            continue  # "Amy (SN)": capitals are initials or a role, declared_initials' job
        word = match.group(1).lower()
        if word in vocab.NEVER_NAMES or word in vocab.ROLE_WORDS or word in stop_words:
            continue
        inside = len(word) >= 3 and word in lower_text[start:end]  # "akosua (kos)"
        if inside and match.group(1)[0].isupper():
            nicknames.add(word)  # "Brandon (Bran)": the name's own front, even if a word
            continue
        if vocab.is_ordinary_word(word) and word not in vocab.first_names():
            continue
        elsewhere = len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", lower_text)) > 1
        if elsewhere or inside or text[start].lower() == word[0]:
            nicknames.add(word)  # "Karen (kaz)", or used again; not "Anneliese Vogt (Oma)"
    for _start, end in found:
        nicknames.update(_quoted_nickname(text, end, stop_words))
    return nicknames


_SPEAKER_LINE = re.compile(
    r"^[ \t>]*(?:\[[\d:. ]{3,8}\][ \t]*|\d{1,2}[:.]\d{2}[ \t]+)?([^\W\d_][\w'’-]{1,20}):[ \t]+\S",
    re.MULTILINE)
"""A line opening with a one-word speaker label, maybe after a time: "Drew: u good?",
"[22:03] Miles: cant"."""


def chat_speakers(text: str, found: Sequence[tuple[int, int]],
                  stop_words: frozenset[str]) -> set[tuple[int, int]]:
    """The spans of the speaker labels of a pasted message thread in which one speaker is
    a found name.

    Two or more lines in a row (a blank line between allowed) that open with "Word:" are
    a thread; if one of those words is a found name ("Miles: cant my mum will kill me"),
    the others are people too ("Drew: u owe me"), even when they are words, unless they
    are capitals, a role, a stop word or an English word no list calls a name (a form's
    "Action:" and "Outcome:" lines)."""
    lines = list(_SPEAKER_LINE.finditer(text))
    speakers: set[tuple[int, int]] = set()
    block: list[re.Match[str]] = []
    for match in [*lines, None]:
        if match is not None and block and text.count("\n", block[-1].end(), match.start()) <= 2:
            block.append(match)
            continue
        if len({m.group(1).lower() for m in block}) >= 2 and any(
            start <= m.start(1) < end for m in block for start, end in found
        ):
            speakers.update(_speaker_words(block, stop_words))
        block = [match] if match is not None else []
    return speakers


def _speaker_words(block: Sequence[re.Match[str]], stop_words: frozenset[str]) -> set[tuple[int, int]]:
    spans = set()
    for match in block:
        label = match.group(1)
        word = label.lower()
        if label.isupper() or not label[:1].isupper() or word in vocab.NEVER_NAMES or (
            word in vocab.ROLE_WORDS or word in stop_words
        ) or (vocab.is_ordinary_word(word) and word not in vocab.first_names()):
            continue
        spans.add(match.span(1))
    return spans


def _quoted_nickname(text: str, end: int, stop_words: frozenset[str]) -> list[str]:
    """The words of a quoted nickname right after a found name: after a cue ("aka",
    "saved as") one or two words in any case; without one a single capitalised word
    ('Patrick "Patsy" Joyce'), so 'Jade "I'm fine"' stays."""
    match = _QUOTED_AFTER_NAME.match(text, end)
    if match is None:
        return []
    quoted = match.group(2).strip()
    words = quoted.split()
    if not words or len(words) > 2 or (match.group(1) is None and (
        len(words) != 1 or not quoted[:1].isupper()
    )):
        return []
    found = []
    for word in (w.lower().strip("'’.,!?") for w in words):
        parts = [word, *word.split("-")] if "-" in word else [word]
        found += [part for part in parts if len(part) >= 2 and part not in vocab.NEVER_NAMES
                  and part not in vocab.ROLE_WORDS and part not in stop_words]
    return found


def _possessive_without_apostrophe(doc: Doc, token: Token, word: str, names: set[str]) -> bool:
    """A found name with an "s" and no apostrophe ("poppys", "staces") that is no English
    word ("deans" and "jades" are, so they stay), or that is one but stands capitalised
    before a family word ("Summers dad", "Jades mum")."""
    if not (len(word) >= 4 and word.endswith("s") and word[:-1] in names):
        return False
    if not vocab.is_ordinary_word(word):
        return True
    following = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    return token.text[0].isupper() and not token.text.isupper() and following in vocab.KIN_WORDS


def propagate_names(
    text: str,
    doc: Doc,
    results: Sequence[RecognizerResult],
    *,
    threshold: float,
    stop_words: Iterable[str],
    cased: bool | None = None,
) -> list[RecognizerResult]:
    """New PERSON results for other mentions of the names already found in ``doc``.

    ``cased`` says whether the writer opens sentences with capitals (the name guard's view
    has worked it out already); None works it out here."""
    stop = frozenset(stop_words)
    names, initials, calendar, covered = _found_names(text, results, threshold, stop)
    declared = declared_initials(text, covered)
    names.update(nicknames_after_names(text, covered, stop))
    speakers = chat_speakers(text, covered, stop)
    names.update(text[start:end].lower() for start, end in speakers)
    names.update(email_owner_names(text, stop))
    names.update(declared_nicknames(text, stop))
    names.update(shortened_names(doc, names, stop))
    if not names and not initials and not calendar:
        return []
    lower_doc = writes_in_lower_case(text, doc, cased)  # "i went round and eve was"
    taken = bytearray(len(text) + 1)
    for found_start, found_end in covered:
        taken[found_start:found_end] = b"\x01" * (found_end - found_start)
    new: list[RecognizerResult] = []
    for token in doc:
        start = token.idx
        if taken[start]:
            continue
        text_ = token.text
        word = _word(token)
        if not word or not text_[0].isalpha():
            continue
        end = start + len(text_)
        if text_.endswith(("'s", "’s")):
            end -= 2
        if text_ in declared:
            if token.i > 0 and doc[token.i - 1].lower_ in vocab.DETERMINERS:
                continue  # "no DV incidents": the acronym, even where DV is someone
        elif word not in names and _possessive_without_apostrophe(doc, token, word, names):
            word = word[:-1]  # "poppys sake", "harleys my son" once Poppy and Harley are named
        elif word in names:
            if not _take_name(doc, token, word, lower_doc, stop):
                continue
            if word in NAME_PARTICLE_WORDS and not _before_a_name_word(doc, token, names):
                continue  # "for de VRIES's": the particle only with its surname
        elif word in calendar:
            reads_as_date = reads_as_month if word in MONTH_NAMES else reads_as_day
            if not text_[0].isupper() or text_.isupper() or reads_as_date(doc, token.i):
                continue  # "April works full time" once "April Miller" is named; not "in April"
        elif word in initials:
            letters = text_.replace(".", "")
            if not (letters.isupper() or lower_doc) or len(letters) != len(word) or (
                not letters.isupper() and (word in stop or word in _CLOCK_WORDS)
            ):
                continue  # "yesterday pm" is no "PM" again
        else:
            continue
        new.append(_propagated(start, end, word_name=word not in names, declared=text_ in declared,
                               speaker=(start, end) in speakers))
    letters = {text[start] for start, end in covered if text[start].isupper() and end - start > 1}
    new.extend(_propagated(i, i + 1, word_name=True, declared=False)
               for i in single_letter_initials(doc, letters, taken))
    for result in new:
        taken[result.start:result.end] = b"\x01" * (result.end - result.start)
    new.extend(_propagated(start, end, word_name=True, declared=False)
               for start, end in initials_beside_initials(doc, taken))
    return new


INITIALS_JOINS = frozenset({"and", "&", "/"})
"""Between two sets of initials these list people ("LK and TD"); a comma does not ("NUR,
DOB": a surname in capitals, then a form's label)."""


def _is_initials(token: Token) -> bool:
    return 2 <= len(token.text) <= 3 and token.text.isalpha() and token.text.isupper()


def initials_beside_initials(doc: Doc, taken: bytearray) -> list[tuple[int, int]]:
    """Capitals joined by "and", "&" or "/" to initials already taken as a person are
    someone too, as logs list the children involved ("two yr 2 boys (LK and TD)", "JB &
    KM"). Never a form's word ("DOB"); the name guard still drops a service's acronym
    ("LK and CSC")."""
    found: list[tuple[int, int]] = []
    for token in doc:
        if not _is_initials(token) or taken[token.idx] or token.lower_ in vocab.NEVER_NAMES:
            continue
        for step in (-1, 1):
            join, j = token.i + step, token.i + 2 * step  # "LK and TD": the join, then the other
            if not 0 <= j < len(doc) or doc[join].lower_ not in INITIALS_JOINS:
                continue
            other = doc[j]
            if _is_initials(other) and len(other.text) == len(token.text) and taken[other.idx]:
                found.append((token.idx, token.idx + len(token.text)))
                break
    return found


LETTER_AS_PERSON_AFTER = frozenset({
    "with", "to", "from", "via", "see", "seen", "saw", "collected", "collect", "collecting",
    "about", "for", "told", "tell", "asked", "ask", "is", "was", "by", "met", "took", "take",
    "takes", "taking", "gave", "give", "visited", "front", "of", "trust", "trusts", "blame",
    "blames", "believe", "believes", "rang", "ring", "phoned", "texted", "messaged", "hit",
    "hits", "help", "helped", "helping", "loves", "love",
})
"""Lower-case words after which a letter that stands for a found name is the person
("collected K Sat", "school to see T tmrw", "in front of N", "her worry is S driving",
"I don't trust K")."""
LETTER_LABELS = frozenset({
    "plan", "vitamin", "grade", "grading", "part", "section", "block", "flat", "unit", "ward",
    "wing", "class", "type", "option", "appendix", "form", "category", "hep", "group", "team",
    "room", "zone", "site", "bay", "level", "tier", "stage", "step", "route", "gate",
    "platform", "size", "band", "child", "year", "no", "number", "schedule", "model", "series",
    "house", "floor", "court", "pod", "area", "case", "subject", "person", "vehicle", "suspect",
    "victim", "witness", "male", "female", "boy", "girl", "parent", "sibling", "adult", "young",
})
"""Before a capital letter these make it a label, not a person ("Plan B", "Child B",
"Flat C", "Suspect A")."""


NOT_A_LETTERS_VERB = frozenset({"and", "would", "could", "can", "will", "may", "might", "must", "should"})
"""Words of ``SUBJECT_VERBS`` that follow a label's letter as often as a person's ("Plan
B and", "Option C would")."""
BODY_SIDES = frozenset({"L", "R"})
"""Left and right in clinical notes: after "to" or "of" they are a side ("cuts to L
forearm"); they stand for someone only before a verb ("L said")."""


def single_letter_initials(doc: Doc, letters: set[str], taken: bytearray) -> list[int]:
    """Offsets of single capitals that stand for someone found in the document, as call
    notes and logs write a child once named ("Kaiden Campbell ... K lives with mum",
    "States T rang her crying"): the letter opens a found name's word, and the grammar is
    a person's (a verb or a possessive after, or a word that acts on a person before).
    Not "A" or "I", not a label's letter ("Child B", "Plan B"), not a number's or a body
    side's ("NI AB 12 34 56 C", "R leg"), not "C of E" or "O/E"."""
    found: list[int] = []
    for token in doc:
        text_ = token.text
        if len(text_) != 1 or text_ not in letters or text_ in "AI" or taken[token.idx]:
            continue
        i = token.i
        before = doc[i - 1] if i > 0 else None
        after = doc[i + 1] if i + 1 < len(doc) else None
        if after is None or (after.like_num and not after.is_alpha) or after.lower_ in ("of", "&") or after.text in (
            "/", "-", ".", "&", '"', "'", "”", "’"
        ) or (after.text == "," and i + 2 < len(doc) and doc[i + 2].like_num):
            continue
        if before is not None and (before.like_num or before.lower_ in LETTER_LABELS or before.text in (
            '"', "“", "'", "‘", "/", "-"
        )):
            continue
        following = after.lower_
        acts = following not in NOT_A_LETTERS_VERB and (
            following in ("'s", "’s", "at", "mob", "tel") or following in SUBJECT_VERBS
            or following in vocab.PAST_FORMS
        )  # "K lives", "K's dad", "C at school today", "K mob 07700"
        acted_on = before is not None and before.is_lower and before.lower_ in LETTER_AS_PERSON_AFTER and (
            text_ not in BODY_SIDES)  # "cuts to L forearm"
        if acts or acted_on:
            found.append(token.idx)
    return found


def _found_names(
    text: str, results: Sequence[RecognizerResult], threshold: float, stop: frozenset[str],
) -> tuple[set[str], set[str], set[str], list[tuple[int, int]]]:
    """From the PERSON results at or above the threshold: their name words, initials,
    weekday and month given names ("Sunday" once found as a name, for its other non-day
    uses), and the spans they cover."""
    names: set[str] = set()
    initials: set[str] = set()
    calendar: set[str] = set()
    covered: list[tuple[int, int]] = []
    for result in results:
        if result.entity_type != pii_types.PERSON or result.score < threshold:
            continue
        value = text[result.start:result.end]
        names.update(_name_words(value, stop))
        calendar.update(
            m.group(0).lower() for m in _WORD.finditer(value)
            if m.group(0).lower() in CALENDAR_NAMES and m.group(0)[0].isupper()
        )
        initials.update(_initials(value))
        covered.append((result.start, result.end))
    return names, initials, calendar, covered


def _propagated(start: int, end: int, *, word_name: bool, declared: bool,
                speaker: bool = False) -> RecognizerResult:
    """A propagated PERSON result; its metadata says how it was found, which the name
    guard reads (a word taken as a name or initials; initials the document declared; a
    message thread's speaker label)."""
    metadata: dict[str, object] = {
        RecognizerResult.RECOGNIZER_NAME_KEY: "NamePropagation",
        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: "NamePropagation",
    }
    if word_name:
        metadata[WORD_NAME_KEY] = True
    if declared:
        metadata[DECLARED_INITIALS_KEY] = True
    if speaker:
        metadata[SPEAKER_KEY] = True
    return RecognizerResult(entity_type=pii_types.PERSON, start=start, end=end, score=SCORE,
                            recognition_metadata=metadata)


def _before_a_name_word(doc: Doc, token: Token, names: set[str]) -> bool:
    """The next word is a found name word or another particle ("Van der Berg")."""
    i = token.i + 1
    if i >= len(doc):
        return False
    following = _word(doc[i])
    return following in names or following in NAME_PARTICLE_WORDS


def _take_name(
    doc: Doc, token: Token, word: str, lower_doc: bool, stop_words: frozenset[str]
) -> bool:
    if token.text.isupper() and word in vocab.FORM_ACRONYMS:
        return False  # "NINO: AB 12 34 56 C" once the Georgian given name Nino is found
    if not vocab.is_ordinary_word(word):
        return True
    i = token.i
    if i + 1 < len(doc) and doc[i + 1].lower_ in _PEOPLE_NOUNS:
        return False  # "Young person", "Young carer": an adjective before a role
    if token.text[0].isupper():
        return True
    if word in _VERBS or word in stop_words:
        return False
    if not lower_doc:
        # "It is reported that long is persistently absent" once "Long Mansour" is named:
        # in a capitalised text only where a name stands, between a clause or object word
        # and a verb or the end of a phrase
        if i == 0 or i + 1 >= len(doc):
            return False
        before, after = doc[i - 1].lower_, doc[i + 1]
        return (before in vocab.CLAUSE_VERBS or before in vocab.PERSON_OBJECT_WORDS) and (
            (after.lower_ in _VERBS and after.lower_ not in ("and", "'s", "’s"))
            or after.text in (",", ".", ";", ")")
        )
    return i == 0 or doc[i - 1].lower_ not in _NOT_BEFORE_LOWER_NAME
