"""Every error is JSON: a clear ``detail`` and the request id, never a trace or a path.

Domain errors map to statuses here, once. Validation errors are rewritten without the
input pydantic would echo back (a referral's text), and a redaction failure is reported
by kind, because its message can name the config file.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from referrals.errors import RedactionError, TriageError
from serving.limits import Overloaded, RateLimited
from serving.model_holder import ModelNotReady
from serving.service import BadReview, UnknownSuggestion

logger = logging.getLogger(__name__)

ERROR_REDACTION = "the text could not be redacted, so it was not processed (check its characters)"
ERROR_INTERNAL = "internal error; quote the request id to an administrator"
ERROR_INVALID_JSON = "the body is not valid JSON"


def error_response(request: Request, status: int, detail: str,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    """The one error shape: ``{"detail": ..., "request_id": ...}``."""
    return JSONResponse({"detail": detail, "request_id": request.scope.get("triage.request_id")},
                        status_code=status, headers=headers)


def validation_message(error: RequestValidationError) -> str:
    """``field: reason; ...`` from pydantic errors, without the offending input."""
    parts = []
    for item in error.errors():
        if item.get("type") == "json_invalid":
            return ERROR_INVALID_JSON
        location = ".".join(str(part) for part in item.get("loc", ()) if part != "body")
        message = str(item.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{location}: {message}" if location else message)
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    """Register the JSON handlers for HTTP, validation and domain errors."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return error_response(request, exc.status_code, str(exc.detail), dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(request, 422, validation_message(exc))

    @app.exception_handler(TriageError)
    async def domain_error(request: Request, exc: TriageError) -> JSONResponse:
        state = request.app.state.serving
        if isinstance(exc, RateLimited):
            state.metrics.shed.labels("rate_limit").inc()
            return error_response(request, 429, str(exc), {"Retry-After": str(exc.retry_after)})
        if isinstance(exc, Overloaded):
            state.metrics.shed.labels("queue_full").inc()
            return error_response(request, 503, str(exc), {"Retry-After": "1"})
        if isinstance(exc, ModelNotReady):
            return error_response(request, 503, str(exc), {"Retry-After": "5"})
        if isinstance(exc, UnknownSuggestion):
            return error_response(request, 404, str(exc))
        if isinstance(exc, BadReview):
            return error_response(request, 422, str(exc))
        if isinstance(exc, RedactionError):
            return error_response(request, 422, ERROR_REDACTION)
        logger.error("unhandled domain error %s", type(exc).__name__)
        return error_response(request, 500, ERROR_INTERNAL)
