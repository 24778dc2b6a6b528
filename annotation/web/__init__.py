"""Annotation's pages: label items, settle disagreements, read agreement, in the service's app.

The pages are routers this stage owns; the app that hosts them is composed above the stages
(``triage.app``), which hands in what only the host has: the served model (as a suggester)
and the shared redactor. Login, roles, CSRF and the page shell come from :mod:`web`, so the
pages look and behave like the review page without annotation importing serving.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from annotation.config import AnnotationConfig, load_annotation_config
from annotation.web import adjudication, labelling
from annotation.web.state import AnnotationPages, RedactorSource, Suggester
from annotation.work_queue import WorkQueues
from referrals.labels import LabelScheme
from web.pages import NavLink, add_nav

STATIC = Path(__file__).resolve().parents[1] / "static"
STATIC_URL = "/annotate-static"


def install(app: FastAPI, *, scheme: LabelScheme, redactor: RedactorSource, suggester: Suggester | None,
            config: AnnotationConfig | None = None) -> AnnotationPages:
    """Add the annotation pages to ``app`` (which must already carry ``app.state.web``)."""
    config = config or load_annotation_config()
    pages = AnnotationPages(scheme=scheme, config=config, redactor=redactor, suggester=suggester,
                            queues=WorkQueues(config.queue, scorer=None))
    pages.queues.scorer = pages.score if suggester is not None else None
    app.state.annotation = pages
    app.include_router(labelling.router)
    app.include_router(adjudication.router)
    app.mount(STATIC_URL, StaticFiles(directory=str(STATIC)), name="annotate-static")
    add_nav(app, NavLink("Annotation", "/annotate", labelling.ROLES_WITH_PAGES))
    return pages
