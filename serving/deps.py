"""Dependency aliases (``StateDep``, ``ReviewerDep``, ...) for serving's routes.

The permission check itself is :func:`web.auth.requires`, shared with annotation's pages;
this module only names the combinations serving's routes use.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from serving.state import ServingState
from web.auth import requires
from web.security import Permission, Principal


async def get_state(request: Request) -> ServingState:
    """The app's ServingState (async only so FastAPI runs it inline, not in the thread pool)."""
    state: ServingState = request.app.state.serving
    return state


StateDep = Annotated[ServingState, Depends(get_state)]
SuggesterDep = Annotated[Principal, requires(Permission.SUGGEST)]
ReviewerDep = Annotated[Principal, requires(Permission.REVIEW)]
ExporterDep = Annotated[Principal, requires(Permission.EXPORT)]
MetricsReaderDep = Annotated[Principal, requires(Permission.METRICS)]
AdminDep = Annotated[Principal, requires(Permission.ADMIN)]
PageSuggesterDep = Annotated[Principal, requires(Permission.SUGGEST, cookie=True)]
PageReviewerDep = Annotated[Principal, requires(Permission.REVIEW, cookie=True)]
DocsReaderDep = Annotated[Principal, requires(Permission.DOCS, cookie=True)]
