"""Annotation projects in the service's database: import, assign, answer, adjudicate, read back.

Plain functions on a SQLAlchemy session; the caller owns the transaction (``Database.session()``
commits on success and rolls back on any error), so a failed import leaves nothing behind.

Every narrative is redacted by the shared engine *before* anything is written, and only the
redacted text and its spans are stored: the raw text never reaches a row. Gold labels in an
imported file are dropped too: an annotator must not see them, and they are what annotation is
meant to check. Answers come back as :class:`annotation.answers.Answer` records, so agreement,
export and bias figures work on the database exactly as they do on files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotation.answers import NOT_ENOUGH_INFORMATION, Adjudication, Answer, LabelSet
from annotation.assignment import assign
from referrals.contract import Referral
from referrals.errors import ContractError, TriageError
from referrals.inputs import read_checked
from referrals.labels import LabelScheme
from referrals.redaction.engine import Redactor
from storage.database import as_utc
from storage.tables import (
    AnnotationAdjudication,
    AnnotationAnswer,
    AnnotationAssignment,
    AnnotationItem,
    AnnotationProject,
    User,
    utc_now,
)

METADATA_FIELDS = ("received_at", "referral_source", "authority", "case_id", "writer", "child")
"""Non-text fields kept with an item (grouping, fairness slices); labels and PII spans are not."""

ERROR_NO_PROJECT = "no annotation project named {name!r}; known: {known}"
ERROR_NOT_IN_PROJECT = "item {item!r} is not in project {project!r}"
ERROR_NOT_ASSIGNED = "item {item!r} is not assigned to {annotator!r} in project {project!r}"
ERROR_REPEATED_ID = "{path}: id {item!r} appears more than once; ids must be unique within a file"
ERROR_SETTINGS_DIFFER = "project {name!r} already exists with {field} {stored}; got {given}"


@dataclass(frozen=True)
class ImportResult:
    """What one import did."""

    project: str
    created: bool
    added: int
    already_there: int
    assignments: int
    overlap_items: int


def get_project(session: Session, name: str) -> AnnotationProject:
    """The project called ``name``, or a one-line error naming the ones that exist."""
    project = session.scalar(select(AnnotationProject).where(AnnotationProject.name == name))
    if project is None:
        known = ", ".join(session.scalars(select(AnnotationProject.name).order_by(AnnotationProject.name))) or "none"
        raise TriageError(ERROR_NO_PROJECT.format(name=name, known=known))
    return project


def ensure_project(
    session: Session, name: str, *, overlap: float, decide_first: float,
    guideline_path: str | None = None, guideline_version: str | None = None, queue_order: str | None = None,
) -> tuple[AnnotationProject, bool]:
    """The project, created if new; an existing one must not be given different shares.

    Silently using other shares than the ones a project was started with would make its
    overlap (and so its agreement figures) mean something different from what was asked.
    """
    project = session.scalar(select(AnnotationProject).where(AnnotationProject.name == name))
    if project is None:
        project = AnnotationProject(name=name, overlap=overlap, decide_first=decide_first,
                                    guideline_path=guideline_path, guideline_version=guideline_version,
                                    queue_order=queue_order)
        session.add(project)
        session.flush()
        return project, True
    if queue_order is not None and queue_order != project.queue_order:
        project.queue_order = queue_order  # order is how work is served, not what it means: may change
    for field, given in (("overlap", overlap), ("decide_first", decide_first)):
        stored = getattr(project, field)
        if abs(stored - given) > 1e-9:
            raise TriageError(ERROR_SETTINGS_DIFFER.format(name=name, field=field, stored=stored, given=given))
    return project, False


def import_referrals(
    session: Session, path: str | Path, project: str, redactor: Redactor, annotators: Sequence[str],
    overlap: float, seed: int = 0, *, scheme: LabelScheme | None = None, decide_first: float = 0.0,
    annotators_per_overlap_item: int = 2, guideline_path: str | None = None,
    guideline_version: str | None = None, queue_order: str | None = None,
) -> ImportResult:
    """Read, redact and store a contract file's referrals in ``project`` and assign the new ones.

    The whole file is read and validated first (a bad line is a ContractError naming file and
    line) and every text is redacted before the first write. Items already in the project are
    left as they are (not duplicated, not reassigned); only new ones are assigned, with
    :func:`annotation.assignment.assign`.
    """
    referrals = read_checked(path, scheme).referrals
    _refuse_repeated_ids(referrals, path)
    redacted = list(redactor.redact_many((r.text for r in referrals), (r.known_identifiers for r in referrals)))
    record, created = ensure_project(session, project, overlap=overlap, decide_first=decide_first,
                                     guideline_path=guideline_path, guideline_version=guideline_version,
                                     queue_order=queue_order)
    existing = set(session.scalars(select(AnnotationItem.item_id).where(AnnotationItem.project_id == record.id)))
    new_items: dict[str, AnnotationItem] = {}
    for referral, result in zip(referrals, redacted):
        if referral.id in existing:
            continue
        if not result.text.strip():
            raise TriageError(f"{path}: record {referral.id}: redacted text is empty")
        new_items[referral.id] = AnnotationItem(
            project_id=record.id, item_id=referral.id, redacted_text=result.text,
            redactions=[span.model_dump(mode="json") for span in result.spans],
            referral_metadata=_metadata(referral))
    session.add_all(new_items.values())
    session.flush()
    plan = assign(list(new_items), annotators, overlap=record.overlap, decide_first=record.decide_first,
                  annotators_per_overlap_item=annotators_per_overlap_item, seed=seed) if new_items else []
    users = _user_ids(session, annotators)
    session.add_all(AnnotationAssignment(item_pk=new_items[a.item_id].id, annotator=a.annotator,
                                         annotator_user_id=users.get(a.annotator), mode=a.mode, overlap=a.overlap)
                    for a in plan)
    session.flush()
    return ImportResult(project=project, created=created, added=len(new_items),
                        already_there=len(referrals) - len(new_items), assignments=len(plan),
                        overlap_items=len({a.item_id for a in plan if a.overlap}))


def _refuse_repeated_ids(referrals: Sequence[Referral], path: str | Path) -> None:
    seen: set[str] = set()
    for referral in referrals:
        if referral.id in seen:
            raise ContractError(ERROR_REPEATED_ID.format(path=path, item=referral.id))
        seen.add(referral.id)


def _metadata(referral: Referral) -> dict[str, Any]:
    dumped = referral.model_dump(mode="json", include=set(METADATA_FIELDS), exclude_none=True)
    return dict(dumped)


def _user_ids(session: Session, names: Sequence[str]) -> dict[str, int]:
    """Annotator names that belong to a user with a key, so pages can match the logged-in user."""
    rows = session.execute(select(User.name, User.id).where(User.name.in_(list(names))))
    return {name: user_id for name, user_id in rows}


def _item(session: Session, project: AnnotationProject, item_id: str) -> AnnotationItem:
    item = session.scalar(select(AnnotationItem).where(
        AnnotationItem.project_id == project.id, AnnotationItem.item_id == item_id))
    if item is None:
        raise TriageError(ERROR_NOT_IN_PROJECT.format(item=item_id, project=project.name))
    return item


def find_item(session: Session, project: str, item_id: str) -> AnnotationItem:
    """The item ``item_id`` of ``project``, or a one-line error naming both."""
    return _item(session, get_project(session, project), item_id)


def record_answer(session: Session, project: str, answer: Answer, scheme: LabelScheme | None = None) -> None:
    """Store an answer by an assigned annotator; a second answer by the same person replaces the first.

    The answer is re-validated against ``scheme`` so a caller cannot store labels the scheme
    does not know. The project's guideline version is recorded when the answer names none.
    """
    answer = Answer.model_validate(answer.model_dump(), context={"scheme": scheme})
    record = get_project(session, project)
    item = _item(session, record, answer.item_id)
    assigned = session.scalar(select(AnnotationAssignment).where(
        AnnotationAssignment.item_pk == item.id, AnnotationAssignment.annotator == answer.annotator))
    if assigned is None:
        raise TriageError(ERROR_NOT_ASSIGNED.format(item=answer.item_id, annotator=answer.annotator,
                                                    project=project))
    row = session.scalar(select(AnnotationAnswer).where(
        AnnotationAnswer.item_pk == item.id, AnnotationAnswer.annotator == answer.annotator))
    if row is None:
        row = AnnotationAnswer(item_pk=item.id, annotator=answer.annotator)
    row.annotator_user_id = assigned.annotator_user_id
    row.concerns = list(answer.concerns)
    row.need_level = answer.need_level
    row.not_enough_information = answer.not_enough_information
    row.needs_discussion = "needs_discussion" in answer.flags
    row.mode = answer.mode
    row.suggestion_shown = answer.suggestion.model_dump() if answer.suggestion else None
    row.before_suggestion = answer.before_suggestion.model_dump() if answer.before_suggestion else None
    row.seconds = answer.seconds
    row.guideline_version = answer.guideline_version or record.guideline_version
    row.answered_at = answer.answered_at or utc_now()  # a revised answer is dated when revised
    session.add(row)
    session.flush()


def requeue(session: Session, project: str, item_ids: Sequence[str]) -> int:
    """Send items back to every annotator they were assigned to (e.g. likely wrong labels).

    Their earlier answers stay (agreement and history keep them) but no longer count as
    answered: the items come first in each annotator's queue until they answer again.
    Returns the number of assignments sent back.
    """
    record = get_project(session, project)
    items = [_item(session, record, item_id) for item_id in dict.fromkeys(item_ids)]
    now = utc_now()
    assignments = list(session.scalars(select(AnnotationAssignment).where(
        AnnotationAssignment.item_pk.in_([item.id for item in items]))))
    for assignment in assignments:
        assignment.requeued_at = now
    session.flush()
    return len(assignments)


def record_adjudication(
    session: Session, project: str, adjudication: Adjudication, redactor: Redactor,
    scheme: LabelScheme | None = None,
) -> None:
    """Store the settled label of an item; the reason is free text, so it is redacted first."""
    adjudication = Adjudication.model_validate(adjudication.model_dump(), context={"scheme": scheme})
    record = get_project(session, project)
    item = _item(session, record, adjudication.item_id)
    reason = redactor.redact(adjudication.reason).text
    user_id = _user_ids(session, [adjudication.adjudicator]).get(adjudication.adjudicator)
    row = session.scalar(select(AnnotationAdjudication).where(AnnotationAdjudication.item_pk == item.id))
    if row is None:
        row = AnnotationAdjudication(item_pk=item.id)
    row.adjudicator = adjudication.adjudicator
    row.adjudicator_user_id = user_id
    row.concerns = list(adjudication.concerns)
    row.need_level = adjudication.need_level or ""
    row.redacted_reason = reason
    row.guideline_version = adjudication.guideline_version or record.guideline_version
    if adjudication.decided_at is not None:
        row.decided_at = adjudication.decided_at
    session.add(row)
    session.flush()


def answers_of(session: Session, project: str) -> list[Answer]:
    """Every answer in the project as the records the file-based figures read, in a stable order."""
    record = get_project(session, project)
    rows = session.execute(
        select(AnnotationAnswer, AnnotationItem.item_id).join(AnnotationItem, AnnotationAnswer.item_pk == AnnotationItem.id)
        .where(AnnotationItem.project_id == record.id).order_by(AnnotationItem.item_id, AnnotationAnswer.annotator))
    return [_answer(row, item_id) for row, item_id in rows]


def _answer(row: AnnotationAnswer, item_id: str) -> Answer:
    flags = [NOT_ENOUGH_INFORMATION] if row.not_enough_information else []
    flags += ["needs_discussion"] if row.needs_discussion else []
    return Answer(
        item_id=item_id, annotator=row.annotator, concerns=row.concerns, need_level=row.need_level, flags=flags,
        mode=row.mode,  # type: ignore[arg-type]
        suggestion=LabelSet(**row.suggestion_shown) if row.suggestion_shown else None,
        before_suggestion=LabelSet(**row.before_suggestion) if row.before_suggestion else None,
        seconds=row.seconds, guideline_version=row.guideline_version, answered_at=row.answered_at)


def adjudications_of(session: Session, project: str) -> list[Adjudication]:
    """Every adjudication in the project as :class:`Adjudication` records (reason redacted)."""
    record = get_project(session, project)
    rows = session.execute(
        select(AnnotationAdjudication, AnnotationItem.item_id)
        .join(AnnotationItem, AnnotationAdjudication.item_pk == AnnotationItem.id)
        .where(AnnotationItem.project_id == record.id).order_by(AnnotationItem.item_id))
    return [Adjudication(item_id=item_id, adjudicator=row.adjudicator, concerns=row.concerns,
                         need_level=row.need_level, reason=row.redacted_reason,
                         guideline_version=row.guideline_version, decided_at=row.decided_at)
            for row, item_id in rows]


def items_of(session: Session, project: str) -> list[Referral]:
    """The project's items as unlabelled contract records: redacted text, spans and metadata.

    What ``triage annotate export --project`` labels with the settled answers; the text was
    redacted on import, so these records are safe to write out.
    """
    record = get_project(session, project)
    rows = session.scalars(select(AnnotationItem).where(AnnotationItem.project_id == record.id)
                           .order_by(AnnotationItem.item_id))
    return [Referral.model_validate({**row.referral_metadata, "id": row.item_id, "text": row.redacted_text,
                                     "redactions": row.redactions}) for row in rows]


def assignments_of(session: Session, project: str) -> list[AnnotationAssignment]:
    """The project's assignments (counts, progress and the served queue)."""
    record = get_project(session, project)
    return list(session.scalars(
        select(AnnotationAssignment).join(AnnotationItem, AnnotationAssignment.item_pk == AnnotationItem.id)
        .where(AnnotationItem.project_id == record.id)))


@dataclass(frozen=True)
class Task:
    """One assigned item as the annotation page needs it."""

    project: AnnotationProject
    item: AnnotationItem
    assignment: AnnotationAssignment
    answer: AnnotationAnswer | None
    """None when unanswered, or answered before the item was sent back."""
    sent_back: bool = False


def task_for(session: Session, project: str, item_id: str, annotator: str) -> Task:
    """The item, ``annotator``'s assignment on it and their answer so far; an error if not assigned."""
    record = get_project(session, project)
    item = _item(session, record, item_id)
    assignment = session.scalar(select(AnnotationAssignment).where(
        AnnotationAssignment.item_pk == item.id, AnnotationAssignment.annotator == annotator))
    if assignment is None:
        raise TriageError(ERROR_NOT_ASSIGNED.format(item=item_id, annotator=annotator, project=project))
    answer = session.scalar(select(AnnotationAnswer).where(
        AnnotationAnswer.item_pk == item.id, AnnotationAnswer.annotator == annotator))
    sent_back = assignment.requeued_at is not None and (
        answer is None or as_utc(answer.answered_at) < as_utc(assignment.requeued_at))
    return Task(project=record, item=item, assignment=assignment, answer=None if sent_back else answer,
                sent_back=sent_back)


@dataclass(frozen=True)
class ProjectProgress:
    """A project's size and where one person stands in it (for the overview page)."""

    name: str
    items: int
    answers: int
    assigned_to_you: int
    answered_by_you: int
    open_disagreements: int


def project_progress(session: Session, person: str) -> list[ProjectProgress]:
    """Every project with counts; ``person``'s own assignments and answers counted apart."""
    progress = []
    for record in session.scalars(select(AnnotationProject).order_by(AnnotationProject.name)):
        assignments = assignments_of(session, record.name)
        answers = answers_of(session, record.name)
        settled = adjudications_of(session, record.name)
        progress.append(ProjectProgress(
            name=record.name,
            items=len({a.item_pk for a in assignments}),
            answers=len(answers),
            assigned_to_you=sum(a.annotator == person for a in assignments),
            answered_by_you=sum(a.annotator == person for a in answers),
            open_disagreements=len(_unsettled(answers, settled))))
    return progress


def open_disagreements(session: Session, project: str) -> list[str]:
    """Items whose answers differ (labels, level or 'not enough information'), or that an
    annotator marked for discussion, and that no adjudicator has settled yet."""
    return _unsettled(answers_of(session, project), adjudications_of(session, project))


def _unsettled(answers: Sequence[Answer], adjudications: Sequence[Adjudication]) -> list[str]:
    settled = {a.item_id for a in adjudications}
    by_item: dict[str, list[Answer]] = {}
    for answer in answers:
        by_item.setdefault(answer.item_id, []).append(answer)
    return [item_id for item_id, given in sorted(by_item.items())
            if item_id not in settled and _disagree(given)]


def _disagree(answers: Sequence[Answer]) -> bool:
    keys = {(frozenset(a.concerns), a.need_level, a.not_enough_information) for a in answers}
    return len(keys) > 1 or any("needs_discussion" in a.flags for a in answers)
