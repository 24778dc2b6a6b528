"""``triage validate FILE``: check a council's own referral file against the contract.

Prints a summary (counts per label, need level, source, authority, missing fields)
when the file is clean, or every problem found, exiting non-zero on any.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from referrals.contract import RecordProblem, Referral, iter_referrals
from referrals.errors import ContractError
from referrals.inputs import check_readable
from referrals.labels import LabelScheme, load_scheme
from referrals.settings import Settings

OPTIONAL_FIELDS = (
    "concerns", "need_level", "received_at", "referral_source", "authority", "case_id", "child",
)


@dataclass
class ValidationSummary:
    """What a file holds: counts that help a data scientist judge it before training."""

    records: int = 0
    problems: list[RecordProblem] = field(default_factory=list)
    concerns: Counter[str] = field(default_factory=Counter)
    need_levels: Counter[str] = field(default_factory=Counter)
    sources: Counter[str] = field(default_factory=Counter)
    authorities: Counter[str] = field(default_factory=Counter)
    missing: Counter[str] = field(default_factory=Counter)
    with_pii_spans: int = 0

    def add(self, referral: Referral) -> None:
        """Count one valid referral."""
        self.records += 1
        for concern in referral.concerns or []:
            self.concerns[concern] += 1
        if referral.need_level:
            self.need_levels[referral.need_level] += 1
        self.sources[referral.referral_source or "(missing)"] += 1
        self.authorities[referral.authority or "(missing)"] += 1
        for name in OPTIONAL_FIELDS:
            if getattr(referral, name) is None:
                self.missing[name] += 1
        if referral.pii:
            self.with_pii_spans += 1


def validate_file(path: str | Path, scheme: LabelScheme) -> ValidationSummary:
    """Validate every record in ``path``; collect all problems rather than stop at the first."""
    summary = ValidationSummary()
    for _, item in iter_referrals(path, scheme):
        if isinstance(item, Referral):
            summary.add(item)
        else:
            summary.problems.extend(item)
    return summary


def _table(title: str, counts: Counter[str], total: int, order: list[str] | None = None) -> str:
    keys = order if order is not None else [k for k, _ in counts.most_common()]
    lines = [title]
    for key in keys:
        share = counts[key] / total if total else 0.0
        lines.append(f"  {key:<32} {counts[key]:>8}  {share:6.1%}")
    return "\n".join(lines)


def format_summary(summary: ValidationSummary, scheme: LabelScheme) -> str:
    """Human-readable summary of a clean file."""
    parts = [f"{summary.records} valid referral(s)"]
    parts.append(_table("concerns:", summary.concerns, summary.records, scheme.concern_ids))
    parts.append(_table("need level:", summary.need_levels, summary.records, scheme.need_level_ids))
    parts.append(_table("referral source:", summary.sources, summary.records))
    parts.append(_table("authority:", summary.authorities, summary.records))
    parts.append(_table("missing optional fields:", summary.missing, summary.records, list(OPTIONAL_FIELDS)))
    parts.append(f"records with gold PII spans: {summary.with_pii_spans}")
    return "\n".join(parts)


def validate_cli(args: argparse.Namespace) -> int:
    """Check a referral file; print its summary, or every problem and then the one-line error."""
    scheme = load_scheme(args.taxonomy or Settings().taxonomy)
    check_readable(args.file)
    summary = validate_file(args.file, scheme)
    if summary.problems:
        for problem in summary.problems:
            print(problem)
        print(f"{len(summary.problems)} problem(s) in {args.file}; {summary.records} record(s) valid")
        bad_lines = len({problem.line for problem in summary.problems})
        raise ContractError(f"{summary.problems[0]}; {bad_lines} bad record(s)", summary.problems)
    if not summary.records:
        raise ContractError(f"{args.file}: holds no referrals (only blank lines)")
    print(format_summary(summary, scheme))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``validate`` subcommand."""
    parser = subparsers.add_parser(
        "validate",
        help="check a referral file (JSONL or CSV) against the data contract and label scheme",
        description=validate_cli.__doc__ + " Exits 2 if any record is invalid.",
    )
    parser.add_argument("file", type=Path, help="referrals as .jsonl or .csv")
    parser.add_argument("--taxonomy", type=Path, default=None, help="label scheme YAML (default: $TRIAGE_TAXONOMY, else the shipped scheme)")
    parser.set_defaults(handler=validate_cli)
