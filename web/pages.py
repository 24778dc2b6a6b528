"""The page shell every stage's pages share: templates on ``base.html``, CSRF, the stylesheet.

A stage makes its templates with :func:`page_templates` (its own folder first, then this
one's, so ``{% extends "base.html" %}`` finds the shared shell) and renders with
:func:`render`, which adds the CSRF token of the session. Jinja autoescapes every value,
so narrative text, answers and reasons are shown as text, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from web.auth import authenticate, authorise, web_context
from web.security import ERROR_CSRF, SESSION_COOKIE, Permission, Principal

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
STATIC_URL = "/web"
"""Where the shared stylesheet is served (``/web/triage.css``)."""


@dataclass(frozen=True)
class NavLink:
    """A page in the top bar, shown to those whose role grants any of ``permissions``."""

    label: str
    path: str
    permissions: tuple[Permission, ...]


def add_nav(app: FastAPI, *links: NavLink) -> None:
    """Put ``links`` in the top bar of every page (each stage adds its own when installed)."""
    app.state.nav = [*getattr(app.state, "nav", []), *links]


def nav_for(request: Request, principal: Principal | None) -> list[NavLink]:
    """The top-bar links ``principal`` may follow, in the order they were added."""
    if principal is None:
        return []
    return [link for link in getattr(request.app.state, "nav", []) if any(principal.may(p) for p in link.permissions)]


def page_templates(directory: Path) -> Jinja2Templates:
    """Templates from ``directory``, falling back to the shared shell (``base.html``)."""
    return Jinja2Templates(directory=[str(directory), str(TEMPLATES)])


def mount_shell(app: FastAPI) -> None:
    """Serve the shared stylesheet under :data:`STATIC_URL`."""
    app.mount(STATIC_URL, StaticFiles(directory=str(STATIC)), name="web")


def csrf_token(request: Request) -> str:
    """The CSRF token for the caller's session cookie ('' when not logged in)."""
    cookie = request.cookies.get(SESSION_COOKIE) or ""
    return web_context(request).signer.csrf_token(cookie) if cookie else ""


def check_csrf(request: Request, token: str, cookie_name: str = SESSION_COOKIE) -> None:
    """403 unless ``token`` belongs to the caller's ``cookie_name`` cookie."""
    if not web_context(request).signer.csrf_ok(request.cookies.get(cookie_name), token):
        raise HTTPException(403, ERROR_CSRF)


def render(templates: Jinja2Templates, request: Request, name: str, context: dict[str, object],
           status: int = 200) -> HTMLResponse:
    """A page with the session's CSRF token in its context."""
    user = context.get("user")
    nav = nav_for(request, user if isinstance(user, Principal) else None)
    return templates.TemplateResponse(request, name, {"csrf": csrf_token(request), "nav": nav, **context},
                                      status_code=status)


def safe_next(target: str | None, default: str = "/") -> str:
    """A same-site path to go to after login: only ``/...``, never ``//host`` or a scheme."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def login_redirect(request: Request) -> RedirectResponse:
    """Send a visitor without a session to the login page, coming back here afterwards."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(here, safe='/')}", status_code=303)


def page_principal(request: Request, permission: Permission) -> Principal | RedirectResponse:
    """The logged-in user holding ``permission``; a redirect to login when there is no session.

    Pages answer a missing session with the login form (and come back afterwards) rather
    than with the API's 401; a wrong role is still a 403.
    """
    principal = authenticate(request, web_context(request), cookie=True)
    if principal is None:
        return login_redirect(request)
    return authorise(request, principal, permission)
