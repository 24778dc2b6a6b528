"""Label Studio and Prodigy round trips lose nothing; a corrupt file imports nothing."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotation import interop
from annotation.answers import Answer, LabelSet
from referrals.contract import Provenance, Referral
from referrals.errors import ContractError
from referrals.labels import load_scheme

SCHEME = load_scheme()
names = st.text(alphabet="abcdefghijklmnop-_0123456789", min_size=1, max_size=12)
texts = st.text(min_size=1, max_size=80).filter(lambda t: t.strip() != "")
label_sets = st.builds(LabelSet, concerns=st.lists(st.sampled_from(SCHEME.concern_ids), unique=True, max_size=4),
                       need_level=st.sampled_from(SCHEME.need_level_ids))
times = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)).map(lambda d: d.replace(microsecond=0))


@st.composite
def datasets(draw: st.DrawFn) -> interop.Dataset:
    ids = draw(st.lists(names, min_size=1, max_size=4, unique=True))
    referrals = [Referral(id=i, text=draw(texts), authority=draw(st.none() | names),
                          need_level=draw(st.none() | st.sampled_from(SCHEME.need_level_ids)),
                          provenance=draw(st.none() | st.builds(Provenance, kind=st.just("review"),
                                                                annotators=st.lists(names, max_size=2))))
                 for i in ids]
    suggestions = {i: draw(label_sets) for i in ids if draw(st.booleans())}
    answers = []
    for i in ids:
        for annotator in draw(st.lists(names, max_size=2, unique=True)):
            mode = draw(st.sampled_from(["blind", "suggestion_first", "decide_first"]))
            nei = draw(st.booleans()) and mode == "blind"
            labels = LabelSet() if nei else draw(label_sets)
            answers.append(Answer(
                item_id=i, annotator=annotator, concerns=labels.concerns, need_level=labels.need_level,
                flags=["not_enough_information"] if nei else draw(st.sampled_from([[], ["needs_discussion"]])),
                mode=mode, suggestion=None if mode == "blind" else draw(label_sets),
                before_suggestion=draw(label_sets) if mode == "decide_first" else None,
                source=draw(st.sampled_from(["annotation", "review"])), seconds=draw(st.none() | st.floats(0, 1e4)),
                guideline_version=draw(st.none() | names), answered_at=draw(st.none() | times)))
    return interop.Dataset(referrals=referrals, suggestions=suggestions, answers=answers)


def _canonical(dataset: interop.Dataset) -> tuple[object, ...]:
    answers = sorted(a.model_dump_json() for a in dataset.answers)
    return ([r.model_dump_json() for r in dataset.referrals], {k: v.model_dump_json() for k, v in dataset.suggestions.items()},
            answers)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dataset=datasets())
def test_label_studio_round_trip_loses_nothing(tmp_path: Path, dataset: interop.Dataset) -> None:
    path = tmp_path / "tasks.json"
    interop.write_label_studio(path, dataset)
    assert _canonical(interop.read_label_studio(path, SCHEME)) == _canonical(dataset)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dataset=datasets())
def test_prodigy_round_trip_loses_nothing(tmp_path: Path, dataset: interop.Dataset) -> None:
    path = tmp_path / "tasks.jsonl"
    interop.write_prodigy(path, dataset, SCHEME)
    assert _canonical(interop.read_prodigy(path, SCHEME)) == _canonical(dataset)


def _small() -> interop.Dataset:
    referral = Referral(id="r1", text="School reports [PERSON_1] often hungry.")
    answer = Answer(item_id="r1", annotator="ana", concerns=[SCHEME.concern_ids[0]], need_level=SCHEME.need_level_ids[1])
    return interop.Dataset(referrals=[referral, referral.model_copy(update={"id": "r2"})], answers=[answer])


def test_corrupt_prodigy_line_is_named_and_nothing_is_imported(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    interop.write_prodigy(path, _small(), SCHEME)
    lines = path.read_text().splitlines()
    task = json.loads(lines[0])
    assert task["answer"] == "accept"
    task["accept"] = ["not_a_concern", "need_level:" + SCHEME.need_level_ids[0]]
    path.write_text("\n".join([lines[1], json.dumps(task), "{broken"]) + "\n")
    with pytest.raises(ContractError) as caught:
        interop.read_prodigy(path, SCHEME)
    problems = [str(p) for p in caught.value.problems]
    assert any(p.startswith(f"{path}:2: ") and "not_a_concern" in p for p in problems)
    assert any(p.startswith(f"{path}:3: <line>: not valid JSON") for p in problems)
    assert "nothing imported" in str(caught.value)


def test_corrupt_label_studio_task_is_named_by_json_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    tasks = interop.to_label_studio(_small())
    tasks[0]["annotations"][0]["result"][1]["value"]["choices"] = ["urgent"]
    path.write_text(json.dumps(tasks))
    with pytest.raises(ContractError) as caught:
        interop.read_label_studio(path, SCHEME)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}: $[0].annotations[0].need_level: unknown need level 'urgent'; allowed: {', '.join(SCHEME.need_level_ids)}"]


def test_label_studio_file_that_is_not_json_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('[\n{"data": {"text": "x"}},\n{oops}\n]')
    with pytest.raises(ContractError, match=rf"{path}:3: <file>: not valid JSON"):
        interop.read_label_studio(path, SCHEME)


def test_label_studio_numeric_user_and_cancelled_annotation_are_read(tmp_path: Path) -> None:
    path = tmp_path / "ls.json"
    result = [{"from_name": "need_level", "to_name": "text", "type": "choices",
               "value": {"choices": [SCHEME.need_level_ids[0]]}}]
    path.write_text(json.dumps([{"id": 7, "data": {"text": "t"}, "annotations": [
        {"completed_by": 3, "result": result}, {"completed_by": 4, "was_cancelled": True, "result": []}]}]))
    dataset = interop.read_label_studio(path, SCHEME)
    assert [(a.item_id, a.annotator) for a in dataset.answers] == [("7", "label-studio-user-3")]
    assert dataset.skipped == 1


def test_records_still_carrying_raw_personal_data_are_not_exported() -> None:
    raw = Referral(id="r", text="Jane Smith", known_identifiers=["Jane Smith"])
    with pytest.raises(ValueError, match="raw personal data"):
        interop.to_label_studio(interop.Dataset(referrals=[raw]))


def test_import_puts_every_narrative_through_the_redactor(tmp_path: Path) -> None:
    path = tmp_path / "tasks.json"
    interop.write_label_studio(path, _small())
    seen: list[str] = []

    def redact(referral: Referral) -> Referral:
        seen.append(referral.id)
        return referral.model_copy(update={"text": "[REDACTED]"})

    dataset = interop.import_label_studio(path, SCHEME, redact=redact)
    assert seen == ["r1", "r2"] and {r.text for r in dataset.referrals} == {"[REDACTED]"}
