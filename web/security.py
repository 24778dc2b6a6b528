"""Who is asking: API keys with roles for the API, a signed session cookie for the page.

API clients send ``Authorization: Bearer <key>`` (or ``X-API-Key``); the key's SHA-256 is
looked up in ``storage``'s users table. The page logs in with a key once and then holds
a session cookie (HttpOnly, SameSite=Strict, Secure over https) that names the user and
an expiry, signed with HMAC-SHA256; the key itself never sits in the browser. Each form
carries a CSRF token derived from the session, so another site cannot post a review in
a screener's name. Roles map to permissions here and nowhere else.

This lives below the stages so that serving's review page and annotation's pages share one
login, one set of roles and one CSRF scheme without either stage importing the other.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

from storage.tables import Role

SESSION_COOKIE = "triage_session"
LOGIN_COOKIE = "triage_login"
ERROR_NO_KEY = "an API key is required (Authorization: Bearer <key>)"
ERROR_BAD_KEY = "the API key is not valid"
ERROR_ROLE = "your role ({role}) may not {action}"
ERROR_CSRF = "the form's CSRF token is missing or wrong; reload the page"


class Permission(enum.StrEnum):
    """Things a key may do."""

    SUGGEST = "ask for suggestions"
    REVIEW = "record reviews"
    EXPORT = "export reviews"
    METRICS = "read metrics"
    ADMIN = "administer the service"
    DOCS = "read the API docs"
    ANNOTATE = "label annotation items"
    ADJUDICATE = "settle annotators' disagreements"
    READ_AGREEMENT = "read annotation agreement figures"


PERMISSIONS: dict[Permission, frozenset[Role]] = {
    Permission.SUGGEST: frozenset({Role.SCREENER, Role.ANNOTATOR, Role.ADMIN}),
    Permission.REVIEW: frozenset({Role.SCREENER, Role.ANNOTATOR, Role.ADMIN}),
    Permission.EXPORT: frozenset({Role.EVALUATOR, Role.ADMIN}),
    Permission.METRICS: frozenset({Role.EVALUATOR, Role.ADMIN}),
    Permission.ADMIN: frozenset({Role.ADMIN}),
    Permission.DOCS: frozenset(Role),
    Permission.ANNOTATE: frozenset({Role.ANNOTATOR, Role.ADMIN}),
    Permission.ADJUDICATE: frozenset({Role.ADJUDICATOR, Role.ADMIN}),
    Permission.READ_AGREEMENT: frozenset({Role.ADJUDICATOR, Role.EVALUATOR, Role.ADMIN}),
}


@dataclass(frozen=True)
class Principal:
    """The user behind a request (never the key)."""

    id: int
    name: str
    role: Role

    def may(self, permission: Permission) -> bool:
        """True when this user's role grants ``permission``."""
        return self.role in PERMISSIONS[permission]


class SessionSigner:
    """Signs and checks session cookies and CSRF tokens with one server secret."""

    def __init__(self, secret: str | None, lifetime_s: float) -> None:
        self._secret = (secret or secrets.token_urlsafe(48)).encode("utf-8")
        self.lifetime_s = lifetime_s

    def _sign(self, payload: bytes) -> str:
        return hmac.new(self._secret, payload, hashlib.sha256).hexdigest()

    def issue(self, user_id: int) -> str:
        """A cookie value: base64 JSON (user, expiry, nonce) and its signature."""
        body = {"uid": user_id, "exp": int(time.time() + self.lifetime_s), "n": secrets.token_hex(8)}
        payload = base64.urlsafe_b64encode(json.dumps(body).encode("utf-8"))
        return f"{payload.decode('ascii')}.{self._sign(payload)}"

    def user_id(self, cookie: str | None) -> int | None:
        """The user id in a valid, unexpired cookie, else None."""
        if not cookie or "." not in cookie:
            return None
        payload, signature = cookie.rsplit(".", 1)
        if not hmac.compare_digest(self._sign(payload.encode("ascii", "replace")), signature):
            return None
        try:
            body = json.loads(base64.urlsafe_b64decode(payload.encode("ascii")))
            if int(body["exp"]) < time.time():
                return None
            return int(body["uid"])
        except (ValueError, KeyError, TypeError):
            return None

    def csrf_token(self, cookie: str) -> str:
        """The token a form must carry for the session (or login) cookie ``cookie``."""
        return self._sign(b"csrf:" + cookie.encode("utf-8"))

    def csrf_ok(self, cookie: str | None, token: str | None) -> bool:
        """True when ``token`` belongs to ``cookie``."""
        if not cookie or not token:
            return False
        return hmac.compare_digest(self.csrf_token(cookie), token)
