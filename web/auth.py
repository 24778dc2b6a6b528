"""The permission check every protected route uses, for any stage that serves routes.

A route asks for ``principal: Principal = requires(Permission.X)``. The check authenticates
(key header, or the page's session cookie where ``cookie=True``), checks the role, then takes
one token from the key's rate-limit bucket. It reads what it needs from ``app.state.web``,
an object with a ``database``, a ``signer`` and a ``limiter`` (serving's state is one), so
annotation's pages are guarded by exactly the code that guards the review page.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from fastapi import Depends, HTTPException, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from storage.database import Database
from storage.tables import User
from storage.users import hash_key, user_for_key
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


class KeyCache:
    """Keys recently found valid, so a busy client's every request skips the users query.

    The users table is the truth: an entry lives ``ttl_s`` seconds, after which the key is
    looked up again, so a key replaced with ``triage users add NAME --replace`` (or a user
    made inactive) stops working within ``ttl_s`` even when another process changed the
    table. ``ttl_s`` 0 looks every request up. Only valid keys are kept (a stranger
    spraying keys fills nothing), under their SHA-256, never the key itself, and at most
    ``max_entries`` of them.
    """

    def __init__(self, ttl_s: float, *, max_entries: int = 4096,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._clock = clock
        self._entries: dict[str, tuple[Principal, float]] = {}
        self._lock = threading.Lock()

    def get(self, digest: str) -> Principal | None:
        """The principal cached for a key's digest, if still fresh."""
        entry = self._entries.get(digest)
        if entry is None or entry[1] <= self._clock():
            return None
        return entry[0]

    def put(self, digest: str, principal: Principal) -> None:
        """Remember a key found valid, for ``ttl_s`` seconds."""
        if self.ttl_s <= 0:
            return
        with self._lock:
            if len(self._entries) >= self.max_entries:
                now = self._clock()
                self._entries = {k: v for k, v in self._entries.items() if v[1] > now}
                if len(self._entries) >= self.max_entries:
                    self._entries.clear()
            self._entries[digest] = (principal, self._clock() + self.ttl_s)


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

    @property
    def key_cache(self) -> KeyCache:
        """Keys recently found valid."""


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
    digest = hash_key(key) if key is not None else ""
    if key is not None and (known := context.key_cache.get(digest)) is not None:
        return known
    with context.database.session() as session:
        if key is not None:
            user = user_for_key(session, key)
            if user is None:
                raise HTTPException(401, ERROR_BAD_KEY, headers={"WWW-Authenticate": "Bearer"})
            principal = Principal(id=user.id, name=user.name, role=user.role)
            context.key_cache.put(digest, principal)
            return principal
        if cookie:
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

    async def check(request: Request) -> Principal:
        # A key seen lately is answered on the event loop; anything that needs the database
        # goes to the thread pool, so a lookup never holds up other requests.
        context = web_context(request)
        key = presented_key(request)
        principal = context.key_cache.get(hash_key(key)) if key is not None else None
        if principal is None:
            principal = await run_in_threadpool(authenticate, request, context, cookie=cookie)
        if principal is None:
            raise HTTPException(401, ERROR_NO_KEY, headers={"WWW-Authenticate": "Bearer"})
        return authorise(request, principal, permission)

    dependency: Callable[..., Any] = check
    return Depends(dependency)
