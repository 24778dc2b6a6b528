"""Fixtures for training tests: a small generated file and a private MLflow store."""

from __future__ import annotations

from pathlib import Path

import pytest

from referrals.contract import write_referrals
from referrals.synthetic import generate_referrals


@pytest.fixture
def triage_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private TRIAGE_HOME so the MLflow store lives under tmp_path."""
    home = tmp_path / "home"
    monkeypatch.setenv("TRIAGE_HOME", str(home))
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    monkeypatch.delenv("TRIAGE_MLFLOW_TRACKING_URI", raising=False)
    return home


@pytest.fixture(scope="session")
def small_referrals_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 generated referrals with labels and gold PII (raw, unredacted)."""
    path = tmp_path_factory.mktemp("data") / "small.jsonl"
    write_referrals(path, generate_referrals(300, seed=101))
    return path
