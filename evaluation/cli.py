"""``triage evaluate`` and ``triage promote`` subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path

from referrals.labels import load_scheme
from referrals.settings import Settings


def _options(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from evaluation.audit import AuditOptions
    from evaluation.report import ReportOptions

    return ReportOptions(n_boot=args.n_boot, seed=args.seed,
                         audit=AuditOptions(min_group_size=args.min_group_size))


def evaluate_cli(args: argparse.Namespace) -> int:
    """Evaluate a registered model on labelled referrals; write the report and log it to MLflow."""
    from evaluation.run import evaluate

    settings = Settings()
    scheme = load_scheme(args.taxonomy or settings.taxonomy)
    out_dir = args.out or settings.home / "reports" / "evaluation"
    result = evaluate(model_uri=args.model, data_path=args.data, out_dir=out_dir, scheme=scheme,
                      settings=settings, options=_options(args))
    for sentence in result.report["summary"]["sentences"]:
        print(sentence)
    print(f"report: {out_dir / 'report.html'} (metrics.json, model_card.md beside it)")
    if result.run_id:
        print(f"logged to MLflow run {result.run_id}")
    return 0


def promote_cli(args: argparse.Namespace) -> int:
    """Compare candidate and champion on the same data; move @champion only if every gate passes."""
    from evaluation.run import promote

    settings = Settings()
    scheme = load_scheme(args.taxonomy or settings.taxonomy)
    out_dir = args.out or settings.home / "reports" / "promotion"
    result = promote(candidate=args.candidate, data_path=args.data, out_dir=out_dir,
                     scheme=scheme, settings=settings, gates_path=args.gates, options=_options(args))
    for gate in result.gates:
        print(f"[{'pass' if gate.passed else 'FAIL'}] {gate.name}: {gate.reason}")
    if result.promoted:
        print(f"version {result.candidate_version} is now @champion"
              + (f" (was version {result.champion_version})" if result.champion_version else ""))
        return 0
    print(f"version {result.candidate_version} NOT promoted; @champion unchanged")
    return 1


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, required=True,
                        help="labelled referrals (.jsonl/.csv); raw text is redacted first")
    parser.add_argument("--out", type=Path, default=None, help="report folder (default: $TRIAGE_HOME/reports/...)")
    parser.add_argument("--n-boot", type=int, default=500, help="bootstrap resamples for intervals")
    parser.add_argument("--min-group-size", type=int, default=50,
                        help="groups smaller than this are reported as too small, not compared")
    parser.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    parser.add_argument("--taxonomy", type=Path, default=None, help="label scheme YAML")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``evaluate`` and ``promote`` subcommands."""
    evaluate_parser = subparsers.add_parser(
        "evaluate", help="error rates, calibration and bias audit report for a registered model",
        description=evaluate_cli.__doc__,
    )
    evaluate_parser.add_argument("--model", default="models:/referral-triage@candidate",
                                 help="MLflow model URI (default: models:/referral-triage@candidate)")
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
