"""Build a narrative fragment by fragment, recording each personal-data span as it goes in.

Gold spans are exact by construction: a value's start and end are taken from the
running length at the moment it is appended, after any casing change, so
``text[start:end]`` is always the value that was inserted. Nothing is searched for
afterwards, which is how synthetic gold data usually goes wrong.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from referrals.synthetic.noise import add_typo

_SLOT = re.compile(r"\{([A-Za-z_]+)\}")


@dataclass(frozen=True)
class GoldSpan:
    """A personal-data value as inserted: offsets, type, the value itself and name origin."""

    start: int
    end: int
    type: str
    value: str
    origin: str | None = None


Template = tuple[tuple[str, str | None], ...]
"""A compiled template: (literal, slot name or None) pairs, rendered left to right."""


@lru_cache(maxsize=8192)
def compile_template(source: str) -> Template:
    """Split ``"a {x} b"`` into literal/slot pairs once, so rendering is a flat loop."""
    parts: list[tuple[str, str | None]] = []
    position = 0
    for match in _SLOT.finditer(source):
        parts.append((source[position : match.start()], match.group(1)))
        position = match.end()
    parts.append((source[position:], None))
    return tuple(parts)


@dataclass
class TextBuilder:
    """Appends fragments and keeps gold spans; applies casing and typo noise on insertion."""

    rng: random.Random
    lower: bool = False
    typo_chance: float = 0.0
    swap: Callable[[str, random.Random], str] | None = None
    """Register noise (text-speak or professional shorthand) applied to literals, if any."""
    parts: list[str] = field(default_factory=list)
    spans: list[GoldSpan] = field(default_factory=list)
    length: int = 0
    capitalise_next: bool = False

    def _shape(self, text: str) -> str:
        if self.lower:
            return text.lower()
        if self.capitalise_next and text:
            self.capitalise_next = False
            return text[0].upper() + text[1:]
        return text

    def literal(self, text: str) -> None:
        """Append words that are not personal data (typos may be introduced here)."""
        if not text:
            return
        if self.swap is not None:
            text = self.swap(text, self.rng)
        if self.typo_chance and self.rng.random() < self.typo_chance:
            text = add_typo(text, self.rng)
        text = self._shape(text)
        self.parts.append(text)
        self.length += len(text)

    def plain(self, text: str) -> None:
        """Append structural text (separators, labels) without typo noise."""
        if not text:
            return
        text = self._shape(text)
        self.parts.append(text)
        self.length += len(text)

    def pii(self, value: str, pii_type: str, origin: str | None = None) -> None:
        """Append a personal-data value and record its exact span."""
        value = self._shape(value)
        start = self.length
        self.parts.append(value)
        self.length += len(value)
        self.spans.append(GoldSpan(start, self.length, pii_type, value, origin))

    def text(self) -> str:
        """The narrative built so far."""
        return "".join(self.parts)

    def ends_with(self, characters: str) -> bool:
        """True when the last non-empty fragment ends with one of ``characters``."""
        for part in reversed(self.parts):
            if part:
                return part[-1] in characters
        return False
