"""``triage annotate ...``: annotation projects in the service's database, and work on files.

- ``import FILE --project NAME --annotators a,b,c``: redact and store items, assign them;
- ``answers --project NAME --out FILE``: a project's answers as the JSONL the file commands read;
- ``agreement ANSWERS | --project NAME``: kappa per annotator pair and alpha across all, with intervals;
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
from referrals.inputs import check_file

FORMATS = ("contract", "label-studio", "prodigy")
SKIP_BAD_HINT = " (use --skip-bad to keep the good ones)"
"""Part of the contract reader's message; an import refuses a file whole, so it is left out."""


def _existing(value: str) -> Path:
    """An argument naming a file that exists and is not empty (the shared check, as an argparse error)."""
    try:
        return check_file(value)
    except ContractError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(subparsers: Any) -> None:
    """Add ``annotate`` and its subcommands."""
    parser = subparsers.add_parser("annotate", help="agreement, label issues, export and interop for annotation files")
    parser.add_argument("--taxonomy", type=_existing, default=None, help="label scheme YAML (default: shipped)")
    parser.add_argument("--config", type=_existing, default=None, help="annotation config YAML (default: shipped)")
    commands = parser.add_subparsers(dest="annotate_command", metavar="SUBCOMMAND", required=True)

    agreement = commands.add_parser("agreement", help="inter-annotator and annotator-vs-model agreement")
    agreement.add_argument("answers", type=_existing, metavar="ANSWERS", nargs="?", default=None,
                           help="answers JSONL (or give --project)")
    agreement.add_argument("--project", default=None, help="read the answers of this database project")
    agreement.add_argument("--json", type=Path, default=None, help="also write every figure as JSON here")
    agreement.set_defaults(handler=agreement_cli)

    _register_project_commands(commands)

    issues = commands.add_parser("label-issues", help="rank likely wrong labels (confident learning)")
    issues.add_argument("data", type=_existing, metavar="DATA", nargs="?", default=None,
                        help="labelled referrals (.jsonl/.csv, contract), or give --project")
    issues.add_argument("--project", default=None,
                        help="check the settled labels of this database project (adjudicated or agreed)")
    issues.add_argument("--requeue", action="store_true",
                        help="with --project: send flagged items back to their annotators' queues")
    issues.add_argument("--out", type=Path, required=True, help="ranking as JSONL (ids and labels, no text)")
    issues.set_defaults(handler=label_issues_cli)

    export = commands.add_parser("export", help="training JSONL with provenance per label")
    export.add_argument("--items", type=_existing, default=None, help="the annotated referrals (contract)")
    export.add_argument("--answers", type=_existing, default=None, help="answers JSONL")
    export.add_argument("--adjudications", type=_existing, default=None, help="adjudications JSONL")
    export.add_argument("--out", type=Path, required=True, help="output directory")
    export.add_argument("--project", default=None,
                        help="read items, answers and adjudications from this database project "
                             "(instead of --items/--answers); recorded in provenance either way")
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
    bias.add_argument("--answers", type=_existing, default=None, help="answers JSONL (or give --project)")
    bias.add_argument("--adjudications", type=_existing, default=None, help="adjudications JSONL (with --answers)")
    bias.add_argument("--project", default=None, help="read answers and adjudications from this database project")
    bias.add_argument("--json", type=Path, default=None,
                      help="also write the figures here, for triage evaluate --automation-bias")
    bias.set_defaults(handler=bias_cli)


def _register_project_commands(commands: Any) -> None:
    imports = commands.add_parser("import", help="redact a contract file into a database project and assign it")
    imports.add_argument("file", type=_existing, metavar="FILE", help="referrals (.jsonl/.csv, contract)")
    imports.add_argument("--project", type=_name, required=True, help="project name (created if new)")
    imports.add_argument("--annotators", type=_annotators, required=True, help="comma-separated names")
    imports.add_argument("--overlap", type=_share, default=None, help="share labelled by two (default: config)")
    imports.add_argument("--decide-first", type=_share, default=None, help="decide-first share (default: config)")
    imports.add_argument("--seed", type=int, default=None, help="assignment seed (default: config)")
    imports.add_argument("--guideline", default=None, help="guideline path shown to annotators")
    imports.add_argument("--guideline-version", default=None, help="recorded with every answer")
    imports.add_argument("--order", choices=("uncertainty", "random"), default=None,
                         help="queue order on the annotation page (default: config's queue.order)")
    imports.set_defaults(handler=import_cli)

    answers = commands.add_parser("answers", help="write a project's answers (and adjudications) as JSONL")
    answers.add_argument("--project", type=_name, required=True)
    answers.add_argument("--out", type=Path, required=True, help="answers JSONL")
    answers.add_argument("--adjudications", type=Path, default=None, help="also write adjudications JSONL here")
    answers.set_defaults(handler=answers_cli)


def _name(value: str) -> str:
    if not value.strip() or len(value) > 200:
        raise argparse.ArgumentTypeError("a project name is 1 to 200 characters, not blank")
    return value.strip()


def _annotators(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",")]
    if any(not name for name in names):
        raise argparse.ArgumentTypeError(f"{value!r}: an empty annotator name; give names like a,b,c")
    if len(set(names)) != len(names):
        raise argparse.ArgumentTypeError(f"{value!r}: an annotator is named twice")
    return names


def _share(value: str) -> float:
    try:
        share = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not 0.0 <= share <= 1.0:
        raise argparse.ArgumentTypeError(f"{value} is not a share between 0 and 1")
    return share


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

    if (args.answers is None) == (args.project is None):
        raise TriageError("give an answers file or --project NAME (one of them)")
    scheme, config = _scheme_and_config(args)
    if args.project is not None:
        answers = _project_everything(args.project)[1]
        if not answers:
            raise TriageError(f"project {args.project!r} has no answers yet")
    else:
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

    if (args.data is None) == (args.project is None):
        raise TriageError("give a labelled file or --project NAME (one of them)")
    if args.requeue and args.project is None:
        raise TriageError("--requeue sends items back in a database project; give --project NAME")
    scheme, config = _scheme_and_config(args)
    if args.project is not None:
        referrals = _settled_referrals(args.project, config)
    else:
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
    if args.requeue:
        sent = _requeue(args.project, [issue.item_id for issue in issues if issue.flagged])
        print(f"{sent} assignment(s) sent back to their annotators; flagged items come first in their queues")
    return 0


def _settled_referrals(project: str, config: Any) -> list[Any]:
    """The project's items with their settled labels (adjudicated, or agreed by its annotators)."""
    from annotation.export import resolve_labels

    items, answers, adjudications = _project_everything(project)
    settled = resolve_labels(items, answers, adjudications, min_agreement=config.export.min_agreement,
                             project=project).annotation
    if not settled:
        raise TriageError(f"project {project!r} has no settled labels yet (agreed or adjudicated)")
    return settled


def _requeue(project: str, item_ids: list[str]) -> int:
    from annotation.projects import requeue
    from referrals.settings import Settings
    from storage import open_database

    database = open_database(Settings())
    try:
        with database.session() as session:
            return requeue(session, project, item_ids)
    finally:
        database.dispose()


def export_cli(args: argparse.Namespace) -> int:
    """Write training files with provenance and say how to train on them."""
    from annotation.answers import Adjudication, Answer, read_records
    from annotation.export import resolve_labels, write_export
    from referrals.redaction.redacted_input import load_redacted
    from referrals.settings import Settings

    scheme, config = _scheme_and_config(args)
    from_files = args.items is not None or args.answers is not None
    if from_files and (args.items is None or args.answers is None):
        raise TriageError("give --items and --answers together (or --project alone to read the database)")
    if not from_files and args.project is None:
        raise TriageError("give --project NAME (the database) or --items and --answers (files)")
    if from_files:
        try:
            answers = read_records(args.answers, Answer, scheme)
            adjudications = read_records(args.adjudications, Adjudication, scheme) if args.adjudications else []
            items, _ = load_redacted(args.items, scheme, Settings())
        except ContractError as exc:
            return _report_problems(exc)
    else:
        items, answers, adjudications = _project_everything(args.project)
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
    from annotation.bias import automation_bias, bias_json
    from annotation.report import format_bias

    if (args.project is None) == (args.answers is None) or (args.answers is None) != (args.adjudications is None):
        raise TriageError("give --project NAME, or --answers and --adjudications (files)")
    scheme, _ = _scheme_and_config(args)
    if args.project is not None:
        _, answers, settled = _project_everything(args.project)
    else:
        try:
            answers = read_records(args.answers, Answer, scheme)
            settled = read_records(args.adjudications, Adjudication, scheme)
        except ContractError as exc:
            return _report_problems(exc)
    figures = automation_bias(answers, {a.item_id: a for a in settled}, scheme)
    print(format_bias(figures))
    if args.json:
        args.json.write_text(json.dumps(bias_json(figures, args.project), indent=1, allow_nan=False), encoding="utf-8")
        print(f"figures written to {args.json} (for triage evaluate --automation-bias)")
    return 0


def import_cli(args: argparse.Namespace) -> int:
    """Redact a file into a project (one transaction) and print what was added and assigned."""
    scheme, config = _scheme_and_config(args)
    overlap = config.assignment.overlap if args.overlap is None else args.overlap
    per_item = config.assignment.annotators_per_overlap_item
    if overlap > 0 and len(args.annotators) < per_item:
        raise TriageError(f"overlap {overlap} needs at least {per_item} annotators; got {len(args.annotators)}")
    from annotation.projects import import_referrals
    from referrals.redaction.engine import build_redactor
    from referrals.settings import Settings
    from storage import open_database

    settings = Settings()
    redactor = build_redactor(settings.redaction_config)
    database = open_database(settings)
    try:
        with database.session() as session:
            result = import_referrals(
                session, args.file, args.project, redactor, args.annotators, overlap,
                config.assignment.seed if args.seed is None else args.seed, scheme=scheme,
                decide_first=config.assignment.decide_first if args.decide_first is None else args.decide_first,
                annotators_per_overlap_item=per_item, guideline_path=args.guideline,
                guideline_version=args.guideline_version, queue_order=args.order)
    except ContractError as exc:
        if len(exc.problems) > 1:
            return _report_problems(exc)
        print(f"error: {str(exc).replace(SKIP_BAD_HINT, '')}; nothing imported", file=sys.stderr)
        return 2
    finally:
        database.dispose()
    print(f"project {result.project} ({'created' if result.created else 'existing'}): {result.added} item(s) "
          f"added, {result.already_there} already there; {result.assignments} assignment(s), "
          f"{result.overlap_items} item(s) with overlap")
    return 0


def _project_everything(project: str) -> tuple[list[Any], list[Any], list[Any]]:
    """A project's items (redacted on import), answers and adjudications, from the database."""
    from annotation.projects import adjudications_of, answers_of, items_of
    from referrals.settings import Settings
    from storage import open_database

    database = open_database(Settings())
    try:
        with database.session() as session:
            return items_of(session, project), answers_of(session, project), adjudications_of(session, project)
    finally:
        database.dispose()


def answers_cli(args: argparse.Namespace) -> int:
    """Write a project's answers (and optionally adjudications) for the file-based commands."""
    from annotation.answers import write_records

    _, answers, adjudications = _project_everything(args.project)
    written = write_records(args.out, answers)
    message = f"{written} answer(s) written to {args.out}"
    if args.adjudications is not None:
        message += f"; {write_records(args.adjudications, adjudications)} adjudication(s) to {args.adjudications}"
    print(message)
    return 0
