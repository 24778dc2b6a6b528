"""``triage annotate ...``: annotation work on files, before the database-backed projects exist.

- ``agreement ANSWERS``: kappa per annotator pair and alpha across all, with intervals;
- ``label-issues DATA --out FILE``: likely wrong labels by confident learning;
- ``export --items F --answers F [--adjudications F] --out DIR``: training files with provenance;
- ``convert IN OUT --from FORMAT --to FORMAT``: Label Studio / Prodigy ⇄ the data contract;
- ``bias --answers F --adjudications F``: automation-bias figures.

Arguments are checked before anything heavy is imported. A bad record is reported as
``file:line: field: reason`` (one line each) and the command exits 2 having written nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from referrals.errors import ContractError, TriageError

FORMATS = ("contract", "label-studio", "prodigy")


def _existing(value: str) -> Path:
    path = Path(value)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{value}: is a directory; give a file")
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{value}: file not found")
    if path.stat().st_size == 0:
        raise argparse.ArgumentTypeError(f"{value}: file is empty")
    return path


def register(subparsers: Any) -> None:
    """Add ``annotate`` and its subcommands."""
    parser = subparsers.add_parser("annotate", help="agreement, label issues, export and interop for annotation files")
    parser.add_argument("--taxonomy", type=_existing, default=None, help="label scheme YAML (default: shipped)")
    parser.add_argument("--config", type=_existing, default=None, help="annotation config YAML (default: shipped)")
    commands = parser.add_subparsers(dest="annotate_command", metavar="SUBCOMMAND", required=True)

    agreement = commands.add_parser("agreement", help="inter-annotator and annotator-vs-model agreement")
    agreement.add_argument("answers", type=_existing, metavar="ANSWERS", help="answers JSONL")
    agreement.add_argument("--json", type=Path, default=None, help="also write every figure as JSON here")
    agreement.set_defaults(handler=agreement_cli)

    issues = commands.add_parser("label-issues", help="rank likely wrong labels (confident learning)")
    issues.add_argument("data", type=_existing, metavar="DATA", help="labelled referrals (.jsonl/.csv, contract)")
    issues.add_argument("--out", type=Path, required=True, help="ranking as JSONL (ids and labels, no text)")
    issues.set_defaults(handler=label_issues_cli)

    export = commands.add_parser("export", help="training JSONL with provenance per label")
    export.add_argument("--items", type=_existing, required=True, help="the annotated referrals (contract)")
    export.add_argument("--answers", type=_existing, required=True, help="answers JSONL")
    export.add_argument("--adjudications", type=_existing, default=None, help="adjudications JSONL")
    export.add_argument("--out", type=Path, required=True, help="output directory")
    export.add_argument("--project", default=None, help="project name recorded in provenance")
    export.add_argument("--base-config", type=_existing, default=None,
                        help="training config to copy into OUT/training.yaml with the annotation sources added")
    export.set_defaults(handler=export_cli)

    convert = commands.add_parser("convert", help="Label Studio / Prodigy <-> contract")
    convert.add_argument("source", type=_existing, metavar="IN")
    convert.add_argument("target", type=Path, metavar="OUT")
    convert.add_argument("--from", dest="from_format", choices=FORMATS, required=True)
    convert.add_argument("--to", dest="to_format", choices=FORMATS, required=True)
    convert.add_argument("--answers", type=_existing, default=None, help="contract -> tool: answers to include")
    convert.add_argument("--answers-out", type=Path, default=None, help="tool -> contract: write answers here")
    convert.set_defaults(handler=convert_cli)

    bias = commands.add_parser("bias", help="automation-bias figures against adjudicated labels")
    bias.add_argument("--answers", type=_existing, required=True)
    bias.add_argument("--adjudications", type=_existing, required=True)
    bias.set_defaults(handler=bias_cli)


def _report_problems(exc: ContractError) -> int:
    for problem in exc.problems:
        print(str(problem), file=sys.stderr)
    print(f"error: {exc}", file=sys.stderr)
    return 2


def _scheme_and_config(args: argparse.Namespace) -> tuple[Any, Any]:
    from annotation.config import load_annotation_config
    from referrals.labels import load_scheme

    return load_scheme(args.taxonomy), load_annotation_config(args.config)


def agreement_cli(args: argparse.Namespace) -> int:
    """Print agreement tables; optionally write the figures as JSON."""
    from annotation.agreement import AgreementSettings, agreement_report
    from annotation.answers import Answer, read_records
    from annotation.report import format_agreement

    scheme, config = _scheme_and_config(args)
    try:
        answers = read_records(args.answers, Answer, scheme)
    except ContractError as exc:
        return _report_problems(exc)
    settings = AgreementSettings(config.agreement.bootstrap_samples, config.agreement.confidence, config.agreement.seed)
    report = agreement_report(answers, scheme, settings)
    print(format_agreement(report))
    if args.json:
        args.json.write_text(json.dumps(asdict(report), indent=1), encoding="utf-8")
        print(f"figures written to {args.json}")
    return 0


def label_issues_cli(args: argparse.Namespace) -> int:
    """Rank likely wrong labels and write the ranking (no narrative text)."""
    from annotation.label_issues import find_issues
    from referrals.labelled import to_labelled
    from referrals.redaction.redacted_input import load_redacted
    from referrals.settings import Settings

    scheme, config = _scheme_and_config(args)
    try:
        referrals, _ = load_redacted(args.data, scheme, Settings())
    except ContractError as exc:
        return _report_problems(exc)
    issues = find_issues(to_labelled(referrals, scheme), scheme, folds=config.label_issues.folds,
                         seed=config.label_issues.seed, progress=print)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        for issue in issues:
            handle.write(json.dumps({**asdict(issue), "flagged": issue.flagged}) + "\n")
    print(f"{sum(i.flagged for i in issues)} of {len(issues)} item(s) flagged; ranking written to {args.out}")
    return 0


def export_cli(args: argparse.Namespace) -> int:
    """Write training files with provenance and say how to train on them."""
    from annotation.answers import Adjudication, Answer, read_records
    from annotation.export import resolve_labels, write_export
    from referrals.redaction.redacted_input import load_redacted
    from referrals.settings import Settings

    scheme, config = _scheme_and_config(args)
    try:
        answers = read_records(args.answers, Answer, scheme)
        adjudications = read_records(args.adjudications, Adjudication, scheme) if args.adjudications else []
        items, _ = load_redacted(args.items, scheme, Settings())
    except ContractError as exc:
        return _report_problems(exc)
    try:
        result = resolve_labels(items, answers, adjudications, min_agreement=config.export.min_agreement,
                                project=args.project)
    except ValueError as exc:
        raise TriageError(str(exc)) from exc
    written = write_export(result, args.out, config.export, args.base_config)
    print(f"annotation {len(result.annotation)}, review {len(result.review)}; left out: unresolved "
          f"{len(result.unresolved)}, not enough information {len(result.not_enough_information)}, "
          f"unanswered {len(result.unanswered)}, review superseded {len(result.review_superseded)}")
    data = " ".join(f"--data {name}={written[name]}" for name in ("annotation", "review") if name in written)
    config_hint = f" --config {written['training_config']}" if "training_config" in written else \
        f"  (add {written['sources']} to your training config's sources)"
    print(f"train with: triage train {data} --data generated=GENERATED.jsonl{config_hint}")
    return 0


def convert_cli(args: argparse.Namespace) -> int:
    """Convert between the contract and Label Studio or Prodigy files."""
    if (args.from_format == "contract") == (args.to_format == "contract"):
        raise TriageError("convert goes from the contract to a tool format or back; one side must be 'contract'")
    from annotation import interop
    from annotation.answers import Answer, read_records, write_records
    from referrals.contract import write_referrals
    from referrals.redaction.engine import build_redactor
    from referrals.redaction.files import redact_referral
    from referrals.redaction.redacted_input import load_redacted
    from referrals.settings import Settings

    scheme, _ = _scheme_and_config(args)
    try:
        if args.from_format == "contract":
            items, _ = load_redacted(args.source, scheme, Settings())
            answers = read_records(args.answers, Answer, scheme) if args.answers else []
            dataset = interop.Dataset(referrals=items, answers=answers)
            if args.to_format == "label-studio":
                interop.write_label_studio(args.target, dataset)
            else:
                interop.write_prodigy(args.target, dataset, scheme)
            print(f"{len(items)} referral(s), {len(answers)} answer(s) written to {args.target}")
            return 0
        reader = interop.read_label_studio if args.from_format == "label-studio" else interop.read_prodigy
        dataset = reader(args.source, scheme)
    except ContractError as exc:
        return _report_problems(exc)
    redactor = build_redactor(Settings().redaction_config)
    referrals = [redact_referral(r, redactor) for r in dataset.referrals]
    write_referrals(args.target, referrals)
    if args.answers_out:
        write_records(args.answers_out, dataset.answers)
    print(f"{len(referrals)} referral(s) redacted and written to {args.target}; {len(dataset.answers)} answer(s)"
          + (f" to {args.answers_out}" if args.answers_out else " (not written: no --answers-out)")
          + f"; {dataset.skipped} skip(s)")
    return 0


def bias_cli(args: argparse.Namespace) -> int:
    """Print automation-bias figures."""
    from annotation.answers import Adjudication, Answer, read_records
    from annotation.bias import automation_bias
    from annotation.report import format_bias

    scheme, _ = _scheme_and_config(args)
    try:
        answers = read_records(args.answers, Answer, scheme)
        adjudications = {a.item_id: a for a in read_records(args.adjudications, Adjudication, scheme)}
    except ContractError as exc:
        return _report_problems(exc)
    print(format_bias(automation_bias(answers, adjudications, scheme)))
    return 0
