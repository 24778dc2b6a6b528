"""The narrative as the model read it, cut into pieces the page can mark up.

Redaction placeholders become tags; each piece lists the concerns whose evidence covers
it, so hovering or focusing a concern highlights its words. Offsets all point into the
redacted text. The template escapes every piece; nothing here builds HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any


@dataclass(frozen=True)
class Piece:
    """A stretch of the redacted text: plain, a placeholder, or evidence for some concerns."""

    text: str
    placeholder: str | None
    concerns: tuple[str, ...]


def pieces(text: str, redactions: list[dict[str, Any]], concerns: list[dict[str, Any]]) -> list[Piece]:
    """Split ``text`` at every redaction and evidence boundary."""
    cuts = {0, len(text)}
    evidence: list[tuple[int, int, str]] = []
    for concern in concerns:
        for span in concern.get("evidence", []):
            start, end = max(0, int(span["start"])), min(len(text), int(span["end"]))
            if start < end:
                evidence.append((start, end, concern["id"]))
                cuts.update((start, end))
    placeholders = []
    for span in redactions:
        start, end = max(0, int(span["start"])), min(len(text), int(span["end"]))
        if start < end:
            placeholders.append((start, end, str(span["type"])))
            cuts.update((start, end))
    ordered = sorted(cuts)
    result = []
    for start, end in pairwise(ordered):
        kind = next((t for s, e, t in placeholders if s <= start and end <= e), None)
        covering = tuple(sorted({c for s, e, c in evidence if s <= start and end <= e}))
        result.append(Piece(text=text[start:end], placeholder=kind, concerns=covering))
    return result
