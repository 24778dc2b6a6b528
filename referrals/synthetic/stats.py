"""Counts over generated (or any labelled) referrals: labels, sources, authorities, PII.

Used by ``triage generate --stats`` and by the tests that hold the generator to its
configured rates. Accumulates one record at a time so a 100,000-record run never holds
the records in memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from referrals.contract import Referral


class StatsAccumulator:
    """Running counts; :meth:`as_dict` gives the summary."""

    def __init__(self) -> None:
        self.records = 0
        self.words_total = 0
        self.words_min: int | None = None
        self.words_max = 0
        self.with_known_identifiers = 0
        self.counters: dict[str, Counter[str]] = {
            name: Counter()
            for name in ("concerns", "concern_count", "need_level", "referral_source", "authority",
                         "pii_types", "person_origins", "age_band", "ethnicity", "gender")
        }
        self._cases: Counter[str] = Counter()

    def add(self, referral: Referral) -> None:
        """Count one referral."""
        self.records += 1
        words = len(referral.text.split())
        self.words_total += words
        self.words_min = words if self.words_min is None else min(self.words_min, words)
        self.words_max = max(self.words_max, words)
        counters = self.counters
        counters["concerns"].update(referral.concerns or [])
        counters["concern_count"][str(len(referral.concerns or []))] += 1
        for name in ("need_level", "referral_source", "authority"):
            value = getattr(referral, name)
            if value is not None:
                counters[name][value] += 1
        if referral.child is not None:
            for name in ("age_band", "ethnicity", "gender"):
                value = getattr(referral.child, name)
                if value is not None:
                    counters[name][value] += 1
        for span in referral.pii or []:
            counters["pii_types"][span.type] += 1
            if span.origin is not None:
                counters["person_origins"][span.origin] += 1
        if referral.known_identifiers:
            self.with_known_identifiers += 1
        if referral.case_id is not None:
            self._cases[referral.case_id] += 1

    def as_dict(self) -> dict[str, Any]:
        """The summary: counts sorted by key, concern rates, word lengths, re-referrals."""
        total = max(self.records, 1)
        summary: dict[str, Any] = {"records": self.records}
        for name, counter in self.counters.items():
            summary[name] = dict(sorted(counter.items()))
        summary["concern_rates"] = {
            key: round(value / total, 4) for key, value in summary["concerns"].items()
        }
        summary["need_level_mix"] = {
            key: round(value / total, 4) for key, value in summary["need_level"].items()
        }
        summary["words"] = {
            "mean": round(self.words_total / total, 1),
            "min": self.words_min or 0,
            "max": self.words_max,
        }
        summary["with_known_identifiers"] = self.with_known_identifiers
        summary["cases"] = len(self._cases)
        summary["records_in_rereferred_cases"] = sum(v for v in self._cases.values() if v > 1)
        return summary


def generation_stats(records: Iterable[Referral]) -> dict[str, Any]:
    """Counts per concern, need level, source, authority and PII type (and a few more)."""
    accumulator = StatsAccumulator()
    for referral in records:
        accumulator.add(referral)
    return accumulator.as_dict()


def format_stats(stats: dict[str, Any]) -> str:
    """A readable multi-section summary for the terminal."""
    total = max(int(stats["records"]), 1)
    words = stats["words"]
    header = (f"records: {stats['records']}  cases: {stats['cases']}  words mean/min/max: "
              f"{words['mean']}/{words['min']}/{words['max']}  "
              f"with known identifiers: {stats['with_known_identifiers']}")
    lines = [header]
    for title, key in (("concerns", "concerns"), ("need level", "need_level"),
                       ("concerns per referral", "concern_count"),
                       ("referral source", "referral_source"), ("authority", "authority"),
                       ("age band", "age_band"), ("ethnicity", "ethnicity"),
                       ("PII type", "pii_types"), ("person name origin", "person_origins")):
        counts: dict[str, int] = stats[key]
        lines.append(f"\n{title}:")
        width = max((len(k) for k in counts), default=0)
        for name, count in sorted(counts.items(), key=lambda item: -item[1]):
            share = f"{100 * count / total:5.1f}%" if key != "pii_types" and key != "person_origins" else ""
            lines.append(f"  {name:<{width}}  {count:>8}  {share}".rstrip())
    return "\n".join(lines)
