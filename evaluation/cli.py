"""``triage evaluate`` and ``triage promote`` subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path

from referrals.errors import TriageError
from referrals.inputs import read_checked
from referrals.labels import LabelScheme, load_scheme
from referrals.settings import Settings

REJECTS_FILE = "rejects.jsonl"


def _options(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from evaluation.audit import AuditOptions
    from evaluation.report import ReportOptions

    return ReportOptions(n_boot=args.n_boot, seed=args.seed,
                         audit=AuditOptions(min_group_size=args.min_group_size))


def evaluate_cli(args: argparse.Namespace) -> int:
    """Evaluate a registered model on labelled referrals; write the report and log it to MLflow."""
    settings = Settings()
    scheme = load_scheme(args.taxonomy or settings.taxonomy)
    out_dir = args.out or settings.home / "reports" / "evaluation"
    from evaluation.automation_bias import load_automation_bias

    bias = load_automation_bias(args.automation_bias) if args.automation_bias else None
    _check_data(args, scheme, out_dir)
    from evaluation.run import evaluate

    result = evaluate(model_uri=args.model, data_path=args.data, out_dir=out_dir, scheme=scheme,
                      settings=settings, options=_options(args), skip_bad=args.skip_bad, automation_bias=bias)
    for sentence in result.report["summary"]["sentences"]:
        print(sentence)
    print(f"report: {out_dir / 'report.html'} (metrics.json, model_card.md beside it)")
    if result.run_id:
        print(f"logged to MLflow run {result.run_id}")
    return 0


def promote_cli(args: argparse.Namespace) -> int:
    """Compare candidate and champion on the same data; move @champion only if every gate passes."""
    settings = Settings()
    scheme = load_scheme(args.taxonomy or settings.taxonomy)
    out_dir = args.out or settings.home / "reports" / "promotion"
    from evaluation.gates import load_gates

    load_gates(args.gates)  # a bad gates file fails before any model is fetched
    _check_data(args, scheme, out_dir)
    from evaluation.run import promote

    result = promote(candidate=args.candidate, data_path=args.data, out_dir=out_dir,
                     scheme=scheme, settings=settings, gates_path=args.gates, options=_options(args),
                     skip_bad=args.skip_bad)
    for gate in result.gates:
        print(f"[{'pass' if gate.passed else 'FAIL'}] {gate.name}: {gate.reason}")
    if result.promoted:
        print(f"version {result.candidate_version} is now @champion"
              + (f" (was version {result.champion_version})" if result.champion_version else ""))
        return 0
    print(f"version {result.candidate_version} NOT promoted; @champion unchanged")
    return 1


def _check_data(args: argparse.Namespace, scheme: LabelScheme, out_dir: Path) -> None:
    """Options and the data file checked before the model is fetched (seconds, not minutes)."""
    if args.n_boot < 1:
        raise TriageError(f"--n-boot must be at least 1 (got {args.n_boot})")
    if args.min_group_size < 1:
        raise TriageError(f"--min-group-size must be at least 1 (got {args.min_group_size})")
    rejects = out_dir / REJECTS_FILE
    checked = read_checked(args.data, scheme, skip_bad=args.skip_bad, rejects_path=rejects)
    if checked.rejected_lines:
        print(f"{args.data}: {len(checked.rejected_lines)} bad record(s) left out; see {rejects}")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, required=True,
                        help="labelled referrals (.jsonl/.csv); raw text is redacted first")
    parser.add_argument("--out", type=Path, default=None, help="report folder (default: $TRIAGE_HOME/reports/...)")
    parser.add_argument("--n-boot", type=int, default=500, help="bootstrap resamples for intervals")
    parser.add_argument("--min-group-size", type=int, default=50,
                        help="groups smaller than this are reported as too small, not compared")
    parser.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    parser.add_argument("--taxonomy", type=Path, default=None, help="label scheme YAML")
    parser.add_argument("--skip-bad", action="store_true",
                        help=f"score the good records; list the bad ones (line, field, reason; never "
                             f"their text) in OUT/{REJECTS_FILE}")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``evaluate`` and ``promote`` subcommands."""
    evaluate_parser = subparsers.add_parser(
        "evaluate", help="error rates, calibration and bias audit report for a registered model",
        description=evaluate_cli.__doc__,
    )
    evaluate_parser.add_argument("--model", default="models:/referral-triage@candidate",
                                 help="MLflow model URI (default: models:/referral-triage@candidate)")
    evaluate_parser.add_argument("--automation-bias", type=Path, default=None, metavar="FILE",
                                 help="add annotation's automation-bias figures to the report "
                                      "(written by: triage annotate bias --project NAME --json FILE)")
    _common(evaluate_parser)
    evaluate_parser.set_defaults(handler=evaluate_cli)

    promote_parser = subparsers.add_parser(
        "promote", help="move the champion alias to a candidate version if the gates pass",
        description=promote_cli.__doc__ + " Exits 1 when a gate fails.",
    )
    promote_parser.add_argument("--candidate", required=True,
                                help="registered model version number, or an alias such as candidate")
    promote_parser.add_argument("--gates", type=Path, default=None, help="gates YAML (default: shipped)")
    _common(promote_parser)
    promote_parser.set_defaults(handler=promote_cli)
