"""The ``triage`` console script: one subcommand per job, each in its own module.

This module sits above every stage and imports each one's commands directly, so a
missing command is an import error, never a silently shorter ``--help``. Each command
module exposes ``register(subparsers)``; the heavy libraries (spaCy, MLflow,
scikit-learn) are imported inside the command so ``triage --help`` is fast. Domain
errors print as one line and exit 2; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from annotation import cli as annotation_cli
from evaluation import cli as evaluation_cli
from referrals.commands import generate, redact, train_ner, validate
from referrals.errors import TriageError
from serving import cli as serving_cli
from training import cli as training_cli

COMMAND_MODULES = [generate, validate, redact, train_ner, training_cli, evaluation_cli, annotation_cli, serving_cli]
"""Modules that add subcommands, in the order ``--help`` lists them."""

APP_FACTORY = "triage.app:create_app"
"""What `triage serve` runs (imported only when it starts, so --help stays fast)."""

NOISY_LOGGERS = ("presidio-analyzer", "mlflow", "alembic", "urllib3", "spacy")
"""Libraries whose INFO chatter hides our own progress; shown again with --verbose."""


class OneLineErrorParser(argparse.ArgumentParser):
    """An argument error is one line, like every other error a command reports."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every available subcommand."""
    parser = OneLineErrorParser(
        prog="triage",
        description=(
            "Referral Triage: suggests concern categories and a need level for children's "
            "social care referrals, for a person to review. It never decides."
        ),
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail (never narrative text)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(subparsers)
    # `triage serve` runs the composed service: the review page and API plus annotation's pages.
    subparsers.choices["serve"].set_defaults(app_factory=APP_FACTORY)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and not getattr(args, "accepts_overrides", False):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not args.verbose:
        for noisy in NOISY_LOGGERS:
            logging.getLogger(noisy).setLevel(logging.WARNING)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    # MLflow draws a progress bar per artifact download: thousands of characters of
    # carriage returns per evaluation in logs and `make run` output. Opt back in by
    # setting the variable yourself.
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    try:
        if getattr(args, "accepts_overrides", False):
            return int(args.handler(args, extra) or 0)
        return int(args.handler(args) or 0)
    except TriageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a library failure: one line unless the user asked for detail
        if args.verbose:
            raise
        print(f"error: {type(exc).__name__}: {exc} (run with -v for the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
