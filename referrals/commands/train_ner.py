"""``triage train-ner``: train the redactor's person-name model on gold name spans.

The command reads contract files with ``pii`` spans, adds generated referrals as the
settings say, trains (:mod:`referrals.redaction.person_ner`) and writes a pipeline
directory with its SHA-256 manifest. To use it, name the directory in a redaction
config (``spacy.model``, with ``spacy.sha256`` set to the printed digest).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from referrals.commands.arguments import non_negative_int, positive_int
from referrals.errors import TriageError
from referrals.inputs import check_readable


def train_ner_cli(args: argparse.Namespace) -> int:
    """Train the one-label person-name model the redactor runs before its name rules."""
    from referrals.contract import read_referrals
    from referrals.redaction import person_ner
    from referrals.redaction.pipeline_files import file_sha256, write_manifest

    if args.write_manifest is not None:
        if not (args.write_manifest / "config.cfg").is_file():
            raise TriageError(f"{args.write_manifest} is not a spaCy pipeline directory (no config.cfg)")
        print(f"sha256 (pin it as spacy.sha256): {write_manifest(args.write_manifest)}")
        return 0
    if not args.data or args.out is None:
        raise TriageError("triage train-ner needs --data FILE (one or more) and --out DIR")
    settings = person_ner.load_settings(args.settings)
    if args.epochs is not None:
        settings.training.epochs = args.epochs
    if args.generated is not None:
        settings.training.generated = args.generated
    written = []
    for path in args.data:
        check_readable(path)
        records = read_referrals(path, None).referrals
        if not any(span.type == person_ner.LABEL for r in records for span in r.pii or []):
            raise TriageError(f"{path}: no gold PERSON spans (`pii` with type PERSON) to learn from")
        written += person_ner.person_gold(records)
    generated = []
    if settings.training.generated:
        from referrals.synthetic import generate_referrals

        generated = person_ner.person_gold(
            generate_referrals(settings.training.generated, settings.training.generated_seed))
    print(f"training on {len(written)} written and {len(generated)} generated referral(s)")
    trained = person_ner.train_person_ner(written, generated, settings, progress=not args.no_progress)
    sources = {str(path): file_sha256(path) for path in args.data}
    digest = person_ner.save_pipeline(trained, settings, args.out, sources)
    print(f"best epoch {trained.best_epoch}; pipeline written to {args.out}")
    print(f"sha256 (pin it as spacy.sha256): {digest}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``train-ner`` subcommand."""
    parser = subparsers.add_parser(
        "train-ner",
        help="train the redactor's person-name model on gold name spans",
        description=train_ner_cli.__doc__,
    )
    parser.add_argument("--data", type=Path, action="append", default=[], metavar="FILE",
                        help="referrals with gold `pii` spans (.jsonl or .csv); repeat for more files")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR", help="pipeline directory to write")
    parser.add_argument("--settings", type=Path, default=None,
                        help="training YAML (default: the shipped referrals/redaction/conf/person_ner.yaml)")
    parser.add_argument("--epochs", type=positive_int, default=None, help="override training.epochs")
    parser.add_argument("--generated", type=non_negative_int, default=None,
                        help="override training.generated (generated referrals added; 0 for none)")
    parser.add_argument("--write-manifest", type=Path, default=None, metavar="DIR",
                        help="only write sha256.json for an existing pipeline directory and print its digest")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bars")
    parser.set_defaults(handler=train_ner_cli)
