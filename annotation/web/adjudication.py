"""Settling disagreements, side by side, and the agreement figures, for adjudicators.

An item is open for adjudication when its answers differ (concerns, need level or "not
enough information") or an annotator marked it for discussion, and nobody has settled it.
The adjudicator sees every answer beside the narrative, starts from what all annotators
agreed on, and must say why; the reason is free text, so it is redacted before it is
stored, like everything else typed on these pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import Response
from pydantic import ValidationError

from annotation.agreement import AgreementSettings, agreement_report
from annotation.answers import Adjudication, Answer
from annotation.projects import answers_of, find_item, open_disagreements, record_adjudication
from annotation.web.state import AnnotationPages, annotation_pages, found, page_url, see
from annotation.web.templates import templates
from web.auth import requires, web_context
from web.narrative import pieces
from web.pages import check_csrf, page_principal, render
from web.security import Permission, Principal

router = APIRouter(prefix="/annotate", include_in_schema=False)
Adjudicator = Annotated[Principal, requires(Permission.ADJUDICATE, cookie=True)]
Pages = Annotated[AnnotationPages, Depends(annotation_pages)]
AGREEMENT_PAGE_RESAMPLES = 200
"""Bootstrap resamples for the page's intervals (the CLI uses the config's, usually 1,000)."""


@router.get("/{project}/adjudicate")
def disagreements(request: Request, project: str) -> Response:
    """Items whose annotators disagree and that nobody has settled, oldest id first."""
    principal = page_principal(request, Permission.ADJUDICATE)
    if isinstance(principal, Response):
        return principal
    with web_context(request).database.session() as session, found():
        open_items = open_disagreements(session, project)
    return render(templates, request, "disagreements.html",
                  {"user": principal, "project": project, "items": open_items})


@dataclass(frozen=True)
class Side:
    """One annotator's answer as the adjudication page shows it."""

    annotator: str
    concerns: frozenset[str]
    need_level: str | None
    not_enough_information: bool
    needs_discussion: bool
    mode: str
    seconds: float | None


@router.get("/{project}/adjudicate/{item_id}")
def adjudication_page(request: Request, project: str, item_id: str, pages: Pages) -> Response:
    """The narrative, every answer side by side, and the form that settles the item."""
    principal = page_principal(request, Permission.ADJUDICATE)
    if isinstance(principal, Response):
        return principal
    with web_context(request).database.session() as session, found():
        item = find_item(session, project, item_id)
        text, redactions = item.redacted_text, item.redactions
        given = [a for a in answers_of(session, project) if a.item_id == item_id]
    sides = [Side(a.annotator, frozenset(a.concerns), a.need_level, a.not_enough_information,
                  "needs_discussion" in a.flags, a.mode, a.seconds) for a in given]
    labelled = [side for side in sides if not side.not_enough_information]
    agreed = frozenset.intersection(*(side.concerns for side in labelled)) if labelled else frozenset()
    levels = {side.need_level for side in labelled}
    return render(templates, request, "adjudicate.html", {
        "user": principal, "project": project, "item_id": item_id, "pieces": pieces(text, redactions, []),
        "sides": sides, "scheme": pages.scheme, "agreed": agreed,
        "agreed_level": next(iter(levels)) if len(levels) == 1 else None})


@router.post("/{project}/adjudicate/{item_id}")
def settle(request: Request, project: str, item_id: str, pages: Pages, principal: Adjudicator,
           csrf_token: Annotated[str, Form()], reason: Annotated[str, Form()] = "",
           concern: Annotated[list[str] | None, Form()] = None,
           need_level: Annotated[str, Form()] = "") -> Response:
    """Store the settled label with who settled it and why (redacted), then the next item."""
    check_csrf(request, csrf_token)
    if not reason.strip():
        raise HTTPException(422, "say why (the reason is kept with the label; key r)")
    try:
        adjudication = Adjudication.model_validate(
            {"item_id": item_id, "adjudicator": principal.name, "concerns": sorted(set(concern or [])),
             "need_level": need_level or None, "reason": reason.strip()}, context={"scheme": pages.scheme})
    except ValidationError as error:
        raise HTTPException(422, "; ".join(e["msg"] for e in error.errors())) from None
    with web_context(request).database.session() as session, found():
        record_adjudication(session, project, adjudication, pages.redactor(), pages.scheme)
        remaining = open_disagreements(session, project)
    return see(page_url(project, "adjudicate", remaining[0]) if remaining else page_url(project, "adjudicate"))


@router.get("/{project}/agreement")
def agreement_page(request: Request, project: str, pages: Pages) -> Response:
    """Kappa per pair and alpha across all, per concern and for the need level, with intervals."""
    principal = page_principal(request, Permission.READ_AGREEMENT)
    if isinstance(principal, Response):
        return principal
    with web_context(request).database.session() as session, found():
        answers: list[Answer] = answers_of(session, project)
    settings = AgreementSettings(min(pages.config.agreement.bootstrap_samples, AGREEMENT_PAGE_RESAMPLES),
                                 pages.config.agreement.confidence, pages.config.agreement.seed)
    report = agreement_report(answers, pages.scheme, settings) if answers else None
    labels = {c.id: c.label for c in pages.scheme.concerns}
    return render(templates, request, "agreement.html",
                  {"user": principal, "project": project, "report": report, "labels": labels})
