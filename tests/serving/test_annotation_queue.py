"""The queue the annotation page serves: uncertainty first from the served model, or random, per
project; re-scored after ``refresh_every`` answers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from serving_testkit import AppFactory, Running, login
from sqlalchemy import select

from annotation.answers import Answer
from annotation.projects import get_project, import_referrals, record_answer, requeue
from annotation.queue import queue_order, uncertainty_scores
from annotation.work_queue import pending_items
from referrals.contract import write_referrals
from referrals.redaction.engine import Redactor
from referrals.synthetic import generate_referrals
from storage.tables import AnnotationItem


@pytest.fixture
def service(start_app: AppFactory, redactor: Redactor, tmp_path: Path) -> Running:
    """Two projects of the same 24 referrals: one in uncertainty order, one random."""
    running = start_app(composed=True)
    source = tmp_path / "pool.jsonl"
    write_referrals(source, [r.model_copy(update={"concerns": None, "need_level": None})
                             for r in generate_referrals(24, seed=77)])
    with running.app.state.serving.database.session() as session:
        for name, order in (("uncertain", "uncertainty"), ("unbiased", "random")):
            import_referrals(session, source, name, redactor, ["annotator-user"], overlap=0.0, seed=1,
                             queue_order=order)
    return running


def served_first(running: Running, project: str) -> str:
    pages = running.app.state.annotation
    with running.app.state.serving.database.session() as session:
        item = pages.queues.next_item(session, project, "annotator-user")
    assert item is not None
    return str(item)


def test_uncertainty_order_serves_the_item_the_model_is_least_sure_of(service: Running) -> None:
    pages = service.app.state.annotation
    with service.app.state.serving.database.session() as session:
        project = get_project(session, "uncertain")
        rows = session.execute(select(AnnotationItem.item_id, AnnotationItem.redacted_text)
                               .where(AnnotationItem.project_id == project.id)).all()
    concern_prob, need_prob = pages.score([text for _, text in rows])
    scores = uncertainty_scores(concern_prob, need_prob,
                                need_margin_weight=pages.config.queue.need_margin_weight)
    most_uncertain = rows[int(np.argmax(scores))][0]
    assert served_first(service, "uncertain") == most_uncertain
    least_uncertain = rows[int(np.argmin(scores))][0]
    assert least_uncertain != most_uncertain


def test_each_project_keeps_its_own_order(service: Running) -> None:
    pages = service.app.state.annotation
    with service.app.state.serving.database.session() as session:
        ids = pending_items(session, get_project(session, "unbiased").id, "annotator-user")
    expected = queue_order(ids, config=pages.config.queue.model_copy(update={"order": "random"}))[0]
    assert served_first(service, "unbiased") == expected


def test_the_order_is_recomputed_after_refresh_every_answers(service: Running) -> None:
    pages = service.app.state.annotation
    pages.queues.config = pages.config.queue.model_copy(update={"refresh_every": 2})
    calls = []
    score = pages.queues.scorer

    def counting(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        calls.append(len(texts))
        assert score is not None
        return score(texts)

    pages.queues.scorer = counting
    database = service.app.state.serving.database
    for expected_calls in (1, 1, 2):
        first = served_first(service, "uncertain")
        assert len(calls) == expected_calls
        with database.session() as session:
            record_answer(session, "uncertain", Answer(item_id=first, annotator="annotator-user",
                                                       need_level="early_help"))
            project_id = get_project(session, "uncertain").id
        pages.queues.answered(project_id, "annotator-user", first)
    assert calls[0] == 24 and calls[-1] == 22, "a refresh scores only the items still open"


def test_an_item_sent_back_comes_first_and_says_why(service: Running) -> None:


    database = service.app.state.serving.database
    first = served_first(service, "uncertain")
    with database.session() as session:
        record_answer(session, "uncertain", Answer(item_id=first, annotator="annotator-user", need_level="early_help"))
        project_id = get_project(session, "uncertain").id
    service.app.state.annotation.queues.answered(project_id, "annotator-user", first)
    assert served_first(service, "uncertain") != first
    with database.session() as session:
        assert requeue(session, "uncertain", [first]) == 1
    assert served_first(service, "uncertain") == first, "a likely wrong label comes back first"
    login(service, "annotator", then="/annotate")
    page = service.client.get(f"/annotate/uncertain/items/{first}").text
    assert 'id="sent-back"' in page and "checked" not in page.split('id="answer-form"')[1].split("needs-discussion")[0]
