"""Dependency aliases (``StateDep``) and the permission check every protected route uses.

A route asks for ``principal: Principal = requires(Permission.X)``; tests can swap
``get_state`` through ``app.dependency_overrides``. The check authenticates (key header,
or the page's session cookie where ``cookie=True``), checks the role, then takes one
token from the key's rate-limit bucket.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from sqlalchemy import select

from serving.security import (
    ERROR_BAD_KEY,
    ERROR_NO_KEY,
    ERROR_ROLE,
    SESSION_COOKIE,
    Permission,
    Principal,
)
from serving.state import ServingState
from storage.tables import User
from storage.users import user_for_key


def get_state(request: Request) -> ServingState:
    """The app's ServingState."""
    state: ServingState = request.app.state.serving
    return state


StateDep = Annotated[ServingState, Depends(get_state)]


def presented_key(request: Request) -> str | None:
    """The key in ``Authorization: Bearer`` or ``X-API-Key``, if any."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.headers.get("x-api-key") or None


def authenticate(request: Request, state: ServingState, *, cookie: bool) -> Principal | None:
    """The caller, from a key header or (when allowed) the session cookie; 401 for a bad key."""
    key = presented_key(request)
    with state.database.session() as session:
        if key is not None:
            user = user_for_key(session, key)
            if user is None:
                raise HTTPException(401, ERROR_BAD_KEY, headers={"WWW-Authenticate": "Bearer"})
        elif cookie:
            user_id = state.signer.user_id(request.cookies.get(SESSION_COOKIE))
            user = None if user_id is None else session.scalar(
                select(User).where(User.id == user_id, User.active.is_(True)))
        else:
            user = None
        if user is None:
            return None
        return Principal(id=user.id, name=user.name, role=user.role)


def requires(permission: Permission, *, cookie: bool = False) -> Any:
    """A dependency: the authenticated Principal holding ``permission``, rate-limited."""

    def check(request: Request, state: StateDep) -> Principal:
        principal = authenticate(request, state, cookie=cookie)
        if principal is None:
            raise HTTPException(401, ERROR_NO_KEY, headers={"WWW-Authenticate": "Bearer"})
        request.scope["triage.user"] = principal.name
        if not principal.may(permission):
            raise HTTPException(403, ERROR_ROLE.format(role=principal.role.value, action=permission.value))
        state.limiter.check(principal.id)
        return principal

    dependency: Callable[..., Principal] = check
    return Depends(dependency)


SuggesterDep = Annotated[Principal, requires(Permission.SUGGEST)]
ReviewerDep = Annotated[Principal, requires(Permission.REVIEW)]
ExporterDep = Annotated[Principal, requires(Permission.EXPORT)]
MetricsReaderDep = Annotated[Principal, requires(Permission.METRICS)]
AdminDep = Annotated[Principal, requires(Permission.ADMIN)]
PageSuggesterDep = Annotated[Principal, requires(Permission.SUGGEST, cookie=True)]
PageReviewerDep = Annotated[Principal, requires(Permission.REVIEW, cookie=True)]
DocsReaderDep = Annotated[Principal, requires(Permission.DOCS, cookie=True)]
