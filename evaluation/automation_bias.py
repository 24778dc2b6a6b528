"""Automation-bias figures from annotation, read into the evaluation report.

Annotation measures how often people follow a wrong suggestion and change a right one, with
suggestions first, with decide-first and on the review page (``triage annotate bias
--json FILE``). The evaluation report is what a governance board reads, so the figures go
there too; evaluation reads the JSON file (the two stages share a file, not code) and
checks it here: a wrong or partial file is refused with its path and the field, never
half-shown.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from referrals.errors import TriageError

SCHEMA = "triage.automation_bias/1"
GROUP_LABELS = {"suggestion_first": "suggestion first", "decide_first": "decide first", "review": "review page"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BiasRate(_Strict):
    """A share with its Wilson 95% interval (``None`` where no decision of that kind exists)."""

    count: int = Field(ge=0)
    total: int = Field(ge=0)
    value: float | None = Field(ge=0.0, le=1.0)
    low: float | None = Field(ge=0.0, le=1.0)
    high: float | None = Field(ge=0.0, le=1.0)


class BiasFigure(_Strict):
    """Both rates for one group (how suggestions were shown) and one kind of decision."""

    group: str
    decision: Literal["need_level", "concerns"]
    accepted_wrong: BiasRate
    changed_right: BiasRate
    committed_matched_wrong: BiasRate | None = None
    switched_to_wrong: BiasRate | None = None


class AutomationBias(_Strict):
    """The file ``triage annotate bias --json`` writes."""

    schema_: Literal["triage.automation_bias/1"] = Field(alias="schema")
    project: str | None = None
    figures: list[BiasFigure]


def load_automation_bias(path: Path) -> AutomationBias:
    """The figures in ``path``, or one line naming the file and what is wrong with it."""
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise TriageError(f"{path}: cannot read the automation-bias file ({error.strerror})") from None
    except ValueError as error:
        raise TriageError(f"{path}: not JSON ({error}); write it with triage annotate bias --json") from None
    try:
        return AutomationBias.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top)"
        raise TriageError(f"{path}: {where}: {first['msg']} (expected {SCHEMA} from "
                          "triage annotate bias --json)") from None


def bias_rows(bias: AutomationBias) -> list[list[str]]:
    """Table rows for the report: group, decision, and each rate with its interval and count."""
    return [[GROUP_LABELS.get(f.group, f.group), f.decision.replace("_", " "), _rate(f.accepted_wrong),
             _rate(f.changed_right), _rate(f.committed_matched_wrong), _rate(f.switched_to_wrong)]
            for f in bias.figures]


def _rate(rate: BiasRate | None) -> str:
    if rate is None:
        return "–"
    if rate.total == 0 or rate.value is None:
        return "no such decisions"
    return f"{rate.value:.1%} ({(rate.low or 0):.1%}–{(rate.high or 0):.1%}) of {rate.total}"
