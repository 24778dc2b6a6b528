"""Databases for storage tests: a SQLite file and a private PostgreSQL schema.

PostgreSQL runs on 127.0.0.1:5432 (``.ci/run`` starts it). Each test gets its own schema,
dropped afterwards, so tests can rerun and run beside others. The helper is shared with
the serving tests, which run the whole service on both databases.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "serving"))
from serving_testkit import database_of_kind


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty SQLite file or a private PostgreSQL schema (dropped afterwards)."""
    with database_of_kind(request.param, tmp_path) as url:
        yield url
