"""What the annotation pages share: the label scheme, config, the host's model and redactor."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import numpy as np
from fastapi import HTTPException, Request
from fastapi.responses import RedirectResponse
from numpy.typing import NDArray

from annotation.answers import LabelSet
from annotation.config import AnnotationConfig
from annotation.work_queue import WorkQueues
from referrals.contract import Suggestion
from referrals.errors import TriageError
from referrals.labels import LabelScheme
from referrals.redaction.engine import Redactor

logger = logging.getLogger(__name__)

Suggester = Callable[[Sequence[str]], list[Suggestion] | None]
"""Redacted texts in, the served model's suggestions out; None while no model is loaded."""
RedactorSource = Callable[[], Redactor]
"""The host's redactor (loaded once, in the background), for free text typed on the pages."""

DEFAULT_GUIDELINE = Path(__file__).resolve().parents[2] / "docs" / "labelling-guideline.md"
"""The project's labelling guideline (``../shared/spec/labelling-guideline.md`` plus settled rules)."""


@dataclass
class AnnotationPages:
    """The state behind the pages (``app.state.annotation``)."""

    scheme: LabelScheme
    config: AnnotationConfig
    redactor: RedactorSource
    suggester: Suggester | None
    queues: WorkQueues

    def suggest(self, text: str) -> Suggestion | None:
        """The model's suggestion for one redacted text; None when there is no model to ask."""
        if self.suggester is None:
            return None
        try:
            found = self.suggester([text])
        except Exception:
            logger.exception("no suggestion for an annotation item")
            return None
        return found[0] if found else None

    def score(self, texts: Sequence[str]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Concern and need-level probabilities in scheme order, for the uncertainty queue."""
        assert self.suggester is not None
        suggestions = self.suggester(list(texts))
        if suggestions is None:
            raise RuntimeError("no model is loaded to order the queue")
        concerns = [c.id for c in self.scheme.concerns]
        levels = [level.id for level in self.scheme.need_levels]
        concern_prob = np.array([[{c.id: c.probability for c in s.concerns}.get(cid, 0.0) for cid in concerns]
                                 for s in suggestions], dtype=np.float64)
        need_prob = np.array([[s.need_level.probabilities.get(lid, 0.0) for lid in levels]
                              for s in suggestions], dtype=np.float64)
        return concern_prob, need_prob


def shown_labels(suggestion: Suggestion) -> LabelSet:
    """What a suggestion puts in front of an annotator: the suggested concerns and level."""
    return LabelSet(concerns=[c.id for c in suggestion.concerns if c.suggested],
                    need_level=suggestion.need_level.id)


def annotation_pages(request: Request) -> AnnotationPages:
    """The pages' state from the app."""
    pages: AnnotationPages = request.app.state.annotation
    return pages


def guideline_text(path: str | None) -> tuple[str, str]:
    """(where, text) of a project's guideline, or of the default; a missing file says so."""
    target = Path(path) if path else DEFAULT_GUIDELINE
    try:
        return target.name, target.read_text(encoding="utf-8")  # read each time: edits show at once
    except OSError:
        return target.name, f"The guideline file {target.name} could not be read; ask the project's owner."


@contextmanager
def found() -> Iterator[None]:
    """A missing project, item or assignment (a TriageError) becomes the page's 404."""
    try:
        yield
    except TriageError as error:
        raise HTTPException(404, str(error)) from None


def page_url(project: str, *parts: str, query: str = "") -> str:
    """``/annotate/PROJECT/...`` with every part percent-encoded (ids may hold any character)."""
    path = "/".join(quote(part, safe="") for part in (project, *parts))
    return f"/annotate/{path}" + (f"?{query}" if query else "")


def see(url: str) -> RedirectResponse:
    """A 303 to ``url`` (after a form post, or to the next page)."""
    return RedirectResponse(url, status_code=303)
