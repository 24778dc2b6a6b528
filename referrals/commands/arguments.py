"""Argument types the core commands share: a bad number is a one-line usage error."""

from __future__ import annotations

import argparse


def positive_int(value: str) -> int:
    """An int of at least 1 (``--n``, ``--epochs``)."""
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def non_negative_int(value: str) -> int:
    """An int of at least 0 (``--generated 0`` for none)."""
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be at least 0, got {number}")
    return number
