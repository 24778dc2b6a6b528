"""Shared fixtures: the default label scheme and small synthetic files."""

from __future__ import annotations

import pytest

from referrals.labels import LabelScheme, load_scheme


@pytest.fixture(scope="session")
def scheme() -> LabelScheme:
    """The shipped default label scheme."""
    return load_scheme()
