"""The service as `triage serve` runs it: serving's API and review page plus annotation's pages.

Composed here, above the stages, so that neither stage imports the other: annotation's pages
get the served model (as a suggester that runs on the model thread, like every suggestion)
and the service's redactor, and share its database, login, roles and page shell.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI

from annotation.web import install
from annotation.web.state import Suggester
from referrals.contract import Suggestion
from referrals.redaction.engine import Redactor
from referrals.settings import Settings
from serving.app import create_app as create_serving_app
from serving.state import ServingState
from storage.database import Database


def create_app(settings: Settings | None = None, *, redactor: Redactor | None = None,
               database: Database | None = None) -> FastAPI:
    """The whole service: ``/v1`` API, review page, and ``/annotate`` pages."""
    app = create_serving_app(settings, redactor=redactor, database=database)
    state: ServingState = app.state.serving
    install(app, scheme=state.scheme, redactor=state.require_redactor, suggester=_suggester(state))
    return app


def _suggester(state: ServingState) -> Suggester:
    """Suggestions from the served model, on its one model thread; None while none is loaded."""

    def suggest(texts: Sequence[str]) -> list[Suggestion] | None:
        if not state.models.ready:
            return None
        model = state.models.current()
        return state.gate.run(lambda: model.bundle.suggest(list(texts)))

    return suggest

