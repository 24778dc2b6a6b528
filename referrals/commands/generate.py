"""``triage generate``: write a synthetic labelled referral set with exact gold PII spans.

The command only parses options and calls :func:`referrals.synthetic.write_synthetic`;
tests call that function directly.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from referrals.commands.arguments import positive_int
from referrals.synthetic import format_stats, load_generator_config, write_synthetic


def generate_cli(args: argparse.Namespace) -> int:
    """Generate synthetic referrals (deterministic for a seed) and write them atomically."""
    config = load_generator_config(args.config, label_noise=args.label_noise, bias=args.bias)
    stats = write_synthetic(args.out, args.n, args.seed, config, progress=not args.quiet)
    print(f"wrote {stats['records']} referral(s) to {args.out}")
    if args.stats:
        print(format_stats(stats))
    return 0


def _share(value: str) -> float:
    number = float(value)
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"must lie in [0, 1], got {number}")
    return number


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``generate`` subcommand."""
    parser = subparsers.add_parser(
        "generate",
        help="write synthetic labelled referrals with gold PII spans (.jsonl or .csv)",
        description=generate_cli.__doc__,
    )
    parser.add_argument("--n", type=positive_int, default=20000, help="number of referrals")
    parser.add_argument("--seed", type=int, default=7, help="random seed (same seed, same bytes)")
    parser.add_argument("--out", type=Path, required=True, help="output file, .jsonl or .csv")
    parser.add_argument(
        "--bias", action="append", default=[], metavar="RULE",
        help="skew recorded need levels for a group, e.g. 'ethnicity=Black:need_level+1@0.15'; "
        "repeatable",
    )
    parser.add_argument("--label-noise", type=_share, default=None,
                        help="share of need levels disturbed (default from the config, 0.08)")
    parser.add_argument("--config", type=Path, default=None,
                        help="YAML merged over the packaged generator config")
    parser.add_argument("--stats", action="store_true", help="print counts per label, source, PII type")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(handler=generate_cli)
