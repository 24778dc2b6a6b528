"""The permission check every protected route uses, for any stage that serves routes.

A route asks for ``principal: Principal = requires(Permission.X)``. The check authenticates
(key header, or the page's session cookie where ``cookie=True``), checks the role, then takes
one token from the key's rate-limit bucket. It reads what it needs from ``app.state.web``,
an object with a ``database``, a ``signer`` and a ``limiter`` (serving's state is one), so
annotation's pages are guarded by exactly the code that guards the review page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from fastapi import Depends, HTTPException, Request
from sqlalchemy import select

from storage.database import Database
from storage.tables import User
from storage.users import user_for_key
from web.security import (
    ERROR_BAD_KEY,
    ERROR_NO_KEY,
    ERROR_ROLE,
    SESSION_COOKIE,
    Permission,
    Principal,
    SessionSigner,
)


class Limiter(Protocol):
    """Takes one request from a key's allowance, raising when it is spent."""

    def check(self, key_id: int) -> None:
        """Raise when ``key_id`` has no allowance left."""


class WebContext(Protocol):
    """What authentication needs from the hosting app."""

    @property
    def database(self) -> Database:
        """The service database (users and their key hashes)."""

    @property
    def signer(self) -> SessionSigner:
        """Signs and checks session cookies and CSRF tokens."""

    @property
    def limiter(self) -> Limiter:
        """Per-key rate limit."""


def web_context(request: Request) -> WebContext:
    """The hosting app's :class:`WebContext` (``app.state.web``)."""
    context: WebContext = request.app.state.web
    return context


def presented_key(request: Request) -> str | None:
    """The key in ``Authorization: Bearer`` or ``X-API-Key``, if any."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.headers.get("x-api-key") or None


def authenticate(request: Request, context: WebContext, *, cookie: bool) -> Principal | None:
    """The caller, from a key header or (when allowed) the session cookie; 401 for a bad key."""
    key = presented_key(request)
    with context.database.session() as session:
        if key is not None:
            user = user_for_key(session, key)
            if user is None:
                raise HTTPException(401, ERROR_BAD_KEY, headers={"WWW-Authenticate": "Bearer"})
        elif cookie:
            user_id = context.signer.user_id(request.cookies.get(SESSION_COOKIE))
            user = None if user_id is None else session.scalar(
                select(User).where(User.id == user_id, User.active.is_(True)))
        else:
            user = None
        if user is None:
            return None
        return Principal(id=user.id, name=user.name, role=user.role)


def authorise(request: Request, principal: Principal, permission: Permission) -> Principal:
    """403 unless the role grants ``permission``; then one token from the key's bucket."""
    request.scope["triage.user"] = principal.name
    if not principal.may(permission):
        raise HTTPException(403, ERROR_ROLE.format(role=principal.role.value, action=permission.value))
    web_context(request).limiter.check(principal.id)
    return principal


def requires(permission: Permission, *, cookie: bool = False) -> Any:
    """A dependency: the authenticated Principal holding ``permission``, rate-limited."""

    def check(request: Request) -> Principal:
        principal = authenticate(request, web_context(request), cookie=cookie)
        if principal is None:
            raise HTTPException(401, ERROR_NO_KEY, headers={"WWW-Authenticate": "Bearer"})
        return authorise(request, principal, permission)

    dependency: Callable[..., Principal] = check
    return Depends(dependency)
