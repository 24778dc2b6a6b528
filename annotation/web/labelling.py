"""The annotation page: one assigned item at a time, served from the project's queue.

Suggestion-first items show the model's suggestion (marked, never pre-ticked) from the
start. Decide-first items hide it, and its evidence highlighting, until the annotator
commits; the committed answer is stored at once (as ``before_suggestion``), then the
suggestion appears and the annotator may keep or revise. Without a loaded model an item is
answered blind, and the answer says so. "Not enough information" is an answer; a skip is
not (the item comes back later). Every action has a key; see ``static/annotate.js``.
"""

from __future__ import annotations

import time
from functools import partial
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import Response
from pydantic import ValidationError

from annotation.answers import NOT_ENOUGH_INFORMATION, Answer, LabelSet
from annotation.projects import Task, project_progress, record_answer, task_for
from annotation.web.state import (
    AnnotationPages,
    annotation_pages,
    found,
    guideline_text,
    page_url,
    see,
    shown_labels,
)
from annotation.web.templates import templates
from referrals.contract import Suggestion
from web.auth import requires, web_context
from web.narrative import pieces
from web.pages import check_csrf, page_principal, render
from web.security import Permission, Principal

router = APIRouter(prefix="/annotate", include_in_schema=False)
Annotator = Annotated[Principal, requires(Permission.ANNOTATE, cookie=True)]
Pages = Annotated[AnnotationPages, Depends(annotation_pages)]
Stage = Literal["answer", "commit", "final"]
LONGEST_ANSWER_S = 4 * 3600.0
"""Longer than this between showing and saving is a tab left open, not time spent labelling."""
ROLES_WITH_PAGES = (Permission.ANNOTATE, Permission.ADJUDICATE, Permission.READ_AGREEMENT)


@router.get("")
def overview(request: Request, done: str | None = None) -> Response:
    """Projects, with the visitor's own progress and open disagreements."""
    principal = page_principal(request, Permission.DOCS)
    if isinstance(principal, Response):
        return principal
    if not any(principal.may(p) for p in ROLES_WITH_PAGES):
        raise HTTPException(403, f"your role ({principal.role.value}) has no annotation pages")
    with web_context(request).database.session() as session:
        projects = project_progress(session, principal.name)
    return render(templates, request, "projects.html", {
        "user": principal, "projects": projects, "done": done,
        "may_annotate": principal.may(Permission.ANNOTATE),
        "may_adjudicate": principal.may(Permission.ADJUDICATE),
        "may_read_agreement": principal.may(Permission.READ_AGREEMENT)})


@router.get("/{project}/next")
def next_item(request: Request, project: str, pages: Pages) -> Response:
    """Open the visitor's next item in queue order, or say the queue is empty."""
    principal = page_principal(request, Permission.ANNOTATE)
    if isinstance(principal, Response):
        return principal
    with web_context(request).database.session() as session, found():
        item_id = pages.queues.next_item(session, project, principal.name)
    if item_id is None:
        return see("/annotate?" + urlencode({"done": project}))
    return see(page_url(project, "items", item_id))


def stage_of(task: Task) -> Stage:
    """Where an item stands for its annotator: one step, or decide-first's commit then final."""
    if task.assignment.mode != "decide_first":
        return "answer"
    if task.answer is None or task.answer.before_suggestion is None:
        return "commit"
    return "final"


@router.get("/{project}/items/{item_id}")
def item_page(request: Request, project: str, item_id: str, pages: Pages) -> Response:
    """The redacted narrative, every concern, the need level, and the suggestion when it may show."""
    principal = page_principal(request, Permission.ANNOTATE)
    if isinstance(principal, Response):
        return principal
    with web_context(request).database.session() as session:
        with found():
            task = task_for(session, project, item_id, principal.name)
        stage = stage_of(task)
        text, redactions = task.item.redacted_text, task.item.redactions
        prefill = _prefill(task)
        guideline = guideline_text(task.project.guideline_path)
        mode, sent_back = task.assignment.mode, task.sent_back
    suggestion = None if stage == "commit" else pages.suggest(text)
    concerns = [c.model_dump() for c in suggestion.concerns] if suggestion else []
    return render(templates, request, "annotate.html", {
        "user": principal, "project": project, "item_id": item_id, "stage": stage, "mode": mode,
        "pieces": pieces(text, redactions, concerns), "scheme": pages.scheme,
        "suggestion": _suggestion_view(suggestion), "shown": _shown_json(suggestion),
        "prefill": prefill, "guideline": guideline, "shown_at": f"{time.time():.3f}", "sent_back": sent_back})


def _prefill(task: Task) -> LabelSet | None:
    """The annotator's own earlier answer (a revisit, or decide-first's committed one)."""
    if task.answer is None:
        return None
    return LabelSet(concerns=task.answer.concerns, need_level=task.answer.need_level)


def _suggestion_view(suggestion: Suggestion | None) -> dict[str, object] | None:
    if suggestion is None:
        return None
    return {"concerns": {c.id: c for c in suggestion.concerns}, "need_level": suggestion.need_level}


def _shown_json(suggestion: Suggestion | None) -> str:
    return shown_labels(suggestion).model_dump_json() if suggestion else ""


@router.post("/{project}/items/{item_id}")
def save_answer(
    request: Request, project: str, item_id: str, pages: Pages, principal: Annotator,
    csrf_token: Annotated[str, Form()], stage: Annotated[Stage, Form()],
    action: Annotated[Literal["save", "not_enough_information"], Form()] = "save",
    concern: Annotated[list[str] | None, Form()] = None, need_level: Annotated[str, Form()] = "",
    needs_discussion: Annotated[str, Form()] = "", shown_at: Annotated[str, Form()] = "",
    shown: Annotated[str, Form()] = "",
) -> Response:
    """Store the answer; decide-first's commit then shows the suggestion, anything else moves on."""
    check_csrf(request, csrf_token)
    given = _given(pages, action, concern or [], need_level)
    flags = ([NOT_ENOUGH_INFORMATION] if action == "not_enough_information" else []) + (
        ["needs_discussion"] if needs_discussion else [])
    seconds = _elapsed(shown_at)
    with web_context(request).database.session() as session:
        with found():
            task = task_for(session, project, item_id, principal.name)
        if stage != stage_of(task):
            raise HTTPException(409, "this item moved on in another tab; reload it")
        answer = _answer(pages, task, stage, given, flags, seconds, shown, principal.name)
        record_answer(session, project, answer, pages.scheme)
        project_id = task.project.id
    pages.queues.answered(project_id, principal.name, item_id)
    if stage == "commit" and answer.mode == "decide_first":
        return see(page_url(project, "items", item_id))
    return see(page_url(project, "next"))


def _given(pages: AnnotationPages, action: str, concerns: list[str], need_level: str) -> LabelSet:
    if action == "not_enough_information":
        return LabelSet()
    if not need_level:
        raise HTTPException(422, "choose a need level (keys 1-4) or answer 'not enough information' (key i)")
    try:
        return LabelSet.model_validate({"concerns": sorted(set(concerns)), "need_level": need_level},
                                       context={"scheme": pages.scheme})
    except ValidationError as error:
        raise HTTPException(422, "; ".join(e["msg"] for e in error.errors())) from None


def _elapsed(shown_at: str) -> float | None:
    try:
        seconds = time.time() - float(shown_at)
    except ValueError:
        return None
    return min(max(seconds, 0.0), LONGEST_ANSWER_S)


def _answer(pages: AnnotationPages, task: Task, stage: Stage, given: LabelSet, flags: list[str],
            seconds: float | None, shown: str, annotator: str) -> Answer:
    """The stored answer for this stage: what was shown, and decide-first's committed answer."""
    make = partial(Answer, item_id=task.item.item_id, annotator=annotator, concerns=given.concerns,
                   need_level=given.need_level, flags=flags)
    if stage == "commit":
        suggestion = pages.suggest(task.item.redacted_text)
        if suggestion is None:
            return make(mode="blind", seconds=seconds)
        return make(mode="decide_first", suggestion=shown_labels(suggestion), before_suggestion=given,
                    seconds=seconds)
    if stage == "final":
        earlier = task.answer
        assert earlier is not None and earlier.before_suggestion is not None and earlier.suggestion_shown
        total = None if seconds is None else seconds + (earlier.seconds or 0.0)
        return make(mode="decide_first", suggestion=LabelSet(**earlier.suggestion_shown),
                    before_suggestion=LabelSet(**earlier.before_suggestion), seconds=total)
    if not shown:
        return make(mode="blind", seconds=seconds)
    try:
        seen = LabelSet.model_validate_json(shown, context={"scheme": pages.scheme})
    except ValidationError:
        raise HTTPException(422, "the suggestion shown with the form is not valid; reload the page") from None
    return make(mode="suggestion_first", suggestion=seen, seconds=seconds)


@router.post("/{project}/items/{item_id}/skip")
def skip(request: Request, project: str, item_id: str, pages: Pages, principal: Annotator,
         csrf_token: Annotated[str, Form()]) -> Response:
    """Put the item behind the others (it is not answered, and will come back)."""
    check_csrf(request, csrf_token)
    with web_context(request).database.session() as session:
        with found():
            task = task_for(session, project, item_id, principal.name)
        project_id = task.project.id
    pages.queues.skip(project_id, principal.name, item_id)
    return see(page_url(project, "next"))
