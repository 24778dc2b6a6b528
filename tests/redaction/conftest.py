"""A redactor built once per session: loading spaCy is the slow part."""

from __future__ import annotations

import pytest

from referrals.redaction import Redactor, build_redactor


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    """The shipped default redactor."""
    return build_redactor()
