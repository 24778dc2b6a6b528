"""``triage users add|list`` and ``triage serve --check`` through the console script."""

from __future__ import annotations

from pathlib import Path

import pytest

from referrals.settings import Settings
from storage import open_database
from storage.users import user_for_key
from triage.cli import main


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRIAGE_HOME", str(tmp_path))
    monkeypatch.delenv("TRIAGE_DATABASE_URL", raising=False)
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)  # mlflow.set_tracking_uri sets it
    monkeypatch.delenv("TRIAGE_MLFLOW_TRACKING_URI", raising=False)
    return tmp_path


def test_users_add_prints_the_key_once_and_stores_its_hash(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["users", "add", "sam", "--role", "screener"]) == 0
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert key.startswith("trk_")
    database = open_database(Settings())
    with database.session() as session:
        assert user_for_key(session, key).name == "sam"  # type: ignore[union-attr]
    assert key.encode() not in (home / "triage.db").read_bytes()
    assert main(["users", "list"]) == 0
    listing = capsys.readouterr().out
    assert "sam\tscreener" in listing and key not in listing
    database.dispose()


def test_users_add_refuses_a_duplicate_or_an_unknown_role(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["users", "add", "sam", "--role", "screener"]) == 0
    assert main(["users", "add", "sam", "--role", "screener"]) == 2
    assert "error: user 'sam' exists; pass replace=True (--replace)" in capsys.readouterr().err
    assert main(["users", "add", "kim", "--role", "boss"]) == 2
    assert ("error: unknown role 'boss'; allowed: screener, annotator, adjudicator, evaluator, admin"
            in capsys.readouterr().err)


def test_serve_check_fails_cleanly_without_a_registered_model(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--check"]) == 1
    assert capsys.readouterr().err.strip() == (
        "no model to serve: no model is registered as @champion or @candidate; train one (triage train) first")


def test_serve_runs_on_the_c_http_parser_and_event_loop() -> None:
    """`triage serve` leaves uvicorn on "auto"; the project's dependencies make that choose
    httptools and uvloop (C parser and event loop). Losing either would change the HTTP
    stack the serving bench in the README measured, without a word."""
    from uvicorn.loops.auto import auto_loop_factory
    from uvicorn.protocols.http.auto import AutoHTTPProtocol

    assert AutoHTTPProtocol.__name__ == "HttpToolsProtocol"
    loop = auto_loop_factory()()
    try:
        assert type(loop).__module__.startswith("uvloop")
    finally:
        loop.close()
