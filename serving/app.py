"""The app factory: settings in, a FastAPI app out; nothing is read at import time.

Start-up opens the database (migrating it to the newest schema) at once, then loads the
redactor and the model in a background thread, so the process answers ``/healthz``
within a second and ``/readyz`` says what it is still waiting for.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from referrals.labels import load_scheme
from referrals.redaction.engine import Redactor
from referrals.settings import Settings
from serving.errors import install_error_handlers
from serving.limits import AdmissionGate, RateLimiter
from serving.middleware import RequestContextMiddleware
from serving.model_holder import ModelHolder
from serving.routes import api, health, pages
from serving.state import ServingState
from storage.database import Database, open_database
from web.auth import KeyCache
from web.pages import NavLink, add_nav, mount_shell
from web.security import Permission, SessionSigner

STATIC = Path(__file__).resolve().parent / "static"
DESCRIPTION = (
    "Suggests concern categories and a need level for a children's social-care referral, "
    "for a person to review. It never decides. Text is redacted on arrival; only redacted "
    "text is stored or returned."
)


def build_state(settings: Settings, *, redactor: Redactor | None = None,
                database: Database | None = None) -> ServingState:
    """Everything the routes share, from settings (a prebuilt redactor or database may be passed in)."""
    scheme = load_scheme(settings.taxonomy)
    return ServingState(
        settings=settings, scheme=scheme, database=database or open_database(settings),
        models=ModelHolder(settings, scheme),
        gate=AdmissionGate(settings.max_waiting, settings.queue_timeout_s),
        limiter=RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst),
        signer=SessionSigner(settings.session_secret, settings.session_hours * 3600),
        key_cache=KeyCache(settings.key_cache_seconds),
        redactor=redactor,
    )


def create_app(settings: Settings | None = None, *, redactor: Redactor | None = None,
               database: Database | None = None) -> FastAPI:
    """The service: JSON API under ``/v1``, health and metrics, and the review page."""
    state = build_state(settings or Settings(), redactor=redactor, database=database)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=state.warm_up, name="triage-warm-up", daemon=True).start()
        yield
        state.gate.close()

    app = FastAPI(title="Referral Triage", version="1", description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url=None)
    app.state.serving = state
    app.state.web = state  # what web.auth reads: database, signer, limiter
    app.add_middleware(RequestContextMiddleware, max_body_bytes=state.settings.max_body_bytes,
                       metrics=state.metrics)
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    mount_shell(app)
    add_nav(app, NavLink("Review", "/", (Permission.SUGGEST,)))
    return app
