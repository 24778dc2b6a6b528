"""A PERSON result as the rules see it: the document's facts and the tokens it covers.

The name guard's rules (``name_guard``) and the rules for things named like people
(``thing_names``) read the same two objects and the same three word tests, so they live
here, below both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from presidio_analyzer import RecognizerResult
from spacy.tokens import Doc, Token

from referrals.redaction import vocabulary as vocab


@dataclass
class DocumentView:
    """What the rules need to know about one document, computed once."""

    text: str
    doc: Doc
    vocabulary_mask: bytearray
    stop_words: frozenset[str]
    capitals_lines: list[tuple[int, int]] = field(default_factory=list)
    cased: bool = True
    """Whether the writer opens sentences with capitals (most do; some texts are all lower case)."""
    place_words: frozenset[str] = frozenset()
    """Capitalised words the document uses as a place somewhere ("in Stanlow", "Stanlow
    County Council"): see :func:`places_in`."""
    vehicle_models: frozenset[int] = frozenset()
    """Indices of tokens that name a car's model after its make ("a black Ford Kuga"):
    see :func:`vehicle_models_in`."""
    given_name_terms: frozenset[str] = frozenset()
    """Vocabulary terms, in lower case, that are also listed given names ("mercedes",
    "porsche", "isha"): kept as terms unless the grammar says a person."""
    nationality_words: frozenset[str] = frozenset()
    """Languages, nationalities and faiths in lower case ("chinese", "malaysian"): what a
    child is called by others or says they are, not a name, unless a title stands before."""


@dataclass(frozen=True)
class Mention:
    """One PERSON result seen as the tokens it covers."""

    view: DocumentView
    result: RecognizerResult
    tokens: tuple[Token, ...]

    @property
    def words(self) -> tuple[Token, ...]:
        """The tokens with letters in them (not commas, hyphens, full stops)."""
        return tuple(t for t in self.tokens if any(c.isalpha() for c in t.text))

    def before(self, offset: int = 1) -> Token | None:
        """The token ``offset`` places before the mention, skipping a full stop."""
        i = self.tokens[0].i - 1
        while i >= 0 and self.view.doc[i].text in (".", ":"):
            i -= 1
        i -= offset - 1
        return self.view.doc[i] if i >= 0 else None

    def right_before(self) -> Token | None:
        """The token right before the mention, skipping nothing."""
        i = self.tokens[0].i - 1
        return self.view.doc[i] if i >= 0 else None

    def after(self) -> Token | None:
        """The token right after the mention."""
        i = self.tokens[-1].i + 1
        return self.view.doc[i] if i < len(self.view.doc) else None


WordRule = Callable[[Mention, Token], bool]
MentionRule = Callable[[Mention], bool]


def word_of(token: Token) -> str:
    """The word in lower case without a possessive or a contraction ("doesn't" -> "does")."""
    word = token.lower_.strip("'’.").removesuffix("'s").removesuffix("’s")
    for ending in ("n't", "n’t"):
        if word.endswith(ending) and len(word) > 3:
            return word[: -len(ending)]
    return word


def is_capitals(token: Token) -> bool:
    """Two or more letters, all capitals ("NOT", "KB", "O'NEILL")."""
    letters = [c for c in token.text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def known_name(word: str) -> bool:
    """A name the hand-curated lists vouch for, even though it is also a word."""
    return (
        word in vocab.curated_names() or word in vocab.VIRTUE_NAMES
        or word in vocab.COMMON_WORD_NAMES
    )
