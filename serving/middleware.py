"""The outermost layer: request ids, body limits, content types, headers, access log.

Pure ASGI (no BaseHTTPMiddleware) so it adds little to each request. It refuses a body
over ``max_body_bytes`` (413) and a non-JSON body on the API (415) before any route
reads it; it adds the security headers (a strict Content-Security-Policy: the page
loads only its own script and stylesheet) to every response; it turns an unexpected
exception into a JSON 500 without re-raising, so no server prints a trace holding the
request's values; and it writes one JSON access line per request.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from serving.logs import ACCESS_LOGGER, error_location
from serving.metrics import ServiceMetrics

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]
ERROR_TOO_LARGE = "the request body is over {limit} bytes"
ERROR_CONTENT_TYPE = "send JSON: Content-Type must be application/json"
ERROR_INTERNAL = "internal error; quote the request id to an administrator"

access_log = logging.getLogger(ACCESS_LOGGER)
logger = logging.getLogger(__name__)


MODEL_SECONDS = "triage.model_seconds"
"""Scope key where a suggestion route leaves its model call's duration for ``Server-Timing``."""


class BodyTooLarge(Exception):
    """Raised from ``receive`` when a streamed body passes the limit."""


class RequestContextMiddleware:
    """Request id, limits, security headers, error containment and the access log."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, metrics: ServiceMetrics) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex[:16]
        scope["triage.request_id"] = request_id
        started = time.perf_counter()
        status = {"code": 500, "sent": False}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"], status["sent"] = message["status"], True
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS,
                                      (b"x-request-id", request_id.encode()),
                                      (b"server-timing", _server_timing(scope, started))]
            await send(message)

        refusal = self._refusal(scope)
        try:
            if refusal is not None:
                await _json(send_with_headers, refusal[0], refusal[1], request_id)
            else:
                await self.app(scope, self._limited(receive), send_with_headers)
        except BodyTooLarge:
            if not status["sent"]:
                await _json(send_with_headers, 413, ERROR_TOO_LARGE.format(limit=self.max_body_bytes),
                            request_id)
        except Exception as error:  # noqa: BLE001 - contain it: log where, never what
            logger.error("unhandled %s (request %s)", error_location(error), request_id)
            if not status["sent"]:
                await _json(send_with_headers, 500, ERROR_INTERNAL, request_id)
        self._log(scope, int(status["code"]), time.perf_counter() - started, request_id)

    def _refusal(self, scope: Scope) -> tuple[int, str] | None:
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
            return 413, ERROR_TOO_LARGE.format(limit=self.max_body_bytes)
        if scope["method"] in ("POST", "PUT", "PATCH") and scope["path"].startswith("/v1/"):
            content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
            has_body = (length is not None and length != b"0") or b"transfer-encoding" in headers
            if has_body and content_type != b"application/json":
                return 415, ERROR_CONTENT_TYPE
        return None

    def _limited(self, receive: Receive) -> Receive:
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body_bytes:
                raise BodyTooLarge()
            return message

        return counting_receive

    def _log(self, scope: Scope, status: int, seconds: float, request_id: str) -> None:
        route = getattr(scope.get("route"), "path", None) or "unmatched"
        self.metrics.requests.labels(route, scope["method"], str(status)).inc()
        self.metrics.latency.labels(route).observe(seconds)
        access_log.info("request", extra={
            "request_id": request_id, "route": route, "method": scope["method"], "status": status,
            "latency_ms": round(seconds * 1000, 2), "user": scope.get("triage.user")})


def _server_timing(scope: Scope, started: float) -> bytes:
    """``Server-Timing``: the model call's and the whole app's milliseconds, for this request.

    ``app`` runs from the request reaching the app to the response's first byte; ``model``
    (suggestion routes) is the redact-and-suggest call on the model thread. A client (or a
    browser's network panel, or ``bench/serving_load.py``) can then tell what HTTP, the
    app and the model each cost, request by request. Durations only: nothing of the text.
    """
    entries = [f"app;dur={(time.perf_counter() - started) * 1000:.2f}"]
    if (model_seconds := scope.get(MODEL_SECONDS)) is not None:
        entries.insert(0, f"model;dur={model_seconds * 1000:.2f}")
    return ", ".join(entries).encode()


async def _json(send: Send, status: int, detail: str, request_id: str) -> None:
    body = json.dumps({"detail": detail, "request_id": request_id}).encode()
    headers: list[Any] = [(b"content-type", b"application/json"),
                          (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
