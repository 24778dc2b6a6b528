"""``triage train``: train, calibrate, track in MLflow and register as ``candidate``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from referrals.inputs import REJECTS_SUFFIX, read_checked
from referrals.labels import load_scheme
from referrals.settings import Settings


def train_cli(args: argparse.Namespace, overrides: list[str]) -> int:
    """Train on referral files and report the run, the model version and key metrics.

    Arguments, the config with its overrides, and every input file are checked before
    the heavy libraries load or an MLflow run opens: a typo costs a second, not a run.
    """
    from training.config import check_config

    settings = Settings()
    scheme = load_scheme(args.taxonomy or settings.taxonomy)
    config = resolved_config(args, overrides)
    check_config(config, str(args.config or "training/configs/default.yaml")
                 + (" with command-line overrides" if overrides else ""))
    inputs = [_named_input(value) for value in args.data]
    for name, path in inputs:
        rejects = settings.home / "rejects" / f"train.{name}{REJECTS_SUFFIX}"
        checked = read_checked(path, scheme, skip_bad=args.skip_bad, rejects_path=rejects)
        if checked.rejected_lines:
            print(f"{path}: {len(checked.rejected_lines)} bad record(s) left out; see {rejects}")
    from training.train import train

    result = train(data_path=inputs, config=config, scheme=scheme, settings=settings,
                   register=not args.no_register, skip_bad=args.skip_bad)
    _print_result(result, settings)
    return 0


def resolved_config(args: argparse.Namespace, overrides: list[str]) -> dict[str, Any]:
    """The config file with command-line values set; a key set here leaves the search grid."""
    from training.config import apply_overrides, load_config, parse_overrides

    config = load_config(args.config)
    if args.seed is not None:
        overrides = [*overrides, "--seed", str(int(args.seed))]
    parsed = parse_overrides(overrides)
    config = apply_overrides(config, parsed)
    search = dict(config.get("search") or {})
    for key in parsed:
        if key in search:
            tried = search.pop(key)
            print(f"search: --{key} set on the command line to {parsed[key]!r}; "
                  f"the grid's {len(tried)} value(s) for it are not tried")
    config["search"] = search
    return config


def _print_result(result: Any, settings: Settings) -> None:
    concerns, need = result.metrics["concerns"], result.metrics["need_level"]
    print(f"run {result.run_id} in {result.seconds:.0f} s; model {result.model_uri}")
    if result.registered_version:
        print(f"registered {settings.model_name} version {result.registered_version} as @candidate")
    for name, part in (result.metrics.get("by_source") or {}).items():
        print(f"held-out {name}: concerns macro F1 {part['concerns']['macro_f1']:.3f}; need level QWK "
              f"{part['need_level']['qwk']:.3f}, under-triage {part['need_level']['under_triage']:.3f}, "
              f"over-triage {part['need_level'].get('over_triage', float('nan')):.3f}")
    print(f"held-out: concerns macro F1 {concerns['macro_f1']:.3f}, ECE {concerns['ece']:.3f}; "
          f"need level QWK {need['qwk']:.3f}, under-triage {need['under_triage']:.3f}, "
          f"upper coverage {need.get('upper_coverage', float('nan')):.3f}")


def _named_input(value: str) -> tuple[str, Path]:
    """``NAME=FILE`` or ``FILE`` (source name ``data``)."""
    name, sep, path = value.partition("=")
    if sep and name and "/" not in name:
        return name, Path(path)
    return "data", Path(value)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``train`` subcommand (unknown ``--section.key value`` pairs are config overrides)."""
    parser = subparsers.add_parser(
        "train",
        help="train the concern and need-level models and register them in MLflow",
        description=(
            "Train on labelled referrals (raw text is redacted first with the shared engine; a file "
            "written by `triage redact` with its manifest is used as is). Any further "
            "`--section.key value` pair overrides the experiment config, e.g. --need_level.kind multinomial."
        ),
    )
    parser.add_argument(
        "--data", action="append", required=True, metavar="[NAME=]FILE",
        help="labelled referrals (.jsonl or .csv); repeat with NAME=FILE to mix sources, each "
             "weighted by the config's sources.NAME.weight (e.g. --data generated=g.jsonl "
             "--data handwritten=data/handwritten/train.jsonl)",
    )
    parser.add_argument("--config", type=Path, default=None, help="experiment YAML (default: shipped)")
    parser.add_argument("--seed", type=float, default=None, help="overrides the config's seed")
    parser.add_argument("--taxonomy", type=Path, default=None, help="label scheme YAML")
    parser.add_argument("--no-register", action="store_true", help="log the run but do not register")
    parser.add_argument("--skip-bad", action="store_true",
                        help="train on the good records; list the bad ones (line, field, reason; never "
                             "their text) in $TRIAGE_HOME/rejects/train.NAME.rejects.jsonl")
    parser.set_defaults(handler=train_cli, accepts_overrides=True)
