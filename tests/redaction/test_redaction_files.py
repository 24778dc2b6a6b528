"""File redaction: streaming, manifest, bad records, workers, the CLI, and evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from referrals.contract import Referral, read_referrals, write_referrals
from referrals.errors import ContractError, RedactionError
from referrals.manifest import sha256_file
from referrals.redaction import Redactor
from referrals.redaction.evaluate import RedactionReport, TypeScores, evaluate_redaction
from referrals.redaction.files import (
    manifest_path,
    redact_file,
    redact_referral,
    rejects_path,
    verify_manifest,
)
from triage.cli import main

TEXTS = [
    "Mum Shazia Khan rang from 07700 900123 about baby Hope on Friday.",
    "Jakub Nowak (DOB 12/03/2015) attends Oakfield Primary School; NHS 943 476 5919.",
    "The DSL at Riverside Academy reported bruising to Child A last night at 11pm.",
    "Aoife O'Brien lives at 14 Elm Road, LS6 2AB with her stepdad.",
    "Police attended on Saturday; Chinedu Okafor was arrested. Email chi@example.com.",
    "Nan (Fadumo Warsame) is worried about Minh Nguyen, registered at Valley Medical Centre.",
]


def _referrals() -> list[Referral]:
    records = []
    for i, text in enumerate(TEXTS * 3):
        records.append(Referral(id=f"r{i}", text=text, known_identifiers=["Hope"] if i == 0 else None))
    return records


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    write_referrals(path, _referrals())
    return path


def test_redact_referral_drops_raw_fields(redactor: Redactor) -> None:
    referral = Referral(id="x", text=TEXTS[0], known_identifiers=["Shazia Khan"],
                        pii=[{"start": 4, "end": 10, "type": "PERSON", "origin": "south_asian"}])
    redacted = redact_referral(referral, redactor)
    assert redacted.pii is None and redacted.known_identifiers is None
    assert "Shazia" not in redacted.text and redacted.redactions
    assert all(redacted.text[s.start] == "[" for s in redacted.redactions)


def test_redact_file_writes_output_and_manifest(
    source: Path, tmp_path: Path, redactor: Redactor
) -> None:
    out = tmp_path / "out.jsonl"
    report = redact_file(source, out, progress=False, redactor=redactor, batch_size=4)
    manifest = json.loads(manifest_path(out).read_text())
    assert manifest["redacted"] is True and manifest["records"] == len(TEXTS) * 3
    assert manifest["output_sha256"] == sha256_file(out)
    assert manifest["config_hash"] == redactor.config_hash
    assert manifest["spacy_model"] == redactor.model_name and manifest["spacy_model"].startswith("person_ner (sha256 ")
    assert manifest["counts"]["PERSON"] > 0 and report.records == manifest["records"]
    assert verify_manifest(out) == manifest
    written = read_referrals(out, None).referrals
    assert "Shazia" not in " ".join(r.text for r in written)
    assert [r.id for r in written] == [f"r{i}" for i in range(len(TEXTS) * 3)]


def test_when_output_edited_then_manifest_check_fails(
    source: Path, tmp_path: Path, redactor: Redactor
) -> None:
    out = tmp_path / "out.jsonl"
    redact_file(source, out, progress=False, redactor=redactor)
    out.write_text(out.read_text() + "\n")
    with pytest.raises(RedactionError, match="does not match its redaction manifest"):
        verify_manifest(out)


def test_two_workers_give_the_same_output_as_one(source: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    redact_file(source, one, workers=1, batch_size=3, progress=False)
    redact_file(source, two, workers=2, batch_size=3, progress=False)
    assert one.read_bytes() == two.read_bytes()
    assert json.loads(manifest_path(one).read_text()) == json.loads(manifest_path(two).read_text())


def _with_bad_lines(source: Path) -> None:
    lines = source.read_text().splitlines()
    lines.insert(2, json.dumps({"id": "bad", "text": "   "}))
    lines.insert(4, b"\xff\xfe".decode("latin-1"))
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_when_bad_records_then_file_rejected_and_no_output(
    source: Path, tmp_path: Path, redactor: Redactor
) -> None:
    _with_bad_lines(source)
    out = tmp_path / "out.jsonl"
    with pytest.raises(ContractError, match="2 bad record") as info:
        redact_file(source, out, progress=False, redactor=redactor)
    assert [p.line for p in info.value.problems] == [3, 5]
    assert not out.exists() and not manifest_path(out).exists()


def test_when_skip_bad_then_rejects_written_without_text(
    source: Path, tmp_path: Path, redactor: Redactor
) -> None:
    _with_bad_lines(source)
    out = tmp_path / "out.jsonl"
    report = redact_file(source, out, progress=False, redactor=redactor, skip_bad=True)
    assert report.records == len(TEXTS) * 3
    rejects = [json.loads(line) for line in rejects_path(out).read_text().splitlines()]
    assert [r["line"] for r in rejects] == [3, 5]
    assert json.loads(manifest_path(out).read_text())["rejected"] == 2


def test_cli_redacts_a_small_file(source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli.jsonl"
    assert main(["redact", str(source), str(out), "--no-progress", "--batch-size", "5"]) == 0
    assert "redacted into" in capsys.readouterr().out
    assert verify_manifest(out)["records"] == len(TEXTS) * 3


def test_cli_reports_bad_input_as_one_line(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_bad_lines(source)
    assert main(["redact", str(source), str(tmp_path / "o.jsonl"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert f"{source}:3: text" in err and "file rejected" in err


def _gold() -> list[Referral]:
    text = "Mum Shazia Khan rang 07700 900123 on Friday about Jakub at 14 Elm Road."
    spans = [
        {"start": 4, "end": 15, "type": "PERSON", "origin": "south_asian"},
        {"start": 21, "end": 33, "type": "PHONE_NUMBER"},
        {"start": 50, "end": 55, "type": "PERSON", "origin": "polish"},
        {"start": 59, "end": 70, "type": "ADDRESS"},
    ]
    return [Referral(id="g1", text=text, pii=spans)]


def test_evaluate_scores_gold_spans(redactor: Redactor) -> None:
    report = evaluate_redaction(_gold(), redactor)
    assert report.overall.recall == 1.0 and report.leak_rate == 0.0
    assert report.by_origin["polish"].recall == 1.0
    assert report.kept_share("weekday") == 1.0 and report.kept_share("role") == 1.0
    assert "leak rate" in report.format_table()


def test_lowest_origin_says_whether_its_gap_could_be_chance() -> None:
    # one name missed of 15: 0.067 below the best, but 15 names cannot show a gap over 0.02
    few = RedactionReport(by_origin={"english": TypeScores(gold=300, recalled=300),
                                     "other": TypeScores(gold=15, recalled=14)})
    summary = few.lowest_origin_summary()
    assert summary is not None and summary["origin"] == "other" and summary["gold"] == 15
    assert summary["gap_beyond_chance"] is False and "too few names" in few.format_table()
    # two of 15 missed: the interval (0.62-0.96) ends below 0.98, so the gap is real
    two = RedactionReport(by_origin={"english": TypeScores(gold=300, recalled=300),
                                     "other": TypeScores(gold=15, recalled=13)})
    assert two.lowest_origin_summary()["gap_beyond_chance"] is True  # type: ignore[index]
    assert "beyond chance" in two.format_table()
    assert two.to_dict()["recall_by_origin"]["other"]["interval"] == pytest.approx([0.6212, 0.9626], abs=1e-3)


def test_cli_evaluate_prints_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold.jsonl"
    write_referrals(gold, _gold())
    assert main(["redact", "--evaluate", str(gold), "--json", str(tmp_path / "r.json")]) == 0
    out = capsys.readouterr().out
    assert "PERSON" in out and "leak rate" in out and "polish" in out
    assert json.loads((tmp_path / "r.json").read_text())["overall"]["recall"] == 1.0
