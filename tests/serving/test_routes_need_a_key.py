"""Walk the routing table: every route but the health checks and the login form needs a key.

``/healthz`` and ``/readyz`` are probes (no data: ``/readyz`` names the model version and
generic reasons only); ``/login`` is where a key is entered; ``/static`` holds the page's
own script and ``/web`` the shared stylesheet. Everything else answers 401 (or, for the page's front door,
a redirect to ``/login``) without a key, and the open set is pinned here so a new route
cannot silently join it.
"""

from __future__ import annotations

import re

import pytest
from fastapi.routing import iter_route_contexts
from serving_testkit import AppFactory, Running
from starlette.routing import Mount

OPEN = {("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/login"), ("POST", "/login")}
OPEN_MOUNTS = {"/static", "/web", "/annotate-static"}
PAGES = re.compile(r"^/(annotate(/.*)?)?$")
"""Pages answer a visitor without a session with the login form (and come back afterwards)."""


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "0123456789abcdef", path)


@pytest.mark.parametrize("composed", [False, True], ids=["serving", "with-annotation"])
def test_every_route_but_health_and_login_needs_a_key(start_app: AppFactory, composed: bool) -> None:
    running = start_app(composed=composed)
    seen_open, checked = set(), 0
    for route in iter_route_contexts(running.app.routes):
        if isinstance(route.original_route, Mount):
            assert route.path in OPEN_MOUNTS, f"unexpected mount {route.path}"
            continue
        assert route.methods, f"route {route.path} has no methods"
        for method in sorted(route.methods - {"HEAD"}):
            if (method, route.path) in OPEN:
                seen_open.add((method, route.path))
                continue
            response = running.client.request(method, concrete(route.path), json={}, follow_redirects=False)
            checked += 1
            if method == "GET" and PAGES.match(route.path):
                assert response.status_code == 303, f"{method} {route.path} answered {response.status_code}"
                assert response.headers["location"] == f"/login?next={concrete(route.path)}"
            else:
                assert response.status_code == 401, f"{method} {route.path} answered {response.status_code}"
                assert response.json()["detail"].startswith("an API key is required")
    assert seen_open == OPEN
    assert checked >= (24 if composed else 14)


def test_open_routes_hold_no_data(running: Running) -> None:
    assert running.client.get("/healthz").json() == {"status": "alive"}
    assert set(running.client.get("/readyz").json()) == {"ready", "model", "problems"}
    assert running.client.get("/static/review.js").status_code == 200
    assert running.client.get("/web/triage.css").status_code == 200
    assert "csrf_token" in running.client.get("/login").text
