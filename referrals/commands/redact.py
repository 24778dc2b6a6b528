"""``triage redact IN OUT``: redact a referral file; ``triage redact --evaluate GOLD``: score it.

The command parses options and calls :func:`referrals.redaction.files.redact_file` or
:func:`referrals.redaction.evaluate.evaluate_redaction`; spaCy and presidio are imported
only when the command runs, so ``triage --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from referrals.contract import detect_format
from referrals.errors import ContractError, TriageError
from referrals.inputs import check_readable, read_checked, rejects_beside

MAX_PROBLEMS_SHOWN = 50


def redact_cli(args: argparse.Namespace) -> int:
    """Redact IN into OUT (with a manifest), or evaluate against a gold file."""
    from referrals.settings import Settings

    if args.config is None:
        args.config = Settings().redaction_config
    if args.evaluate is not None:
        if args.input is not None:
            raise TriageError("--evaluate takes the gold file alone; drop IN/OUT")
        check_readable(args.evaluate)
        return evaluate_cli(args)
    if args.input is None or args.output is None:
        raise TriageError("triage redact needs IN and OUT (or --evaluate GOLD.jsonl)")
    detect_format(args.output)
    rejects_beside(args.output).unlink(missing_ok=True)  # never beside a manifest it does not describe
    check_readable(args.input)
    read_checked(args.input, None, skip_bad=args.skip_bad)  # the contract, before spaCy loads
    from referrals.redaction.engine import build_redactor
    from referrals.redaction.files import redact_file

    redactor = build_redactor(args.config) if args.workers == 1 else None
    try:
        report = redact_file(
            args.input, args.output, args.config, workers=args.workers,
            batch_size=args.batch_size, mode=args.mode, skip_bad=args.skip_bad,
            progress=not args.no_progress, redactor=redactor,
        )
    except ContractError as exc:
        for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
            print(problem, file=sys.stderr)
        raise
    print(f"{report.records} record(s) redacted into {report.output_path}")
    print(f"manifest: {report.manifest_path}")
    if report.rejects_path is not None:
        print(f"{len(report.rejected_lines)} record(s) rejected; see {report.rejects_path}")
    return 0


def evaluate_cli(args: argparse.Namespace) -> int:
    """Print per-type recall/precision/F2, leak rate and recall by name origin."""
    from referrals.contract import read_referrals
    from referrals.redaction.engine import build_redactor
    from referrals.redaction.evaluate import evaluate_redaction

    data = read_referrals(args.evaluate, None, skip_bad=False)
    if not any(r.pii for r in data.referrals):
        raise TriageError(f"{args.evaluate}: no record has gold pii spans to evaluate against")
    report = evaluate_redaction(data.referrals, build_redactor(args.config),
                                batch_size=args.batch_size)
    print(report.format_table())
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report.to_dict(), indent=2) + "\n", encoding="utf-8")
        print(f"report: {args.json}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``redact`` subcommand."""
    parser = subparsers.add_parser(
        "redact",
        help="redact personal data from a referral file, or evaluate redaction on gold spans",
        description=redact_cli.__doc__,
    )
    parser.add_argument("input", nargs="?", type=Path, help="referrals (.jsonl or .csv)")
    parser.add_argument("output", nargs="?", type=Path, help="redacted referrals (.jsonl or .csv)")
    parser.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    parser.add_argument("--batch-size", type=int, default=64, help="texts per nlp.pipe batch")
    parser.add_argument("--config", type=Path, default=None,
                        help="redaction YAML (default: $TRIAGE_REDACTION_CONFIG, else the shipped social-care config)")
    parser.add_argument("--mode", choices=("placeholder", "surrogate"), default="placeholder")
    parser.add_argument("--skip-bad", action="store_true",
                        help="write good records, list bad ones in OUT.rejects.jsonl")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    parser.add_argument("--evaluate", type=Path, default=None, metavar="GOLD",
                        help="score redaction against gold pii spans in GOLD instead")
    parser.add_argument("--json", type=Path, default=None, help="with --evaluate: write JSON here")
    parser.set_defaults(handler=redact_cli)
