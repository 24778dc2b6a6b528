"""Helpers shared by the serving tests (test-only; the product package holds none)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CANARY = "Wenceslava Przybyszewska"
"""A planted name: it must never appear in a log, a row or a response except as a placeholder."""


@dataclass
class Running:
    """A started app, its client, and keys for every role."""

    app: Any
    client: Any  # fastapi.testclient.TestClient
    keys: dict[str, str]

    def auth(self, role: str) -> dict[str, str]:
        """Headers with the key of ``role``."""
        return {"Authorization": f"Bearer {self.keys[role]}"}


AppFactory = Callable[..., Running]


def csrf(html: str) -> str:
    """The CSRF token of the (first) form on a page."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "form has a CSRF token"
    return match.group(1)


def login(running: Running, role: str = "screener", then: str = "/") -> None:
    """Log the client in with the key of ``role`` (a session cookie, as a browser would)."""
    form = running.client.get(f"/login?next={then}")
    response = running.client.post("/login", data={"key": running.keys[role], "csrf_token": csrf(form.text),
                                                    "next": then}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == then


POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
"""The PostgreSQL that ``.ci/run`` keeps up (trust auth, database ``test``)."""


def postgres_reachable() -> bool:
    """True when PostgreSQL answers on 127.0.0.1:5432."""
    from sqlalchemy import create_engine, text

    engine = create_engine(POSTGRES, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False
    finally:
        engine.dispose()


@contextmanager
def database_of_kind(kind: str, directory: Path) -> Iterator[str]:
    """A URL to an empty database: a SQLite file, or a private PostgreSQL schema dropped after."""
    import pytest
    from sqlalchemy import create_engine, text

    if kind == "sqlite":
        yield f"sqlite:///{directory / 'storage.sqlite'}"
        return
    if not postgres_reachable():
        pytest.skip("PostgreSQL is not listening on 127.0.0.1:5432 (.ci/run starts it)")
    schema = f"triage_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def live(app: Any) -> Iterator[str]:
    """``app`` under uvicorn on a free loopback port, warmed up; yields its URL."""
    import socket
    import threading
    import time

    import uvicorn

    state = app.state.serving
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not (server.started and state.warmed.is_set()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert state.models.ready, "the model loaded"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
        state.database.dispose()


def launch_chromium(playwright: Any) -> Any:
    """Debian's Chromium, headless (Playwright never downloads a browser here)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                      args=["--no-sandbox", "--disable-gpu"])


CHROMIUM = "/usr/bin/chromium"
NO_CHROMIUM = "Debian chromium (/usr/bin/chromium) is not installed; .ci/run installs it"
