"""Compare what the redactor found with gold PII spans.

Overlap rule (character level, whitespace ignored throughout):

- a gold span is *recalled* when found spans, of any type, cover at least
  ``RECALL_COVERAGE`` (80%) of its characters. Type does not matter for recall: a
  date of birth redacted as DATE is still gone from the text;
- a found span is *correct* (for precision) when at least ``PRECISION_OVERLAP`` (50%)
  of its characters lie inside gold spans of any type;
- the *leak rate* is the share of all gold PII characters still visible after
  redaction, the number that matters most for privacy;
- *kept* words are role words, weekdays, months and clock times outside gold spans;
  the share not covered by any found span measures over-redaction.

Per-type recall groups gold spans by gold type; per-type precision groups found spans
by found type. F2 weighs recall twice as heavily as precision.

Precision is reported beside recall everywhere, because on writing by people one
replacement in five labelled as a person used to hit a word the classifier needs:

- *wrongly replaced* words: the text of each found span that is not correct, counted,
  so the words most often lost are listed by name;
- *precision without event dates and case references*: those two types are redacted
  by policy although the guideline does not mark them;
- *PERSON precision counting unmarked repeats*: a hand-written gold file may mark only
  a name's first mention (its data card says so); a wrong PERSON span all of whose
  words are words of a gold name in the same referral is counted apart, and this
  figure counts it as correct. Both figures are reported; neither replaces the other.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from referrals.contract import Referral
from referrals.intervals import wilson_interval
from referrals.redaction.engine import RedactionResult, Redactor

RECALL_COVERAGE = 0.8
PRECISION_OVERLAP = 0.5
POLICY_TYPES = ("DATE", "CASE_REFERENCE")
"""Redacted by policy though the guideline does not mark them: left out of one precision."""
STRUCTURED_TYPES = ("UK_NHS", "UK_NINO", "UK_POSTCODE", "PHONE_NUMBER", "EMAIL_ADDRESS")
"""Identifiers with a fixed shape: their recall target is the strictest."""
WRONG_WORDS_SHOWN = 25
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")

KEPT_ROLE_WORDS = frozenset({
    "mum", "mother", "dad", "father", "stepdad", "stepmum", "partner", "boyfriend",
    "girlfriend", "baby", "brother", "sister", "son", "daughter", "nan", "grandmother",
    "grandad", "grandfather", "uncle", "aunt", "auntie", "cousin", "carer", "teacher",
    "headteacher", "dsl", "senco", "gp", "nurse", "midwife", "police", "camhs", "nhs",
    "ofsted", "social", "worker", "health", "visitor",
})
KEPT_PATTERNS = {
    "role": re.compile(r"\b(?:" + "|".join(sorted(KEPT_ROLE_WORDS)) + r")\b", re.IGNORECASE),
    "weekday": re.compile(
        r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend)\b", re.IGNORECASE
    ),
    "month": re.compile(
        r"\b(?:january|february|march|april|may|june|july|august|september|october|november|"
        r"december)\b"
    , re.IGNORECASE),
    "time": re.compile(
        r"\b(?:\d{1,2}(?::\d{2})?\s?(?:am|pm)|\d{1,2}:\d{2}|last night|midnight|this morning)\b",
        re.IGNORECASE,
    ),
}


@dataclass
class TypeScores:
    """Recall, precision and F2 for one entity type."""

    gold: int = 0
    recalled: int = 0
    found: int = 0
    correct: int = 0

    @property
    def recall(self) -> float:
        """Share of gold spans recalled (1.0 when there were none)."""
        return self.recalled / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        """Share of found spans that overlap gold PII (1.0 when none were found)."""
        return self.correct / self.found if self.found else 1.0

    @property
    def f2(self) -> float:
        """F-beta with beta = 2: recall counts four times as much as precision."""
        p, r = self.precision, self.recall
        return 5 * p * r / (4 * p + r) if (p + r) else 0.0


ORIGIN_GAP_ALLOWED = 0.02
"""How far below the best name origin the lowest may fall (issue 11's parity target)."""


@dataclass
class RedactionReport:
    """Everything ``evaluate_redaction`` measured; ``to_dict`` gives the JSON shape."""

    documents: int = 0
    per_type: dict[str, TypeScores] = field(default_factory=dict)
    overall: TypeScores = field(default_factory=TypeScores)
    gold_characters: int = 0
    leaked_characters: int = 0
    by_origin: dict[str, TypeScores] = field(default_factory=dict)
    kept: dict[str, Counter[str]] = field(default_factory=dict)
    wrongly_replaced: dict[str, Counter[str]] = field(default_factory=dict)
    person_repeats_of_gold: int = 0

    def precision_excluding(self, types: Iterable[str] = POLICY_TYPES) -> float:
        """Precision over found spans of every type but ``types``."""
        left_out = set(types)
        found = sum(s.found for t, s in self.per_type.items() if t not in left_out)
        correct = sum(s.correct for t, s in self.per_type.items() if t not in left_out)
        return correct / found if found else 1.0

    def recall_of(self, types: Iterable[str] = STRUCTURED_TYPES) -> float:
        """Recall pooled over the gold spans of ``types``."""
        wanted = set(types)
        gold = sum(s.gold for t, s in self.per_type.items() if t in wanted)
        recalled = sum(s.recalled for t, s in self.per_type.items() if t in wanted)
        return recalled / gold if gold else 1.0

    @property
    def person_precision_with_repeats(self) -> float:
        """PERSON precision counting unmarked repeats of a gold name as correct."""
        person = self.per_type.get("PERSON", TypeScores())
        if not person.found:
            return 1.0
        return (person.correct + self.person_repeats_of_gold) / person.found

    def lowest_origin_gap(self) -> tuple[str, float] | None:
        """The origin with the lowest PERSON recall and its distance below the best."""
        if not self.by_origin:
            return None
        worst = min(self.by_origin, key=lambda o: self.by_origin[o].recall)
        best = max(s.recall for s in self.by_origin.values())
        return worst, best - self.by_origin[worst].recall

    def origin_interval(self, origin: str) -> tuple[float, float]:
        """Wilson 95% interval of one origin's PERSON recall (origins hold few names)."""
        s = self.by_origin[origin]
        return wilson_interval(s.recalled, s.gold) if s.gold else (0.0, 1.0)

    def lowest_origin_summary(self, allowed_gap: float = ORIGIN_GAP_ALLOWED) -> dict[str, Any] | None:
        """The lowest origin, how far below the best, on how many names, and whether its 95%
        interval still reaches ``allowed_gap`` below the best: if it does, its names are too
        few to say the gap is wider than allowed; if not, it is wider beyond chance."""
        gap = self.lowest_origin_gap()
        if gap is None:
            return None
        origin, below = gap
        low, high = self.origin_interval(origin)
        best = self.by_origin[origin].recall + below
        return {"origin": origin, "below_best": round(below, 4), "gold": self.by_origin[origin].gold,
                "interval": [round(low, 4), round(high, 4)], "allowed_gap": allowed_gap,
                "gap_beyond_chance": high < best - allowed_gap}

    def most_wrongly_replaced(self, n: int = WRONG_WORDS_SHOWN) -> list[tuple[str, str, int]]:
        """(type, text, count) of the found spans most often wrong, commonest first."""
        rows = [(entity, text, count) for entity, counter in self.wrongly_replaced.items()
                for text, count in counter.items()]
        return sorted(rows, key=lambda row: (-row[2], row[0], row[1]))[:n]

    @property
    def leak_rate(self) -> float:
        """Share of gold PII characters left visible."""
        return self.leaked_characters / self.gold_characters if self.gold_characters else 0.0

    def kept_share(self, kind: str | None = None) -> float:
        """Share of role words / weekdays / months / times (or one kind) left visible."""
        kinds = [kind] if kind else list(self.kept)
        total = sum(self.kept[k]["total"] for k in kinds if k in self.kept)
        kept = sum(self.kept[k]["kept"] for k in kinds if k in self.kept)
        return kept / total if total else 1.0

    def to_dict(self) -> dict[str, Any]:
        """Overall, per-type and per-origin sections, as one JSON-able mapping."""
        def scores(s: TypeScores) -> dict[str, Any]:
            return {"gold": s.gold, "recall": round(s.recall, 4), "found": s.found,
                    "precision": round(s.precision, 4), "f2": round(s.f2, 4)}
        return {
            "documents": self.documents,
            "overall": scores(self.overall),
            "leak_rate": round(self.leak_rate, 5),
            "per_type": {t: scores(s) for t, s in sorted(self.per_type.items())},
            "recall_by_origin": {o: {"gold": s.gold, "recall": round(s.recall, 4),
                                     "interval": [round(v, 4) for v in self.origin_interval(o)]}
                                 for o, s in sorted(self.by_origin.items())},
            "kept": {k: round(self.kept_share(k), 4) for k in sorted(self.kept)},
            "kept_overall": round(self.kept_share(), 4),
            "precision_excluding_policy_types": round(self.precision_excluding(), 4),
            "policy_types": list(POLICY_TYPES),
            "structured_recall": round(self.recall_of(), 4),
            "structured_types": list(STRUCTURED_TYPES),
            "person_precision_unmarked_repeats_as_correct": round(
                self.person_precision_with_repeats, 4),
            "person_unmarked_repeats_of_gold": self.person_repeats_of_gold,
            "lowest_origin": self.lowest_origin_summary(),
            "most_wrongly_replaced": [
                {"type": t, "text": text, "count": c} for t, text, c in self.most_wrongly_replaced()
            ],
        }

    def format_table(self) -> str:
        """The report as a plain-text table for the terminal."""
        lines = [f"{'type':<26}{'gold':>7}{'recall':>9}{'found':>7}{'precision':>11}{'F2':>8}"]
        for entity, s in sorted(self.per_type.items()):
            lines.append(f"{entity:<26}{s.gold:>7}{s.recall:>9.4f}{s.found:>7}"
                         f"{s.precision:>11.4f}{s.f2:>8.4f}")
        o = self.overall
        lines.append(f"{'ALL':<26}{o.gold:>7}{o.recall:>9.4f}{o.found:>7}"
                     f"{o.precision:>11.4f}{o.f2:>8.4f}")
        lines.append(f"leak rate: {self.leak_rate:.4%} of {self.gold_characters} gold PII characters")
        lines.append("PERSON recall by name origin (gold, recall, 95% interval):")
        for origin, s in sorted(self.by_origin.items()):
            low, high = self.origin_interval(origin)
            lines.append(f"  {origin:<24}{s.gold:>7}{s.recall:>9.4f}   {low:.3f}-{high:.3f}")
        lines.append("kept (not redacted):")
        for kind in sorted(self.kept):
            lines.append(f"  {kind:<24}{self.kept[kind]['total']:>7}{self.kept_share(kind):>9.4f}")
        lines.append(f"  {'all':<24}{'':>7}{self.kept_share():>9.4f}")
        lines.append(f"precision without {', '.join(POLICY_TYPES)}: {self.precision_excluding():.4f}")
        lines.append(f"structured identifiers recall ({', '.join(STRUCTURED_TYPES)}): "
                     f"{self.recall_of():.4f}")
        lines.append(f"PERSON precision counting {self.person_repeats_of_gold} unmarked repeat(s) "
                     f"of a gold name as correct: {self.person_precision_with_repeats:.4f}")
        lowest = self.lowest_origin_summary()
        if lowest is not None:
            allowed = lowest["allowed_gap"]
            verdict = (f"wider than {allowed:.2f} beyond chance: its 95% interval ends below that"
                       if lowest["gap_beyond_chance"] else
                       f"too few names to say it is wider than {allowed:.2f}: its 95% interval reaches that")
            lines.append(f"lowest name origin: {lowest['origin']}, {lowest['below_best']:.4f} below the best "
                         f"({lowest['gold']} names; {verdict})")
        lines.append("most often replaced wrongly:")
        for entity, text, count in self.most_wrongly_replaced():
            lines.append(f"  {count:>5}  {entity:<24}{text!r}")
        return "\n".join(lines)


def _mask(length: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    mask = bytearray(length)
    for start, end in spans:
        mask[max(0, start):min(length, end)] = b"\x01" * (min(length, end) - max(0, start))
    return mask


def _coverage(text: str, mask: bytearray, start: int, end: int) -> tuple[int, int]:
    """(characters in span, characters covered), whitespace ignored."""
    total = covered = 0
    for i in range(start, min(end, len(text))):
        if not text[i].isspace():
            total += 1
            covered += mask[i]
    return total, covered


def evaluate_redaction(
    referrals_with_gold: Iterable[Referral], redactor: Redactor, *, batch_size: int = 64,
    on_result: Callable[[Referral, RedactionResult], None] | None = None,
) -> RedactionReport:
    """Redact each referral (with its known identifiers) and score it against ``pii``.

    ``on_result`` receives each referral with its redaction, so a caller that needs the
    redacted texts too (``triage evaluate``) redacts once rather than twice.
    """
    report = RedactionReport(kept={k: Counter() for k in KEPT_PATTERNS})
    pending: list[Referral] = []

    def flush() -> None:
        results = redactor.redact_many(
            (r.text for r in pending), (r.known_identifiers for r in pending),
            batch_size=batch_size,
        )
        for referral, result in zip(pending, results):
            _score(report, referral, [(s.start, s.end, s.type) for s in result.raw_spans])
            if on_result is not None:
                on_result(referral, result)
        pending.clear()

    for referral in referrals_with_gold:
        pending.append(referral)
        if len(pending) >= batch_size:
            flush()
    if pending:
        flush()
    return report


def _score(report: RedactionReport, referral: Referral, found: list[tuple[int, int, str]]) -> None:
    text = referral.text
    gold = [(g.start, g.end, g.type, g.origin) for g in referral.pii or []]
    found_mask = _mask(len(text), ((s, e) for s, e, _ in found))
    gold_mask = _mask(len(text), ((s, e) for s, e, _, _ in gold))
    report.documents += 1
    for start, end, entity, origin in gold:
        total, covered = _coverage(text, found_mask, start, end)
        hit = total > 0 and covered >= RECALL_COVERAGE * total
        for bucket in (report.per_type.setdefault(entity, TypeScores()), report.overall):
            bucket.gold += 1
            bucket.recalled += hit
        if entity == "PERSON":
            by_origin = report.by_origin.setdefault(origin or "unknown", TypeScores())
            by_origin.gold += 1
            by_origin.recalled += hit
    # characters counted once even where gold spans overlap
    for i, flag in enumerate(gold_mask):
        if flag and not text[i].isspace():
            report.gold_characters += 1
            report.leaked_characters += not found_mask[i]
    gold_name_words = {
        word.lower() for start, end, entity, _ in gold if entity == "PERSON"
        for word in _NAME_WORD.findall(text[start:end])
    }
    for start, end, entity in found:
        total, covered = _coverage(text, gold_mask, start, end)
        correct = total > 0 and covered >= PRECISION_OVERLAP * total
        for bucket in (report.per_type.setdefault(entity, TypeScores()), report.overall):
            bucket.found += 1
            bucket.correct += correct
        if not correct:
            value = " ".join(text[start:end].split())
            report.wrongly_replaced.setdefault(entity, Counter())[value] += 1
            words = [w.lower() for w in _NAME_WORD.findall(value)]
            if entity == "PERSON" and words and all(
                w.removesuffix("'s").removesuffix("’s") in gold_name_words for w in words
            ):
                report.person_repeats_of_gold += 1
    for kind, pattern in KEPT_PATTERNS.items():
        for match in pattern.finditer(text):
            if any(gold_mask[match.start():match.end()]):
                continue
            report.kept[kind]["total"] += 1
            report.kept[kind]["kept"] += not any(found_mask[match.start():match.end()])

