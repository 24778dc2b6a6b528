"""Annotators' answers and adjudicators' decisions: the records every annotation figure reads.

An answer keeps what the issue asks every answer to keep (who, how long, whether suggestions
were shown, under which guideline version) and, when suggestions were shown, *what* they
were: without the suggestion an automation-bias figure cannot be computed afterwards. In
decide-first mode the answer committed before the suggestions appeared is kept too.

"Not enough information" is an answer of its own (a flag), distinct from a skip (no record).
Files are JSONL, one record a line. A bad line is reported as ``file:line: field: reason``
and the whole file is refused, so a half-read file never feeds a figure. The database layer
will store the same records; these models are its row shape.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from referrals.contract import problems_from
from referrals.errors import ContractError, RecordProblem
from referrals.labels import LabelScheme

NOT_ENOUGH_INFORMATION = "not_enough_information"
FLAGS = (NOT_ENOUGH_INFORMATION, "needs_discussion")
"""Allowed answer flags; "not enough information" replaces labels, "needs discussion" does not."""

Mode = Literal["blind", "suggestion_first", "decide_first"]
"""How suggestions were shown: never, from the start, or only after the annotator committed."""

ERROR_FILE_REJECTED = "{path}: {count} bad line(s); nothing imported"
ERROR_NOT_FOUND = "file not found: {path}"

Record = TypeVar("Record", bound=BaseModel)


class LabelSet(BaseModel):
    """Concerns and a need level: a suggestion, or an answer committed before one was shown."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    concerns: list[str] = Field(default_factory=list)
    need_level: str | None = None

    @field_validator("concerns")
    @classmethod
    def _known_concerns(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return check_concerns(value, info)

    @field_validator("need_level")
    @classmethod
    def _known_level(cls, value: str | None, info: ValidationInfo) -> str | None:
        return check_need_level(value, info)


def _scheme(info: ValidationInfo) -> LabelScheme | None:
    context = info.context if isinstance(info.context, dict) else {}
    scheme = context.get("scheme")
    return scheme if isinstance(scheme, LabelScheme) else None


def check_concerns(value: list[str], info: ValidationInfo) -> list[str]:
    """Concern ids must be in the scheme and not repeat."""
    scheme = _scheme(info)
    if scheme is not None:
        unknown = [c for c in value if c not in scheme.concern_ids]
        if unknown:
            raise ValueError(f"unknown concern(s) {', '.join(map(repr, unknown))}; allowed: "
                             f"{', '.join(scheme.concern_ids)}")
    if len(set(value)) != len(value):
        raise ValueError("concerns repeat an id")
    return value


def check_need_level(value: str | None, info: ValidationInfo) -> str | None:
    """A need level must be in the scheme."""
    scheme = _scheme(info)
    if value is not None and scheme is not None and value not in scheme.need_level_ids:
        raise ValueError(f"unknown need level {value!r}; allowed: {', '.join(scheme.need_level_ids)}")
    return value


class Answer(LabelSet):
    """One annotator's answer on one item."""

    item_id: str = Field(min_length=1)
    annotator: str = Field(min_length=1)
    flags: list[str] = Field(default_factory=list)
    mode: Mode = "blind"
    suggestion: LabelSet | None = None
    """What the model suggested, when it was shown (suggestion-first or decide-first)."""
    before_suggestion: LabelSet | None = None
    """Decide-first only: the answer committed before the suggestion appeared."""
    source: Literal["annotation", "review"] = "annotation"
    """``review``: a screener's decision on the review page, not an annotation task."""
    seconds: float | None = Field(default=None, ge=0)
    guideline_version: str | None = None
    answered_at: datetime | None = None

    @field_validator("flags")
    @classmethod
    def _known_flags(cls, value: list[str]) -> list[str]:
        unknown = [f for f in value if f not in FLAGS]
        if unknown:
            raise ValueError(f"unknown flag(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(FLAGS)}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Answer:
        if self.not_enough_information and (self.concerns or self.need_level):
            raise ValueError("a 'not enough information' answer carries no concerns or need level")
        if not self.not_enough_information and self.need_level is None:
            raise ValueError("need_level is required unless flagged not_enough_information")
        if self.mode != "blind" and self.suggestion is None:
            raise ValueError(f"mode {self.mode} needs the suggestion that was shown")
        if self.mode == "blind" and self.suggestion is not None:
            raise ValueError("a blind answer cannot carry a suggestion; set mode")
        if (self.mode == "decide_first") != (self.before_suggestion is not None):
            raise ValueError("before_suggestion is given exactly when mode is decide_first")
        return self

    @property
    def not_enough_information(self) -> bool:
        """True when the annotator said the narrative cannot be labelled."""
        return NOT_ENOUGH_INFORMATION in self.flags


class Adjudication(LabelSet):
    """An adjudicator's resolution of a disagreement: the settled label, who and why."""

    item_id: str = Field(min_length=1)
    adjudicator: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    guideline_version: str | None = None
    decided_at: datetime | None = None

    @model_validator(mode="after")
    def _has_level(self) -> Adjudication:
        if self.need_level is None:
            raise ValueError("an adjudication must settle the need level")
        return self


def read_records(path: str | Path, model: type[Record], scheme: LabelScheme | None) -> list[Record]:
    """Every record of a JSONL file, or ContractError listing each bad line (nothing returned).

    Each line is validated on its own so every problem is reported at once, with its line.
    """
    file_path = Path(path)
    if not file_path.is_file():
        raise ContractError(ERROR_NOT_FOUND.format(path=file_path))
    records: list[Record] = []
    problems: list[RecordProblem] = []
    with file_path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            parsed = _parse_line(raw, str(file_path), number)
            if isinstance(parsed, RecordProblem):
                problems.append(parsed)
                continue
            if parsed is None:
                continue
            try:
                records.append(model.model_validate(parsed, context={"scheme": scheme}))
            except ValidationError as exc:
                problems.extend(problems_from(exc, str(file_path), number))
    if problems:
        raise ContractError(ERROR_FILE_REJECTED.format(path=file_path, count=len({p.line for p in problems})),
                            problems)
    return records


def _parse_line(raw: bytes, path: str, number: int) -> dict[str, Any] | RecordProblem | None:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return RecordProblem(path, number, "<line>", f"invalid UTF-8 at byte {exc.start}")
    if not line.strip():
        return None
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return RecordProblem(path, number, "<line>", f"not valid JSON: {exc.msg}")
    if not isinstance(data, dict):
        return RecordProblem(path, number, "<line>", "a record must be a JSON object")
    return data


def write_records(path: str | Path, records: Sequence[BaseModel]) -> int:
    """Write records as JSONL through a temporary file, so a failure leaves no partial file."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.partial")
    with temporary.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(record.model_dump_json(exclude_none=True) + "\n")
    temporary.replace(target)
    return len(records)
