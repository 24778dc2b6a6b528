"""``triage annotate``: arguments checked first, bad records as file:line: field: reason, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotation.answers import Adjudication, write_records
from triage.cli import main


def _write_answers(path: Path, answers: list) -> None:  # type: ignore[type-arg]
    write_records(path, answers)


def test_agreement_prints_tables_and_writes_json(tmp_path: Path, make_answers, capsys) -> None:  # type: ignore[no-untyped-def]
    answers, _ = make_answers(40, ["ana", "ben"], noise=0.1, seed=3, mode="suggestion_first")
    path = tmp_path / "answers.jsonl"
    _write_answers(path, answers)
    out = tmp_path / "agreement.json"
    assert main(["annotate", "agreement", str(path), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "40 item(s), 2 annotator(s), 40 item(s) with two or more answers" in printed
    assert "ana / model" in printed
    figures = json.loads(out.read_text())
    assert figures["need_level"]["alpha"]["n_items"] == 40


def test_a_bad_answer_line_is_reported_with_file_line_and_field(tmp_path: Path, scheme, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "answers.jsonl"
    good = {"item_id": "r1", "annotator": "ana", "need_level": scheme.need_level_ids[0]}
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "need_level": "urgent"}) + "\n")
    assert main(["annotate", "agreement", str(path)]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert errors[0].startswith(f"{path}:2: need_level: unknown need level 'urgent'")
    assert errors[-1] == f"error: {path}: 1 bad line(s); nothing imported"


def test_missing_file_is_refused_before_any_work(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as caught:
        main(["annotate", "agreement", "no/such/answers.jsonl"])
    assert caught.value.code == 2
    assert "no/such/answers.jsonl: file not found" in capsys.readouterr().err


def test_convert_needs_the_contract_on_one_side(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "in.json"
    source.write_text("[]")
    code = main(["annotate", "convert", str(source), str(tmp_path / "out.jsonl"), "--from", "label-studio",
                 "--to", "prodigy"])
    assert code == 2 and "one side must be 'contract'" in capsys.readouterr().err


def test_bias_prints_a_line_per_group(tmp_path: Path, make_answers, scheme, capsys) -> None:  # type: ignore[no-untyped-def]
    answers, truth = make_answers(30, ["ana"], noise=0.2, seed=4, mode="suggestion_first")
    answers_path, adjudications_path = tmp_path / "answers.jsonl", tmp_path / "adjudications.jsonl"
    _write_answers(answers_path, answers)
    write_records(adjudications_path, [Adjudication(item_id=item, adjudicator="lead", reason="panel",
                                                    concerns=labels.concerns, need_level=labels.need_level)
                                       for item, labels in truth.items()])
    assert main(["annotate", "bias", "--answers", str(answers_path), "--adjudications", str(adjudications_path)]) == 0
    printed = capsys.readouterr().out
    assert "suggestion_first  need_level  accepted wrong" in printed


@pytest.mark.parametrize("argv, expected", [
    (["annotate", "export", "--out", "x"], "give --project NAME (the database) or --items and --answers"),
    (["annotate", "bias"], "give --project NAME, or --answers and --adjudications"),
])
def test_project_or_files_must_be_named(tmp_path: Path, capsys, argv: list[str], expected: str) -> None:  # type: ignore[no-untyped-def]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1


def test_bias_json_is_the_file_evaluate_reads(tmp_path: Path, make_answers, scheme, capsys) -> None:  # type: ignore[no-untyped-def]
    from evaluation.automation_bias import load_automation_bias

    answers, truth = make_answers(30, ["ana"], noise=0.2, seed=4, mode="suggestion_first")
    answers_path, adjudications_path = tmp_path / "answers.jsonl", tmp_path / "adjudications.jsonl"
    _write_answers(answers_path, answers)
    write_records(adjudications_path, [Adjudication(item_id=item, adjudicator="lead", reason="panel",
                                                    concerns=labels.concerns, need_level=labels.need_level)
                                       for item, labels in truth.items()])
    out = tmp_path / "bias.json"
    assert main(["annotate", "bias", "--answers", str(answers_path), "--adjudications", str(adjudications_path),
                 "--json", str(out)]) == 0
    read = load_automation_bias(out)
    written = json.loads(out.read_text())["figures"]
    assert [(f.group, f.decision) for f in read.figures] == [(f["group"], f["decision"]) for f in written]
    first = read.figures[0]
    assert first.group == "suggestion_first" and first.accepted_wrong.total == written[0]["accepted_wrong"]["total"] > 0
    assert first.accepted_wrong.value == written[0]["accepted_wrong"]["value"]
