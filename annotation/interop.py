"""Label Studio and Prodigy files in and out, so teams can label in the tools they have.

**Label Studio JSON**: a list of tasks. ``data.text`` holds the (redacted) narrative,
``data.ref_id`` our referral id and ``data.meta`` the rest of the contract record;
``predictions`` carry the model's suggestions as pre-annotations and ``annotations`` the
completed answers, each result a ``choices`` control named ``concerns``, ``need_level`` or
``flags``. Answer details Label Studio has no field for (mode, the suggestion shown, the
decide-first answer, source, guideline version) travel in each annotation's ``triage``
object, so our export read back by our import loses nothing.

**Prodigy textcat JSONL**: one task per referral, ``options`` listing every concern plus
``need_level:<id>`` and ``flag:<id>`` choices, ``accept`` the chosen ids, ``answer``
``accept``/``reject``/``ignore`` and ``_annotator_id`` the annotator. A task without
``answer`` is an unlabelled task whose ``accept`` is the model's pre-selection.
``ignore`` and ``reject`` are skips: no answer is recorded (counted in ``skipped``).

Reading checks the whole file first: a corrupt file raises :class:`ContractError` naming the
line (JSONL) or the JSON path (``$[3].annotations[0]...``) and nothing is returned. Only
redacted records may be written: a record still carrying gold spans or form identifiers is
refused. ``import_*`` puts every narrative through the shared redactor.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from annotation.answers import FLAGS, Answer, LabelSet
from referrals.contract import Referral, validate_record
from referrals.errors import ContractError, RecordProblem
from referrals.labels import LabelScheme

CONCERNS, NEED_LEVEL, FLAGS_CONTROL = "concerns", "need_level", "flags"
NEED_PREFIX, FLAG_PREFIX = "need_level:", "flag:"
ERROR_UNREDACTED = "referral {id!r} still carries {field} (raw personal data); redact before exporting"
ERROR_REJECTED = "{path}: {count} problem(s); nothing imported"

Redact = Callable[[Referral], Referral]


@dataclass
class Dataset:
    """Referrals with their suggestions and answers: what an exchange file holds."""

    referrals: list[Referral]
    suggestions: dict[str, LabelSet] = field(default_factory=dict)
    answers: list[Answer] = field(default_factory=list)
    skipped: int = 0
    """Prodigy ``ignore``/``reject`` answers read (skips: no answer recorded)."""


def _check_redacted(referral: Referral) -> None:
    for name in ("pii", "known_identifiers"):
        if getattr(referral, name):
            raise ValueError(ERROR_UNREDACTED.format(id=referral.id, field=name))


def _answer_extras(answer: Answer) -> dict[str, Any]:
    return answer.model_dump(mode="json", exclude_none=True, include={
        "mode", "suggestion", "before_suggestion", "source", "guideline_version"})


def _choices(name: str, values: Sequence[str]) -> dict[str, Any]:
    return {"from_name": name, "to_name": "text", "type": "choices", "value": {"choices": list(values)}}


def _label_results(labels: LabelSet, flags: Sequence[str] = ()) -> list[dict[str, Any]]:
    results = [_choices(CONCERNS, labels.concerns)]
    if labels.need_level is not None:
        results.append(_choices(NEED_LEVEL, [labels.need_level]))
    if flags:
        results.append(_choices(FLAGS_CONTROL, flags))
    return results


def to_label_studio(dataset: Dataset, *, model_version: str = "triage") -> list[dict[str, Any]]:
    """Label Studio tasks: each referral with its suggestion as a prediction and its answers."""
    by_item: dict[str, list[Answer]] = {}
    for answer in dataset.answers:
        by_item.setdefault(answer.item_id, []).append(answer)
    tasks = []
    for referral in dataset.referrals:
        _check_redacted(referral)
        meta = referral.model_dump(mode="json", exclude_none=True, exclude={"id", "text"})
        task: dict[str, Any] = {"data": {"text": referral.text, "ref_id": referral.id, "meta": meta}}
        suggestion = dataset.suggestions.get(referral.id)
        if suggestion is not None:
            task["predictions"] = [{"model_version": model_version, "result": _label_results(suggestion)}]
        task["annotations"] = [
            {"completed_by": {"email": a.annotator}, "result": _label_results(a, a.flags),
             **({"lead_time": a.seconds} if a.seconds is not None else {}),
             **({"created_at": a.answered_at.isoformat()} if a.answered_at else {}),
             "triage": _answer_extras(a)}
            for a in by_item.pop(referral.id, [])
        ]
        tasks.append(task)
    if by_item:
        raise ValueError(f"answers for unknown item(s): {sorted(by_item)[:3]}")
    return tasks


class JsonPathProblem(RecordProblem):
    """A problem in a JSON document, located by its JSON path instead of a line."""

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.reason}"


class _Problems:
    """Collects problems with their location; raises once at the end so nothing half-imports."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[RecordProblem] = []

    def add(self, line: int, where: str, reason: str) -> None:
        """Line 0 means the location is a JSON path (Label Studio's one JSON document)."""
        kind = JsonPathProblem if line == 0 else RecordProblem
        self.items.append(kind(self.path, line, where, reason))

    def add_validation(self, line: int, where: str, error: ValidationError) -> None:
        for item in error.errors(include_url=False, include_input=False):
            location = ".".join(str(p) for p in item["loc"])
            self.add(line, f"{where}.{location}" if location else where, str(item["msg"]).removeprefix("Value error, "))

    def raise_if_any(self) -> None:
        if self.items:
            raise ContractError(ERROR_REJECTED.format(path=self.path, count=len(self.items)), self.items)


def _chosen(results: Any, where: str, problems: _Problems, line: int) -> dict[str, list[str]] | None:
    if not isinstance(results, list):
        problems.add(line, where, "must be a list of results")
        return None
    chosen: dict[str, list[str]] = {}
    for index, result in enumerate(results):
        place = f"{where}[{index}]"
        choices = result.get("value", {}).get("choices") if isinstance(result, dict) and isinstance(result.get("value"), dict) else None
        name = result.get("from_name") if isinstance(result, dict) else None
        if name not in (CONCERNS, NEED_LEVEL, FLAGS_CONTROL) or not isinstance(choices, list):
            problems.add(line, place, f"expected a choices result named {CONCERNS}, {NEED_LEVEL} or {FLAGS_CONTROL}")
            continue
        chosen[str(name)] = [str(c) for c in choices]
    return chosen


def _labels_from(chosen: dict[str, list[str]]) -> dict[str, Any]:
    levels = chosen.get(NEED_LEVEL, [])
    return {"concerns": chosen.get(CONCERNS, []), "need_level": levels[0] if len(levels) == 1 else (levels or None),
            "flags": chosen.get(FLAGS_CONTROL, [])}


def read_label_studio(path: str | Path, scheme: LabelScheme) -> Dataset:
    """Parse a Label Studio JSON export (no redaction: see :func:`import_label_studio`)."""
    file_path = Path(path)
    problems = _Problems(str(file_path))
    try:
        tasks = json.loads(file_path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ContractError(f"{file_path}: cannot read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise ContractError(f"{file_path}:{exc.lineno}: <file>: not valid JSON: {exc.msg}") from exc
    if not isinstance(tasks, list):
        raise ContractError(f"{file_path}:1: $: a Label Studio export is a JSON list of tasks")
    dataset = Dataset(referrals=[])
    for index, task in enumerate(tasks):
        _read_task(task, f"$[{index}]", scheme, dataset, problems)
    problems.raise_if_any()
    return dataset


def _read_task(task: Any, where: str, scheme: LabelScheme, dataset: Dataset, problems: _Problems) -> None:
    data = task.get("data") if isinstance(task, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        problems.add(0, f"{where}.data.text", "a task needs data.text")
        return
    ref_id = str(data.get("ref_id") or task.get("id") or "")
    meta: dict[str, Any] = data["meta"] if isinstance(data.get("meta"), dict) else {}
    try:
        dataset.referrals.append(validate_record({**meta, "id": ref_id, "text": data["text"]}, scheme))
    except ValidationError as exc:
        problems.add_validation(0, f"{where}.data", exc)
        return
    for index, prediction in enumerate(task.get("predictions") or []):
        chosen = _chosen(prediction.get("result") if isinstance(prediction, dict) else None,
                         f"{where}.predictions[{index}].result", problems, 0)
        if chosen is not None:
            labels = _labels_from(chosen)
            try:
                dataset.suggestions[ref_id] = LabelSet.model_validate(
                    {"concerns": labels["concerns"], "need_level": labels["need_level"]}, context={"scheme": scheme})
            except ValidationError as exc:
                problems.add_validation(0, f"{where}.predictions[{index}]", exc)
    for index, annotation in enumerate(task.get("annotations") or []):
        _read_annotation(annotation, f"{where}.annotations[{index}]", ref_id, scheme, dataset, problems)


def _annotator_of(completed_by: Any) -> str:
    if isinstance(completed_by, dict):
        return str(completed_by.get("email") or completed_by.get("id") or "")
    return f"label-studio-user-{completed_by}" if isinstance(completed_by, int) else str(completed_by or "")


def _read_annotation(annotation: Any, where: str, ref_id: str, scheme: LabelScheme, dataset: Dataset,
                     problems: _Problems) -> None:
    if not isinstance(annotation, dict):
        problems.add(0, where, "an annotation must be an object")
        return
    if annotation.get("was_cancelled"):
        dataset.skipped += 1
        return
    chosen = _chosen(annotation.get("result"), f"{where}.result", problems, 0)
    if chosen is None:
        return
    extras = annotation.get("triage")
    record = {**_labels_from(chosen), **(extras if isinstance(extras, dict) else {}), "item_id": ref_id,
              "annotator": _annotator_of(annotation.get("completed_by")),
              "seconds": annotation.get("lead_time"), "answered_at": annotation.get("created_at")}
    try:
        dataset.answers.append(Answer.model_validate(record, context={"scheme": scheme}))
    except ValidationError as exc:
        problems.add_validation(0, where, exc)


def _stable_hash(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest()[:4], "big") >> 1


def prodigy_options(scheme: LabelScheme) -> list[dict[str, str]]:
    """Every choice a Prodigy task offers: concerns, need levels, flags."""
    return ([{"id": c.id, "text": c.label} for c in scheme.concerns]
            + [{"id": NEED_PREFIX + n.id, "text": n.label} for n in scheme.need_levels]
            + [{"id": FLAG_PREFIX + f, "text": f.replace("_", " ")} for f in FLAGS])


def _accept_ids(labels: LabelSet, flags: Sequence[str] = ()) -> list[str]:
    level = [NEED_PREFIX + labels.need_level] if labels.need_level else []
    return [*labels.concerns, *level, *(FLAG_PREFIX + f for f in flags)]


def to_prodigy(dataset: Dataset, scheme: LabelScheme) -> list[dict[str, Any]]:
    """Prodigy tasks in referral order: one per answer, or one unanswered task if nobody answered."""
    options = prodigy_options(scheme)
    by_item: dict[str, list[Answer]] = {}
    for answer in dataset.answers:
        by_item.setdefault(answer.item_id, []).append(answer)
    lines = []
    for referral in dataset.referrals:
        _check_redacted(referral)
        suggestion = dataset.suggestions.get(referral.id)
        answers = by_item.pop(referral.id, [])
        if not answers:
            lines.append(_prodigy_task(referral, options, suggestion))
        for answer in answers:
            task = _prodigy_task(referral, options, suggestion)
            task.update({"accept": _accept_ids(answer, answer.flags), "answer": "accept",
                         "_annotator_id": answer.annotator, "_triage": _answer_extras(answer)})
            if answer.seconds is not None:
                task["_triage"]["seconds"] = answer.seconds
            if answer.answered_at is not None:
                task["_timestamp"] = int(answer.answered_at.timestamp())
                task["_triage"]["answered_at"] = answer.answered_at.isoformat()
            lines.append(task)
    if by_item:
        raise ValueError(f"answers for unknown item(s): {sorted(by_item)[:3]}")
    return lines


def _prodigy_task(referral: Referral, options: list[dict[str, str]], suggestion: LabelSet | None) -> dict[str, Any]:
    meta = referral.model_dump(mode="json", exclude_none=True, exclude={"id", "text"})
    task: dict[str, Any] = {"text": referral.text, "meta": {"ref_id": referral.id, "record": meta},
                            "options": options, "_input_hash": _stable_hash(referral.text),
                            "_task_hash": _stable_hash(referral.id, referral.text)}
    if suggestion is not None:
        task["accept"] = _accept_ids(suggestion)
        task["_triage_suggestion"] = suggestion.model_dump(mode="json", exclude_none=True)
    return task


def read_prodigy(path: str | Path, scheme: LabelScheme) -> Dataset:
    """Parse Prodigy textcat JSONL (no redaction: see :func:`import_prodigy`)."""
    file_path = Path(path)
    problems = _Problems(str(file_path))
    dataset = Dataset(referrals=[])
    seen: set[str] = set()
    try:
        lines = file_path.read_bytes().splitlines()
    except OSError as exc:
        raise ContractError(f"{file_path}: cannot read: {exc}") from exc
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            task = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.add(number, "<line>", f"not valid JSON: {getattr(exc, 'msg', exc)}")
            continue
        _read_prodigy_task(task, number, scheme, dataset, seen, problems)
    problems.raise_if_any()
    return dataset


def _read_prodigy_task(task: Any, number: int, scheme: LabelScheme, dataset: Dataset, seen: set[str],
                       problems: _Problems) -> None:
    meta = task.get("meta") if isinstance(task, dict) else None
    if not isinstance(meta, dict) or not isinstance(task.get("text"), str) or not meta.get("ref_id"):
        problems.add(number, "<task>", "a task needs text and meta.ref_id")
        return
    ref_id = str(meta["ref_id"])
    if ref_id not in seen:
        try:
            record: dict[str, Any] = meta["record"] if isinstance(meta.get("record"), dict) else {}
            dataset.referrals.append(validate_record({**record, "id": ref_id, "text": task["text"]}, scheme))
            seen.add(ref_id)
        except ValidationError as exc:
            problems.add_validation(number, "meta.record", exc)
            return
    try:
        if "_triage_suggestion" in task:
            dataset.suggestions[ref_id] = LabelSet.model_validate(task["_triage_suggestion"], context={"scheme": scheme})
        if task.get("answer") in ("ignore", "reject"):
            dataset.skipped += 1
        elif task.get("answer") == "accept":
            dataset.answers.append(Answer.model_validate(_prodigy_answer(task, ref_id), context={"scheme": scheme}))
        elif "answer" in task:
            problems.add(number, "answer", f"unknown answer {task['answer']!r}; allowed: accept, reject, ignore")
    except ValidationError as exc:
        problems.add_validation(number, "<task>", exc)


def _prodigy_answer(task: dict[str, Any], ref_id: str) -> dict[str, Any]:
    accepted = [str(a) for a in task.get("accept") or []]
    levels = [a.removeprefix(NEED_PREFIX) for a in accepted if a.startswith(NEED_PREFIX)]
    extras = task.get("_triage") if isinstance(task.get("_triage"), dict) else {}
    return {"item_id": ref_id, "annotator": str(task.get("_annotator_id") or task.get("_session_id") or ""),
            "concerns": [a for a in accepted if not a.startswith((NEED_PREFIX, FLAG_PREFIX))],
            "need_level": levels[0] if len(levels) == 1 else (levels or None),
            "flags": [a.removeprefix(FLAG_PREFIX) for a in accepted if a.startswith(FLAG_PREFIX)],
            **(extras or {})}


def write_label_studio(path: str | Path, dataset: Dataset) -> None:
    """Write Label Studio JSON through a temporary file."""
    _atomic_write(Path(path), json.dumps(to_label_studio(dataset), ensure_ascii=False, indent=1))


def write_prodigy(path: str | Path, dataset: Dataset, scheme: LabelScheme) -> None:
    """Write Prodigy JSONL through a temporary file."""
    _atomic_write(Path(path), "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in to_prodigy(dataset, scheme)))


def _atomic_write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.partial")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(target)


def import_label_studio(path: str | Path, scheme: LabelScheme, *, redact: Redact) -> Dataset:
    """Read a Label Studio export and put every narrative through ``redact``."""
    dataset = read_label_studio(path, scheme)
    dataset.referrals = [redact(r) for r in dataset.referrals]
    return dataset


def import_prodigy(path: str | Path, scheme: LabelScheme, *, redact: Redact) -> Dataset:
    """Read Prodigy JSONL and put every narrative through ``redact``."""
    dataset = read_prodigy(path, scheme)
    dataset.referrals = [redact(r) for r in dataset.referrals]
    return dataset
