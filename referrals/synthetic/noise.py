"""Typing noise: the slips real referrals carry (swapped, dropped and doubled letters).

Noise is applied to ordinary words only, as they are appended, so gold spans stay
exact. Casing noise (a whole record in lower case) lives in the text builder.
"""

from __future__ import annotations

import random


def add_typo(text: str, rng: random.Random) -> str:
    """Return ``text`` with one typo inside a word of four or more letters, if it has one."""
    length = len(text)
    if length < 4:
        return text
    for _ in range(4):
        position = rng.randrange(1, length - 2)
        if text[position].isalpha() and text[position + 1].isalpha() and text[position - 1].isalpha():
            kind = rng.randrange(3)
            if kind == 0:
                return text[:position] + text[position + 1] + text[position] + text[position + 2 :]
            if kind == 1:
                return text[:position] + text[position + 1 :]
            return text[:position] + text[position] + text[position:]
    return text
