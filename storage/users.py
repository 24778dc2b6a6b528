"""API keys: made once, shown once, stored as SHA-256.

A key is 32 random bytes (URL-safe), so a plain SHA-256 is enough to keep it: there is
nothing to guess, and a fast hash keeps every request's key check cheap. The first
characters are kept as a prefix so an administrator can tell keys apart in a list.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from referrals.errors import TriageError
from storage.tables import Role, User

KEY_PREFIX = "trk_"
ERROR_EXISTS = "user {name!r} exists; pass replace=True (--replace) to issue a new key"
ERROR_ROLE = "unknown role {role!r}; allowed: {allowed}"


def hash_key(key: str) -> str:
    """Hex SHA-256 of a key: what the users table stores."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def parse_role(value: str) -> Role:
    """A Role from its name; an unknown one is a clear error."""
    try:
        return Role(value)
    except ValueError:
        allowed = ", ".join(role.value for role in Role)
        raise TriageError(ERROR_ROLE.format(role=value, allowed=allowed)) from None


def add_user(session: Session, name: str, role: Role, *, replace: bool = False) -> tuple[User, str]:
    """Create a user (or give an existing one a new key with ``replace``); returns the key.

    The key is returned here and never again: only its hash is stored.
    """
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    user = session.scalar(select(User).where(User.name == name))
    if user is not None and not replace:
        raise TriageError(ERROR_EXISTS.format(name=name))
    if user is None:
        user = User(name=name, role=role, key_sha256=hash_key(key), key_prefix=key[:10])
        session.add(user)
    else:
        user.role, user.key_sha256, user.key_prefix, user.active = role, hash_key(key), key[:10], True
    session.flush()
    return user, key


def user_for_key(session: Session, key: str) -> User | None:
    """The active user holding ``key``, or None."""
    if not key:
        return None
    return session.scalar(select(User).where(User.key_sha256 == hash_key(key), User.active.is_(True)))


def list_users(session: Session) -> list[User]:
    """Every user, oldest first."""
    return list(session.scalars(select(User).order_by(User.id)))
