"""The queue the annotation page serves from the database: which item an annotator sees next.

An annotator's next item is the first of their unanswered assignments in the project's
queue order (:func:`annotation.queue.queue_order`): uncertainty first with the diversity
guard, or random. The order is computed once for the project's open items and kept in
memory; it is computed again after ``refresh_every`` new answers in the project (so the
served model's view of what is still uncertain is refreshed as labels arrive, and a model
reloaded into the service in the meantime is used), or when items are added.

Items sent back by the label check (:func:`annotation.projects.requeue`, likely wrong labels)
come first, for every annotator they were assigned to; their earlier answers no longer
count until they answer again. A skipped item goes behind the annotator's other items, and
comes back when nothing else is left: a skip is not an answer, and the item stays assigned.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from annotation.config import QueueConfig
from annotation.projects import get_project
from annotation.queue import RefreshSchedule, queue_order
from storage.tables import AnnotationAnswer, AnnotationAssignment, AnnotationItem, AnnotationProject

logger = logging.getLogger(__name__)

Scorer = Callable[[Sequence[str]], tuple[NDArray[np.float64], NDArray[np.float64]]]
"""Redacted texts in, (concern probabilities, need-level probabilities) out: the served model."""


@dataclass
class _ProjectOrder:
    order: list[str]
    n_items: int
    schedule: RefreshSchedule


@dataclass
class WorkQueues:
    """Served queue order per project, refreshed every ``config.refresh_every`` answers."""

    config: QueueConfig
    scorer: Scorer | None = None
    """None (no model loaded): uncertainty order falls back to random, and says so."""
    _orders: dict[int, _ProjectOrder] = field(default_factory=dict)
    _skipped: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def order_kind(self, project: AnnotationProject) -> str:
        """The order this project is served in: its own setting, else the config's."""
        return project.queue_order or self.config.order

    def next_item(self, session: Session, project_name: str, annotator: str) -> str | None:
        """The annotator's next unanswered item id in queue order, or None when they are done."""
        project = get_project(session, project_name)
        pending = set(pending_items(session, project.id, annotator))
        if not pending:
            return None
        order = self._order(session, project)
        skipped = self._skipped.get((project.id, annotator), [])
        sent_back = set(pending_items(session, project.id, annotator, requeued_only=True))
        for item_id in [*(i for i in order if i in sent_back), *order]:  # sent-back items first
            if item_id in pending and item_id not in skipped:
                return item_id
        for item_id in skipped:  # only skipped ones are left: they come back, oldest skip first
            if item_id in pending:
                return item_id
        return min(pending)

    def skip(self, project_id: int, annotator: str, item_id: str) -> None:
        """Put ``item_id`` behind the annotator's other items."""
        with self._lock:
            skipped = self._skipped.setdefault((project_id, annotator), [])
            if item_id in skipped:
                skipped.remove(item_id)
            skipped.append(item_id)

    def answered(self, project_id: int, annotator: str, item_id: str) -> None:
        """Count an answer towards the project's refresh; an answered item is no longer skipped."""
        with self._lock:
            skipped = self._skipped.get((project_id, annotator), [])
            if item_id in skipped:
                skipped.remove(item_id)
            cached = self._orders.get(project_id)
            if cached is not None and cached.schedule.record_answer():
                del self._orders[project_id]

    def _order(self, session: Session, project: AnnotationProject) -> list[str]:
        n_items = session.scalar(select(func.count()).select_from(AnnotationItem)
                                 .where(AnnotationItem.project_id == project.id)) or 0
        with self._lock:
            cached = self._orders.get(project.id)
            if cached is not None and cached.n_items == n_items:
                return cached.order
        order = self._compute(session, project)
        with self._lock:
            self._orders[project.id] = _ProjectOrder(order, n_items, RefreshSchedule(self.config.refresh_every))
        return order

    def _compute(self, session: Session, project: AnnotationProject) -> list[str]:
        rows = session.execute(select(AnnotationItem.item_id, AnnotationItem.redacted_text)
                               .where(AnnotationItem.project_id == project.id)
                               .where(AnnotationItem.id.in_(_open_items(project.id)))
                               .order_by(AnnotationItem.item_id)).all()
        ids = [item_id for item_id, _ in rows]
        config = self.config.model_copy(update={"order": self.order_kind(project)})
        if config.order == "random" or self.scorer is None or not ids:
            return queue_order(ids, config=config.model_copy(update={"order": "random"}))
        texts = [text for _, text in rows]
        try:
            concern_prob, need_prob = self.scorer(texts)
        except Exception:
            logger.exception("could not score project %s's queue; serving it in random order until the "
                             "next refresh", project.name)
            return queue_order(ids, config=config.model_copy(update={"order": "random"}))
        return queue_order(ids, config=config, texts=texts, concern_prob=concern_prob, need_prob=need_prob)


def _answered() -> ColumnElement[bool]:
    """The assignment has an answer that counts: given after the item was last sent back, if ever."""
    return select(AnnotationAnswer.id).where(
        AnnotationAnswer.item_pk == AnnotationAssignment.item_pk,
        AnnotationAnswer.annotator == AnnotationAssignment.annotator,
        or_(AnnotationAssignment.requeued_at.is_(None),
            AnnotationAnswer.answered_at >= AnnotationAssignment.requeued_at)).exists()


def _open_items(project_id: int) -> Select[Any]:
    """Items with at least one assignment still unanswered (a subquery of item primary keys)."""
    answered = _answered()
    return (select(AnnotationAssignment.item_pk)
            .join(AnnotationItem, AnnotationAssignment.item_pk == AnnotationItem.id)
            .where(AnnotationItem.project_id == project_id, ~answered))


def pending_items(session: Session, project_id: int, annotator: str, *, requeued_only: bool = False) -> list[str]:
    """Item ids assigned to ``annotator`` in the project that they have not (or not since sent back) answered."""
    query = (select(AnnotationItem.item_id)
             .join(AnnotationAssignment, AnnotationAssignment.item_pk == AnnotationItem.id)
             .where(AnnotationItem.project_id == project_id, AnnotationAssignment.annotator == annotator,
                    ~_answered()))
    if requeued_only:
        query = query.where(AnnotationAssignment.requeued_at.is_not(None))
    return list(session.scalars(query.order_by(AnnotationItem.item_id)))
