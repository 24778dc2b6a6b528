"""Does this writer capitalise? One answer shared by the name guard and the place recognizers.

Most referrers open sentences with capitals; some (young people, parents on a phone) write
all in lower case. In a text whose sentences open with capitals, a lower-case word is almost
never a name or an institution ("had red marks", "my college tutor"); in a lower-case text
it may be ("gary is not a bad man", "st marys primary"). Rules that read lower-case words as
names ask this first.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

_SENTENCE_OPENING = re.compile(r"(?:^|[.!?]\s+|\n\s*)([^\W\d_])", re.MULTILINE)
CASED_SHARE = 0.6
CASED_MIN_SENTENCES = 3
LOWER_CASE_SHARE = 0.02
"""Below this share of capitalised words, a text is lower case whatever its sentences do."""


def opens_sentences_with_capitals(text: str) -> bool:
    """At least three in five sentences and lines open with a capital (or, with fewer than
    three sentences, the text is not all lower case)."""
    openings = [m.group(1) for m in _SENTENCE_OPENING.finditer(text)]
    if len(openings) < CASED_MIN_SENTENCES:
        return not text.islower()
    return sum(1 for c in openings if c.isupper()) >= CASED_SHARE * len(openings)


def writes_in_lower_case(text: str, doc: Doc, cased: bool | None = None) -> bool:
    """The name rules' and propagation's one test: hardly a capitalised word, or sentences
    that do not open with capitals ("[21:48] her new fella dean moved in"). ``cased`` is
    :func:`opens_sentences_with_capitals` when the caller has it already. The answer is
    kept on the doc: the recognizer and propagation both ask, and counting the words is
    the dear part."""
    cased = opens_sentences_with_capitals(text) if cased is None else cased
    key = (_CACHE_KEY, cased)
    if key not in doc.user_data:
        doc.user_data[key] = _reads_as_lower_case(doc, cased)
    return bool(doc.user_data[key])


_CACHE_KEY = "triage_writes_in_lower_case"


def _reads_as_lower_case(doc: Doc, cased: bool) -> bool:
    words = [t.text for t in doc if t.is_alpha]
    if not words:
        return False
    return sum(1 for w in words if w[0].isupper()) / len(words) < LOWER_CASE_SHARE or not cased
