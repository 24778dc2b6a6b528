"""Typing noise: the slips real referrals carry (swapped, dropped and doubled letters).

Noise is applied to ordinary words only, as they are appended, so gold spans stay
exact. Casing noise (a whole record in lower case) lives in the text builder.
"""

from __future__ import annotations

import random
import re


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


# How people write in texts and quick online forms, and how busy professionals shorten
# their notes. Each match is swapped with probability ``SWAP_CHANCE``, so a record mixes
# both spellings as real ones do. Only ordinary words are touched (literals, never spans).
INFORMAL_SWAPS: dict[str, tuple[str, ...]] = {
    "you": ("u", "ya"), "your": ("ur", "yr"), "you're": ("ur", "your", "youre"),
    "I'm": ("im", "Im", "i'm"), "I am": ("im", "i am"), "don't": ("dont", "dnt"),
    "can't": ("cant", "carnt"), "won't": ("wont",), "didn't": ("didnt",), "isn't": ("isnt",),
    "doesn't": ("doesnt",), "he's": ("hes",), "she's": ("shes",), "it's": ("its",),
    "I've": ("ive", "Ive"), "I'll": ("ill", "il"), "that's": ("thats",),
    "because": ("cos", "coz", "becuase", "becos"), "going to": ("gonna", "going 2"),
    "want to": ("wanna",), "and": ("&", "n"), "to": ("2",), "for": ("4",),
    "please": ("pls", "plz"), "people": ("ppl",), "really": ("rly", "realy"),
    "tonight": ("2nite", "tonite"), "tomorrow": ("tmrw", "tomoz"), "with": ("wiv", "w"),
    "something": ("sumthing", "smth"), "know": ("kno", "knw"),
    "children": ("childen", "kids"), "definitely": ("definately",),
    "separate": ("seperate",), "social services": ("social", "SS", "the social"),
    "their": ("there",), "they're": ("there", "their"), "of": ("off",), "would have": ("would of",),
    "could have": ("could of",), "police": ("feds", "coppers", "old bill"),
    "mum": ("mam", "mom"), "school": ("skool",), "what": ("wot",), "anything": ("anythin",),
}
SHORTHAND_SWAPS: dict[str, tuple[str, ...]] = {
    "domestic abuse": ("DA", "DV"), "domestic violence": ("DV",), "mental health": ("MH",),
    "approximately": ("approx",), "information": ("info",), "appointment": ("appt",),
    "appointments": ("appts",), "no further action": ("NFA",), "young person": ("YP",),
    "history": ("hx",), "safeguarding": ("s/g",), "previous": ("prev",), "social worker": ("SW",),
    "children's social care": ("CSC",), "telephone": ("tel",), "regarding": ("re:",),
    "self-harm": ("SH",), "overdose": ("OD",), "intoxicated": ("intox",), "unknown": ("u/k",),
    "years old": ("yrs old", "yo"), "weeks": ("wks",), "months": ("mths",),
    "emergency department": ("ED", "A&E"), "on examination": ("O/E",),
    "complaining of": ("c/o",), "without": ("w/o",), "discussed with": ("d/w",),
    "mother": ("mother", "mum", "M"), "father": ("father", "dad", "F"),
}
SWAP_CHANCE = 0.45


def _swap_pattern(table: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
    keys = sorted(table, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(k) for k in keys) + r")\b", re.IGNORECASE)


_INFORMAL = _swap_pattern(INFORMAL_SWAPS)
_SHORTHAND = _swap_pattern(SHORTHAND_SWAPS)
_INFORMAL_LOWER = {k.lower(): v for k, v in INFORMAL_SWAPS.items()}
_SHORTHAND_LOWER = {k.lower(): v for k, v in SHORTHAND_SWAPS.items()}


def _swap_some(
    text: str, rng: random.Random, pattern: re.Pattern[str], table: dict[str, tuple[str, ...]]
) -> str:
    def swap(match: re.Match[str]) -> str:
        if rng.random() >= SWAP_CHANCE:
            return match.group(0)
        return rng.choice(table[match.group(0).lower()])
    return pattern.sub(swap, text)


def informalise(text: str, rng: random.Random) -> str:
    """Text-speak and common misspellings, swapped in for some ordinary words."""
    return _swap_some(text, rng, _INFORMAL, _INFORMAL_LOWER)


def shorthand(text: str, rng: random.Random) -> str:
    """Professional note-taking abbreviations (DA, MH, w/, hx, NFA) for some words."""
    return _swap_some(text, rng, _SHORTHAND, _SHORTHAND_LOWER)
