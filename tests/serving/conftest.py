"""Fixtures for serving tests: one small registered model, one redactor, apps on demand.

The model is trained once per session on 300 generated referrals with a quick config
into a private MLflow store (as tests/evaluation does), registered as @candidate only,
so every app also exercises the champion-to-candidate fallback.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serving_testkit import AppFactory, Running, database_of_kind

from referrals.contract import write_referrals
from referrals.labels import load_scheme
from referrals.redaction.engine import Redactor, build_redactor
from referrals.settings import Settings
from referrals.synthetic import generate_referrals
from serving.app import create_app
from storage.tables import Role
from storage.users import add_user
from triage.app import create_app as create_service

with warnings.catch_warnings():
    # Starlette 1.x prefers httpx2 for its TestClient; the project pins httpx (see pyproject).
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

QUICK = ["--search", "{}", "--features.char_ngram_range", "null", "--concerns.calibration", "sigmoid"]


@pytest.fixture(scope="session")
def serving_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A private TRIAGE_HOME holding an MLflow store with one @candidate model."""
    from training.config import apply_overrides, load_config, parse_overrides
    from training.train import train

    root = tmp_path_factory.mktemp("serving")
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("TRIAGE_HOME", str(root / "home"))
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    monkeypatch.delenv("TRIAGE_MLFLOW_TRACKING_URI", raising=False)
    monkeypatch.setenv("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    raw = root / "train.jsonl"
    write_referrals(raw, generate_referrals(300, seed=404))
    config = apply_overrides(load_config(), parse_overrides(QUICK))
    train(data_path=raw, config=config, scheme=load_scheme(), settings=Settings())
    yield root / "home"
    monkeypatch.undo()


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    """The shipped redactor, built once and shared by every app."""
    return build_redactor()


@pytest.fixture
def start_app(serving_home: Path, redactor: Redactor, tmp_path: Path) -> Iterator[AppFactory]:
    """Start apps with settings overrides; each gets its own SQLite file unless a URL is given."""
    clients: list[TestClient] = []

    def start(wait: bool = True, composed: bool = False, **overrides: Any) -> Running:
        """``composed``: the service as `triage serve` runs it, with annotation's pages."""
        overrides.setdefault("database_url", f"sqlite:///{tmp_path / f'db{len(clients)}.sqlite'}")
        settings = Settings(home=serving_home, **overrides)
        app = (create_service if composed else create_app)(settings, redactor=redactor)
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        state = app.state.serving
        if wait:
            assert state.warmed.wait(120), "warm-up did not finish"
        keys = {}
        with state.database.session() as session:
            for role in Role:
                keys[role.value] = add_user(session, f"{role.value}-user", role)[1]
        return Running(app=app, client=client, keys=keys)

    yield start
    for client in clients:
        client.__exit__(None, None, None)
        client.app.state.serving.database.dispose()  # type: ignore[attr-defined]


@pytest.fixture
def running(start_app: AppFactory) -> Running:
    """One ready app on SQLite with generous limits."""
    return start_app()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty SQLite file or a private PostgreSQL schema (dropped afterwards)."""
    with database_of_kind(request.param, tmp_path) as url:
        yield url
