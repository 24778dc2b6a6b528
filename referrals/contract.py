"""The referral data contract: pydantic records and JSONL/CSV reading and writing.

A council brings its own labelled referrals in this shape. Metadata values (source,
ethnicity, authority codes) are the council's own, so they are free strings checked
only for type; labels are checked against the active :class:`LabelScheme`. A bad
record is reported with file, line, field and reason. By default one bad record
rejects the whole file; with ``skip_bad`` the bad ones are counted and written to a
rejects file, never silently dropped.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from referrals.errors import ContractError, RecordProblem
from referrals.labels import LabelScheme

MAX_TEXT_CHARS = 50_000
"""Hard ceiling on one narrative; longer text is refused rather than truncated."""

ERROR_REJECTED = "{first}; {count} bad record(s), file rejected (use --skip-bad to keep the good ones)"
ERROR_UNKNOWN_FORMAT = "unknown file format {suffix!r} for {path}; use .jsonl or .csv"

FileFormat = Literal["jsonl", "csv"]


class Child(BaseModel):
    """Demographics of the child the referral is about (the council's own codes)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    age_band: str | None = None
    gender: str | None = None
    ethnicity: str | None = None
    disability: str | None = None


class PiiSpan(BaseModel):
    """A gold span of personal data in ``text`` (from a generator or a human annotator)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int = Field(ge=0)
    end: int = Field(gt=0)
    type: str = Field(min_length=1)
    origin: str | None = None
    """For person names: the name's origin (e.g. ``polish``), so recall can be audited."""

    @model_validator(mode="after")
    def _ordered(self) -> PiiSpan:
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be greater than start ({self.start})")
        return self


class FoundSpan(BaseModel):
    """A span the redactor replaced: type, offsets into the *redacted* text, score."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    type: str
    score: float = Field(ge=0.0, le=1.0)


class Provenance(BaseModel):
    """Where a record's labels came from (written by ``triage annotate export``).

    Training reads the labels only; this lets anyone trace a label back to the people and
    rule behind it, and lets training weight review-derived labels as their own source.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["annotation", "adjudication", "review"]
    annotators: list[str] = Field(default_factory=list)
    adjudicator: str | None = None
    reason: str | None = None
    agreement: float | None = Field(default=None, ge=0.0, le=1.0)
    """Share of the item's answers whose labels equal the exported ones."""
    guideline_version: str | None = None
    project: str | None = None


class Referral(BaseModel):
    """One referral narrative with optional labels, metadata and gold PII spans."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1)
    concerns: list[str] | None = None
    need_level: str | None = None
    received_at: datetime | None = None
    referral_source: str | None = None
    authority: str | None = None
    case_id: str | None = None
    writer: str | None = None
    """Who wrote the narrative (hand-written corpora): splits keep a writer on one side,
    so held-out figures are cross-writer, as they will be on a council's own text."""
    child: Child | None = None
    pii: list[PiiSpan] | None = None
    known_identifiers: list[str] | None = None
    """Structured fields of the referral form (names, date of birth, address): raw
    personal data the redactor removes wherever it appears; dropped after redaction."""
    redactions: list[FoundSpan] | None = None
    """Filled by the redactor: what it replaced, with offsets into the redacted text."""
    provenance: Provenance | None = None
    """Where the labels came from, for labels exported from annotation or review."""

    @field_validator("text")
    @classmethod
    def _text_is_usable(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty or whitespace only")
        if len(value) > MAX_TEXT_CHARS:
            raise ValueError(f"text has {len(value)} characters; the limit is {MAX_TEXT_CHARS}")
        return value

    @field_validator("concerns")
    @classmethod
    def _concerns_in_scheme(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        if value is None:
            return None
        scheme = _scheme_from(info)
        if scheme is not None:
            unknown = [c for c in value if c not in scheme.concern_ids]
            if unknown:
                raise ValueError(
                    f"unknown concern(s) {', '.join(map(repr, unknown))}; allowed: "
                    f"{', '.join(scheme.concern_ids)}"
                )
        if len(set(value)) != len(value):
            raise ValueError("concerns repeat an id")
        return value

    @field_validator("need_level")
    @classmethod
    def _need_level_in_scheme(cls, value: str | None, info: ValidationInfo) -> str | None:
        scheme = _scheme_from(info)
        if value is not None and scheme is not None and value not in scheme.need_level_ids:
            raise ValueError(
                f"unknown need level {value!r}; allowed: {', '.join(scheme.need_level_ids)}"
            )
        return value

    @model_validator(mode="after")
    def _pii_inside_text(self) -> Referral:
        for span in self.pii or []:
            if span.end > len(self.text):
                raise ValueError(
                    f"pii span {span.start}-{span.end} runs past the end of text ({len(self.text)})"
                )
        return self

    @property
    def is_labelled(self) -> bool:
        """True when both concerns and need level are present."""
        return self.concerns is not None and self.need_level is not None


def _scheme_from(info: ValidationInfo) -> LabelScheme | None:
    context = info.context or {}
    scheme = context.get("scheme") if isinstance(context, dict) else None
    return scheme if isinstance(scheme, LabelScheme) else None


def validate_record(data: Any, scheme: LabelScheme | None) -> Referral:
    """Validate one parsed record against the contract and the scheme."""
    return Referral.model_validate(data, context={"scheme": scheme})


def problems_from(error: ValidationError, path: str, line: int) -> list[RecordProblem]:
    """Turn a pydantic error into one RecordProblem per failing field."""
    problems = []
    for item in error.errors(include_url=False, include_input=False):
        location = ".".join(str(part) for part in item["loc"]) or "<record>"
        message = str(item["msg"]).removeprefix("Value error, ")
        problems.append(RecordProblem(path, line, location, message))
    return problems


def detect_format(path: str | Path) -> FileFormat:
    """jsonl or csv from the file name."""
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    raise ContractError(ERROR_UNKNOWN_FORMAT.format(suffix=suffix, path=path))


CSV_COLUMNS = [
    "id", "text", "concerns", "need_level", "received_at", "referral_source", "authority",
    "case_id", "writer", "child.age_band", "child.gender", "child.ethnicity", "child.disability", "pii",
    "known_identifiers", "redactions", "provenance",
]
"""CSV layout: concerns separated by ``;``; pii, known_identifiers, redactions as JSON."""


def _csv_row_to_record(row: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    child: dict[str, str] = {}
    for key, value in row.items():
        if key is None:
            raise ValueError("row has more cells than the header")
        if value is None or value == "":
            continue
        if key.startswith("child."):
            child[key.removeprefix("child.")] = value
        elif key == "concerns":
            record[key] = [c.strip() for c in value.split(";") if c.strip()]
        elif key in ("pii", "known_identifiers", "redactions", "provenance"):
            try:
                record[key] = json.loads(value)
            except json.JSONDecodeError as exc:
                raise ValueError(f"column {key} is not valid JSON: {exc.msg}") from exc
        else:
            record[key] = value
    if child:
        record["child"] = child
    if "concerns" not in record and "concerns" in row and row["concerns"] == "" and row.get(
        "need_level"
    ):
        record["concerns"] = []
    return record


def _record_to_csv_row(referral: Referral) -> dict[str, str]:
    data = referral.model_dump(mode="json", exclude_none=True)
    row = {column: "" for column in CSV_COLUMNS}
    for key, value in data.items():
        if key == "child":
            for child_key, child_value in value.items():
                row[f"child.{child_key}"] = str(child_value)
        elif key == "concerns":
            row[key] = ";".join(value)
        elif key in ("pii", "known_identifiers", "redactions", "provenance"):
            row[key] = json.dumps(value, ensure_ascii=False)
        else:
            row[key] = str(value)
    return row


def iter_raw_records(path: str | Path) -> Iterator[tuple[int, dict[str, Any] | RecordProblem]]:
    """Yield (line number, parsed mapping or problem) streaming through a file.

    Each line is decoded on its own so invalid UTF-8 is reported at its line, not as a crash.
    """
    file_path = Path(path)
    if file_path.is_dir():
        raise ContractError(f"{file_path}: is a directory; give a .jsonl or .csv file")
    if not file_path.is_file():
        raise ContractError(f"{file_path}: file not found")
    fmt = detect_format(file_path)
    name = str(file_path)
    if fmt == "jsonl":
        with file_path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                try:
                    # A byte-order mark opens many files saved by spreadsheet tools.
                    line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    yield number, RecordProblem(name, number, "<line>", f"invalid UTF-8 at byte {exc.start}")
                    continue
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield number, RecordProblem(name, number, "<line>", f"not valid JSON: {exc.msg}")
                    continue
                if not isinstance(data, dict):
                    yield number, RecordProblem(name, number, "<line>", "a record must be a JSON object")
                    continue
                yield number, data
    else:
        try:
            content = file_path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line_number = file_path.read_bytes()[: exc.start].count(b"\n") + 1
            raise ContractError(
                f"{name}:{line_number}: invalid UTF-8 at byte {exc.start}; file rejected"
            ) from exc
        reader = csv.DictReader(io.StringIO(content, newline=""))
        missing = {"id", "text"} - set(reader.fieldnames or [])
        if missing:
            raise ContractError(f"{name}: CSV header lacks required column(s) {sorted(missing)}")
        unknown = set(reader.fieldnames or []) - set(CSV_COLUMNS)
        if unknown:
            raise ContractError(
                f"{name}: CSV header has unknown column(s) {sorted(unknown)}; allowed: {CSV_COLUMNS}"
            )
        for row in reader:
            number = reader.line_num
            try:
                yield number, _csv_row_to_record(row)
            except ValueError as exc:
                yield number, RecordProblem(name, number, "<row>", str(exc))


def iter_referrals(
    path: str | Path, scheme: LabelScheme | None
) -> Iterator[tuple[int, Referral | list[RecordProblem]]]:
    """Yield (line, Referral) or (line, problems) for each record, streaming."""
    name = str(path)
    seen_ids: set[str] = set()
    for number, item in iter_raw_records(path):
        if isinstance(item, RecordProblem):
            yield number, [item]
            continue
        try:
            referral = validate_record(item, scheme)
        except ValidationError as exc:
            yield number, problems_from(exc, name, number)
            continue
        if referral.id in seen_ids:
            yield number, [RecordProblem(name, number, "id", f"duplicate id {referral.id!r}")]
            continue
        seen_ids.add(referral.id)
        yield number, referral


@dataclass
class ReadResult:
    """Records that passed, and every problem found in those that did not."""

    referrals: list[Referral]
    problems: list[RecordProblem] = field(default_factory=list)
    rejected_lines: list[int] = field(default_factory=list)


def read_referrals(
    path: str | Path,
    scheme: LabelScheme | None,
    *,
    skip_bad: bool = False,
    rejects_path: str | Path | None = None,
) -> ReadResult:
    """Read and validate a whole file.

    Raises ContractError listing every problem unless ``skip_bad``; then bad records
    are counted and, when ``rejects_path`` is given, their raw lines written there.
    """
    result = ReadResult(referrals=[])
    for number, item in iter_referrals(path, scheme):
        if isinstance(item, Referral):
            result.referrals.append(item)
        else:
            result.problems.extend(item)
            result.rejected_lines.append(number)
    if result.rejected_lines and not skip_bad:
        raise ContractError(
            ERROR_REJECTED.format(first=result.problems[0], count=len(result.rejected_lines)),
            result.problems,
        )
    if result.rejected_lines and rejects_path is not None:
        write_rejects(path, result.rejected_lines, result.problems, rejects_path)
    return result


def write_rejects(
    source: str | Path, lines: list[int], problems: list[RecordProblem], rejects_path: str | Path
) -> None:
    """Write the refused records' line numbers and reasons (not their text) as JSONL.

    The raw text is not copied: a rejects file must not become a second store of
    personal data. The line number points back into the source file.
    """
    by_line: dict[int, list[str]] = {}
    for problem in problems:
        by_line.setdefault(problem.line, []).append(f"{problem.field}: {problem.reason}")
    target = Path(rejects_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as handle:
        for line in lines:
            entry = {"source": str(source), "line": line, "problems": by_line.get(line, [])}
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")


class ReferralWriter:
    """Write referrals to JSONL or CSV atomically: a temp file renamed on success.

    A crash or a refused record never leaves a partial output file behind.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.format = detect_format(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._temp = self.path.with_name(f".{self.path.name}.partial")
        self._handle = self._temp.open("w", encoding="utf-8", newline="")
        self._csv: csv.DictWriter[str] | None = None
        if self.format == "csv":
            self._csv = csv.DictWriter(self._handle, fieldnames=CSV_COLUMNS)
            self._csv.writeheader()
        self.count = 0

    def write(self, referral: Referral) -> None:
        """Append one referral."""
        if self._csv is not None:
            self._csv.writerow(_record_to_csv_row(referral))
        else:
            self._handle.write(referral.model_dump_json(exclude_none=True) + "\n")
        self.count += 1

    def write_all(self, referrals: Iterable[Referral]) -> None:
        """Append many referrals."""
        for referral in referrals:
            self.write(referral)

    def commit(self) -> None:
        """Close and move the finished file into place."""
        self._handle.close()
        self._temp.replace(self.path)

    def abort(self) -> None:
        """Close and delete the partial file."""
        self._handle.close()
        self._temp.unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: object, exc: object, traceback: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def write_referrals(path: str | Path, referrals: Iterable[Referral]) -> int:
    """Write referrals to ``path`` (format from the suffix); returns the count."""
    with ReferralWriter(path) as writer:
        writer.write_all(referrals)
        return writer.count


class EvidenceSpan(BaseModel):
    """A stretch of the *redacted* text that pushed a concern's score up."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    weight: float


class ConcernSuggestion(BaseModel):
    """One concern category's calibrated probability and whether it is suggested."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    probability: float = Field(ge=0.0, le=1.0)
    suggested: bool
    uncertain: bool
    """True when the probability lies near the decision threshold: needs human judgement."""
    evidence: list[EvidenceSpan] = Field(default_factory=list)


class NeedLevelSuggestion(BaseModel):
    """The need level: calibrated probabilities, a conformal range and an abstain flag."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    probabilities: dict[str, float]
    range_low: str
    range_high: str
    """Upper end of the conformal range: at or above the true level for the target share."""
    abstain: bool


class Suggestion(BaseModel):
    """What the model suggests for one referral, for a person to confirm or change."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    concerns: list[ConcernSuggestion]
    need_level: NeedLevelSuggestion
    scheme_version: str
    model_version: str | None = None
