"""The screening staff's review page: log in, paste or open the next referral, review it.

Server-rendered (Jinja2, autoescaped) with one small script for keyboard shortcuts and
evidence highlighting; nothing is fetched from outside. Every form posts a CSRF token
tied to the session; pages only ever render the stored, redacted narrative.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from serving.deps import DocsReaderDep, PageReviewerDep, PageSuggesterDep, StateDep
from serving.middleware import MODEL_SECONDS
from serving.schemas import Decision, ReviewCreate, SuggestionRequest
from serving.service import (
    get_suggestion,
    make_suggestions,
    next_in_queue,
    record_review,
    shown_time,
)
from serving.state import ServingState
from storage.tables import utc_now
from storage.users import user_for_key
from web.auth import authenticate, authorise
from web.narrative import pieces
from web.pages import check_csrf, login_redirect, nav_for, page_templates, render, safe_next
from web.security import LOGIN_COOKIE, SESSION_COOKIE, Permission

templates = page_templates(Path(__file__).resolve().parent.parent / "templates")
router = APIRouter(include_in_schema=False)
ERROR_LOGIN = "That key was not recognised."
LOGIN_TIME_S = 600


def _cookie(response: Response, request: Request, state: ServingState, name: str, value: str,
            max_age: int) -> None:
    secure = state.settings.cookie_secure or request.url.scheme == "https"
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="strict",
                        secure=secure, path="/")


def _page(request: Request, name: str, context: dict[str, object], status: int = 200) -> HTMLResponse:
    return render(templates, request, name, context, status)


@router.get("/login")
def login_form(request: Request, state: StateDep, error: str | None = None,
               next: str | None = None) -> HTMLResponse:
    """The key form, with a short-lived pre-session cookie its CSRF token is tied to."""
    nonce = state.signer.issue(0)
    response = templates.TemplateResponse(request, "login.html", {
        "csrf": state.signer.csrf_token(nonce), "error": ERROR_LOGIN if error else None,
        "next": safe_next(next)})
    _cookie(response, request, state, LOGIN_COOKIE, nonce, LOGIN_TIME_S)
    return response


@router.post("/login")
def login(request: Request, state: StateDep, key: Annotated[str, Form()],
          csrf_token: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> Response:
    """Trade a key for a session cookie, then go back where the visitor was going (same site only)."""
    check_csrf(request, csrf_token, LOGIN_COOKIE)
    with state.database.session() as session:
        user = user_for_key(session, key.strip())
        user_id = user.id if user else None
    if user_id is None:
        return RedirectResponse(f"/login?error=1&next={quote(safe_next(next), safe='/')}", status_code=303)
    response = RedirectResponse(safe_next(next), status_code=303)
    _cookie(response, request, state, SESSION_COOKIE, state.signer.issue(user_id),
            int(state.settings.session_hours * 3600))
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


@router.post("/logout")
def logout(request: Request, state: StateDep, principal: DocsReaderDep,
           csrf_token: Annotated[str, Form()]) -> Response:
    """End the session."""
    check_csrf(request, csrf_token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/")
def home(request: Request, state: StateDep, saved: str | None = None) -> Response:
    """Paste a referral or open the next in the queue; other roles go to their first page."""
    principal = authenticate(request, state, cookie=True)
    if principal is None:
        return login_redirect(request)
    if not principal.may(Permission.SUGGEST):
        elsewhere = nav_for(request, principal)
        if elsewhere:
            return RedirectResponse(elsewhere[0].path, status_code=303)
        raise HTTPException(403, f"your role ({principal.role.value}) has no review page")
    authorise(request, principal, Permission.SUGGEST)
    return _page(request, "home.html", {"user": principal, "saved": bool(saved),
                                        "limit": state.settings.max_text_chars})


@router.post("/suggest")
async def suggest_form(request: Request, state: StateDep, principal: PageSuggesterDep,
                 text: Annotated[str, Form()], csrf_token: Annotated[str, Form()],
                 known_identifiers: Annotated[str, Form()] = "") -> Response:
    """Redact and score a pasted referral, then show it for review."""
    check_csrf(request, csrf_token)
    if len(text) > state.settings.max_text_chars:
        raise HTTPException(413, f"text has {len(text)} characters; the limit is {state.settings.max_text_chars}")
    known = [line.strip() for line in known_identifiers.splitlines() if line.strip()] or None
    try:
        request_body = SuggestionRequest(text=text, known_identifiers=known)
    except ValueError:
        raise HTTPException(422, "text is empty or whitespace only") from None
    made, request.scope[MODEL_SECONDS] = await make_suggestions(state, principal, [request_body])
    created = made[0]
    return RedirectResponse(f"/review/{created.id}", status_code=303)


@router.get("/next")
def next_referral(request: Request, state: StateDep,
                  principal: PageReviewerDep) -> Response:
    """Open the oldest referral nobody has reviewed."""
    with state.database.session() as session:
        record = next_in_queue(session)
        target = f"/review/{record.id}" if record else "/?empty=1"
    return RedirectResponse(target, status_code=303)


@router.get("/review/{suggestion_id}")
def review_page(request: Request, suggestion_id: str, state: StateDep,
                principal: PageReviewerDep) -> HTMLResponse:
    """The narrative with tags and evidence, concerns by probability, the need level."""
    with state.database.session() as session:
        record = get_suggestion(session, suggestion_id)
        suggestion, text, redactions = record.suggestion, record.redacted_text, record.redactions
        model = (record.model_name, record.model_version, record.model_alias)
    concerns = sorted(suggestion["concerns"], key=lambda c: -c["probability"])
    labels = {c.id: c.label for c in state.scheme.concerns}
    levels = [(level.id, level.label) for level in state.scheme.need_levels]
    return _page(request, "review.html", {
        "user": principal, "id": suggestion_id, "pieces": pieces(text, redactions, concerns),
        "concerns": concerns, "labels": labels, "levels": levels, "need": suggestion["need_level"],
        "level_labels": dict(levels), "model": model, "shown_at": utc_now().isoformat()})


@router.post("/review/{suggestion_id}")
def review_form(request: Request, suggestion_id: str, state: StateDep, principal: PageReviewerDep,
                csrf_token: Annotated[str, Form()], action: Annotated[str, Form()],
                need_level: Annotated[str, Form()] = "", concern: Annotated[list[str] | None, Form()] = None,
                comment: Annotated[str, Form()] = "", shown_at: Annotated[str, Form()] = "") -> Response:
    """Accept (as suggested), correct (as ticked) or reject (suggested concerns all wrong)."""
    check_csrf(request, csrf_token)
    with state.database.session() as session:
        suggestion = get_suggestion(session, suggestion_id).suggestion
    suggested = {c["id"] for c in suggestion["concerns"] if c["suggested"]}
    ticked = set(concern or [])
    if action == "accept":
        ticked, need_level = suggested, suggestion["need_level"]["id"]
    elif action == "reject":
        ticked -= suggested
    elif action != "correct":
        raise HTTPException(422, "action must be accept, correct or reject")
    decisions: dict[str, Decision] = {c: ("accept" if c in ticked else "reject") for c in suggested}
    decisions.update({c: "add" for c in ticked - suggested})
    body = ReviewCreate(decisions=decisions, need_level=need_level or suggestion["need_level"]["id"],
                        comment=comment or None, shown_at=shown_time(shown_at))
    record_review(state, principal, suggestion_id, body)
    return RedirectResponse("/?saved=1", status_code=303)


@router.get("/docs")
def docs(request: Request, state: StateDep,
         principal: DocsReaderDep) -> HTMLResponse:
    """The API, with examples, rendered here from the OpenAPI document (no CDN)."""
    return _page(request, "docs.html", {"user": principal, "spec": request.app.openapi()})


@router.get("/openapi.json")
def openapi(request: Request, principal: DocsReaderDep) -> JSONResponse:
    """The OpenAPI document."""
    return JSONResponse(request.app.openapi())
