"""Read the hand-written international test referrals (``data/international_referrals.txt``).

Each block is one referral; personal data is marked ``[[TYPE|group:value]]`` where it is
written, and the marks become gold spans with a group (country for phone numbers, name
origin for people, layout for addresses).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

INTERNATIONAL_FILE = Path(__file__).resolve().parent / "data" / "international_referrals.txt"
MARK = re.compile(r"\[\[([A-Z_]+)\|([a-z_]+):(.+?)\]\]")


@dataclass(frozen=True)
class GoldSpan:
    """One marked value in a parsed text."""

    start: int
    end: int
    type: str
    group: str


def parse_block(marked: str) -> tuple[str, list[GoldSpan]]:
    """The text without marks, and a gold span for each mark."""
    pieces: list[str] = []
    spans: list[GoldSpan] = []
    cursor = length = 0
    for match in MARK.finditer(marked):
        before = marked[cursor:match.start()]
        pieces.append(before)
        length += len(before)
        value = match.group(3)
        spans.append(GoldSpan(length, length + len(value), match.group(1), match.group(2)))
        pieces.append(value)
        length += len(value)
        cursor = match.end()
    pieces.append(marked[cursor:])
    return "".join(pieces), spans


def read_international(path: Path = INTERNATIONAL_FILE) -> list[tuple[str, list[GoldSpan]]]:
    """Every referral in the file, comment lines left out."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    blocks = [block.strip() for block in "\n".join(lines).split("\n\n") if block.strip()]
    return [parse_block(block) for block in blocks]
