"""Annotation's pages in the composed service (`triage serve`): label, decide first, settle.

Through TestClient on the real app, the real model and the real redactor: the items are
imported with :func:`annotation.projects.import_referrals`, every page is fetched and every
form posted as a browser would, and what lands in the database is read back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from serving_testkit import CANARY, AppFactory, Running, csrf, login
from sqlalchemy import select

from annotation.projects import adjudications_of, answers_of, import_referrals
from referrals.contract import Referral, write_referrals
from referrals.redaction.engine import Redactor
from storage.tables import AnnotationAdjudication, AnnotationAssignment, AnnotationItem, Role
from storage.users import add_user

TEXTS = [
    (f"Health visitor: {CANARY} (mum) has been low since the birth of her second baby and asks for "
    "a parenting group. Home warm and clean, baby thriving. <script>alert('x')</script>"),
    ("School DSL email. Year 4 boy arrived with a bruise to his cheek and said his stepdad hit him "
    "with a slipper last night. He is scared to go home."),
    ("Neighbour rang: the family at number 12 have had no electric for a week and the kids look "
    "thin. Mum says the money ran out and she does not know where to turn."),
    ("Police PPN: verbal argument between parents, no assault, children asleep upstairs. DASH "
    "standard. Both parents cooperative, advice given."),
]


@pytest.fixture
def service(start_app: AppFactory, redactor: Redactor, tmp_path: Path) -> Running:
    """The composed service with a project of four items, both annotators on every item."""
    running = start_app(composed=True)
    source = tmp_path / "items.jsonl"
    write_referrals(source, [Referral(id=f"r{i}", text=text) for i, text in enumerate(TEXTS)])
    with running.app.state.serving.database.session() as session:
        running.keys["annotator-two"] = add_user(session, "annotator-two", Role.ANNOTATOR)[1]
        import_referrals(session, source, "p1", redactor, ["annotator-user", "annotator-two"], overlap=1.0,
                         decide_first=0.5, seed=3)
    return running


def item_of(url: str) -> str:
    match = re.search(r"/annotate/p1/items/([^/?]+)$", url)
    assert match, url
    return match.group(1)


def form_fields(html: str, form_id: str = "answer-form") -> dict[str, str]:
    """The hidden fields of a form (csrf, stage, shown_at, shown)."""
    form = html[html.index(f'id="{form_id}"'):]
    form = form[:form.index("</form>")]
    return {name: value.replace("&#34;", '"').replace("&quot;", '"') for name, value in
            re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)}


def answer(running: Running, item_id: str, page: str, concerns: list[str], level: str | None,
           action: str = "save") -> str:
    """Post the answer form as the page holds it; returns where the server sent us."""
    data: dict[str, object] = {**form_fields(page), "action": action, "concern": concerns}
    if level:
        data["need_level"] = level
    response = running.client.post(f"/annotate/p1/items/{item_id}", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def label_everything(running: Running, role: str, choose: dict[str, tuple[list[str], str]]) -> list[str]:
    """Label every item in queue order with ``choose[item]``; returns the items' stages seen."""
    login(running, role, then="/annotate")
    stages = []
    location = "/annotate/p1/next"
    while True:
        response = running.client.get(location, follow_redirects=False)
        if response.status_code == 303:
            location = response.headers["location"]
            if location.startswith("/annotate?done"):
                return stages
            continue
        assert response.status_code == 200, response.text
        item_id = item_of(location)
        stage = form_fields(response.text)["stage"]
        stages.append(stage)
        concerns, level = choose[item_id]
        location = answer(running, item_id, response.text, concerns, level)


def test_pages_need_a_session_and_the_right_role(service: Running) -> None:
    response = service.client.get("/annotate/p1/next", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/login?next=/annotate/p1/next")
    assert service.client.post("/annotate/p1/items/r0", data={"stage": "answer"}).status_code == 401
    login(service, "screener")
    assert service.client.get("/annotate/p1/next").status_code == 403
    assert service.client.get("/annotate/p1/adjudicate").status_code == 403
    login(service, "evaluator")
    assert service.client.get("/").url.path == "/annotate"  # a role without the review page lands here
    assert service.client.get("/annotate/p1/agreement").status_code == 200


def test_the_page_shows_redacted_escaped_text_and_refuses_a_forged_token(service: Running) -> None:
    login(service, "annotator", then="/annotate")
    page = service.client.get("/annotate/p1/items/r0")
    assert page.status_code == 200
    assert CANARY not in page.text and "Przybyszewska" not in page.text
    shown_text = re.sub(r"<[^>]+>", "", page.text)  # evidence highlighting may split the words into spans
    assert "<script>alert" not in page.text and "&lt;script&gt;alert" in shown_text
    assert "Guideline: labelling-guideline.md" in page.text and "need level" in page.text.lower()
    fields = form_fields(page.text)
    fields["csrf_token"] = "forged"
    refused = service.client.post("/annotate/p1/items/r0", data={**fields, "need_level": "early_help"})
    assert refused.status_code == 403
    missing_level = service.client.post("/annotate/p1/items/r0", data=form_fields(page.text))
    assert missing_level.status_code == 422 and "need level" in missing_level.json()["detail"]
    assert service.client.get("/annotate/p1/items/nope").status_code == 404


def test_decide_first_hides_the_suggestion_until_the_annotator_commits(service: Running) -> None:
    database = service.app.state.serving.database
    with database.session() as session:
        decide = session.scalars(select(AnnotationItem.item_id).join(
            AnnotationAssignment, AnnotationAssignment.item_pk == AnnotationItem.id).where(
            AnnotationAssignment.annotator == "annotator-user", AnnotationAssignment.mode == "decide_first")).all()
    assert decide, "the seed gives annotator-user a decide-first item"
    item_id = decide[0]
    login(service, "annotator", then="/annotate")
    before = service.client.get(f"/annotate/p1/items/{item_id}").text
    assert 'id="decide-first"' in before and "model " not in before and 'class="ev"' not in before
    assert form_fields(before)["stage"] == "commit" and form_fields(before)["shown"] == ""
    back = answer(service, item_id, before, ["housing_or_financial"], "early_help")
    assert back == f"/annotate/p1/items/{item_id}"
    after = service.client.get(back).text
    assert 'id="committed"' in after and "suggested" in after and form_fields(after)["stage"] == "final"
    assert 'value="housing_or_financial" id="concern-housing_or_financial"\n               checked' in after
    answer(service, item_id, after, ["housing_or_financial", "neglect"], "child_in_need")
    with database.session() as session:
        stored = next(a for a in answers_of(session, "p1") if a.item_id == item_id)
    assert stored.mode == "decide_first" and stored.suggestion is not None
    assert stored.before_suggestion is not None and stored.before_suggestion.concerns == ["housing_or_financial"]
    assert stored.before_suggestion.need_level == "early_help"
    assert (stored.concerns, stored.need_level) == (["housing_or_financial", "neglect"], "child_in_need")
    assert stored.seconds is not None and stored.seconds >= 0
    resubmit = service.client.post(f"/annotate/p1/items/{item_id}", data={**form_fields(before), "need_level": "early_help"})
    assert resubmit.status_code == 409, "a stale commit form cannot overwrite the committed answer"


def test_not_enough_information_and_skip_are_different(service: Running) -> None:
    login(service, "annotator", then="/annotate")
    first = service.client.get("/annotate/p1/next")
    first_id = item_of(str(first.url))
    skip = service.client.post(f"/annotate/p1/items/{first_id}/skip", data={"csrf_token": csrf(first.text)},
                               follow_redirects=False)
    assert skip.headers["location"] == "/annotate/p1/next"
    second = service.client.get("/annotate/p1/next")
    second_id = item_of(str(second.url))
    assert second_id != first_id, "a skipped item goes behind the others"
    fields = form_fields(second.text)
    if fields["stage"] == "commit":
        answer(service, second_id, second.text, [], None, action="not_enough_information")
        second = service.client.get(f"/annotate/p1/items/{second_id}")
    answer(service, second_id, second.text, [], None, action="not_enough_information")
    with service.app.state.serving.database.session() as session:
        stored = {a.item_id: a for a in answers_of(session, "p1")}
    assert first_id not in stored, "a skip records nothing"
    assert stored[second_id].not_enough_information and stored[second_id].need_level is None


def test_two_annotators_disagree_and_an_adjudicator_settles_it(service: Running) -> None:
    mine = {f"r{i}": (["neglect"], "early_help") for i in range(4)}
    theirs = {**mine, "r2": (["neglect", "housing_or_financial"], "child_in_need")}
    label_everything(service, "annotator", mine)
    stages = label_everything(service, "annotator-two", theirs)
    assert set(stages) <= {"answer", "commit", "final"} and len(stages) >= 4
    login(service, "adjudicator", then="/annotate")
    listing = service.client.get("/annotate/p1/adjudicate")
    assert re.findall(r'class="open-item">([^<]+)<', listing.text) == ["r2"]
    page = service.client.get("/annotate/p1/adjudicate/r2")
    assert "annotator-user" in page.text and "annotator-two" in page.text
    assert 'id="concern-neglect" checked' in page.text, "what both chose starts ticked"
    no_reason = service.client.post("/annotate/p1/adjudicate/r2", data={
        "csrf_token": csrf(page.text), "concern": ["neglect"], "need_level": "child_in_need"})
    assert no_reason.status_code == 422
    settled = service.client.post("/annotate/p1/adjudicate/r2", data={
        "csrf_token": csrf(page.text), "concern": ["neglect", "housing_or_financial"],
        "need_level": "child_in_need", "reason": f"Rule S3: {CANARY} said the money ran out"},
        follow_redirects=False)
    assert settled.headers["location"] == "/annotate/p1/adjudicate"
    with service.app.state.serving.database.session() as session:
        (record,) = adjudications_of(session, "p1")
        row = session.scalar(select(AnnotationAdjudication))
    assert (record.item_id, record.adjudicator, record.need_level) == ("r2", "adjudicator-user", "child_in_need")
    assert CANARY not in row.redacted_reason and "Rule S3" in row.redacted_reason
    assert "all-settled" in service.client.get("/annotate/p1/adjudicate").text
    agreement = service.client.get("/annotate/p1/agreement")
    assert "Krippendorff" in agreement.text and "annotator-two / annotator-user: 0.000" in agreement.text
