"""The referral contract: validation, JSONL/CSV round trips and bad-record handling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from referrals.contract import (
    ERROR_REJECTED,
    Referral,
    read_referrals,
    validate_record,
    write_referrals,
)
from referrals.errors import ContractError
from referrals.labels import LabelScheme
from triage.cli import main

GOOD = {
    "id": "r1",
    "text": "School DSL reports the child has come in hungry on several days.",
    "concerns": ["neglect"],
    "need_level": "early_help",
    "received_at": "2026-03-01T09:30:00",
    "referral_source": "EDU",
    "authority": "LA07",
    "case_id": "c1",
    "child": {"age_band": "5-9", "gender": "F", "ethnicity": "WBRI", "disability": "N"},
    "pii": [{"start": 0, "end": 6, "type": "PERSON", "origin": "english"}],
}


def _write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_valid_record_keeps_council_codes_as_free_strings(scheme: LabelScheme) -> None:
    referral = validate_record(GOOD, scheme)
    assert referral.child is not None and referral.child.ethnicity == "WBRI"
    assert referral.is_labelled


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"concerns": ["neglect", "poverty"]}, "concerns", "unknown concern(s) 'poverty'"),
        ({"need_level": "urgent"}, "need_level", "unknown need level 'urgent'"),
        ({"text": "   "}, "text", "empty or whitespace only"),
        ({"child": {"age_band": 7}}, "child.age_band", "valid string"),
        ({"pii": [{"start": 5, "end": 2, "type": "PERSON"}]}, "pii.0", "must be greater than start"),
        ({"pii": [{"start": 0, "end": 999, "type": "PERSON"}]}, "<record>", "runs past the end"),
        ({"nede_level": "early_help"}, "nede_level", "Extra inputs"),
    ],
)
def test_when_field_is_bad_then_problem_names_line_field_and_reason(
    tmp_path: Path, scheme: LabelScheme, change: dict[str, object], field: str, reason: str
) -> None:
    bad = {**GOOD, "id": "r2", **change}
    path = _write_jsonl(tmp_path / "in.jsonl", [GOOD, bad])
    with pytest.raises(ContractError, match="1 bad record") as caught:
        read_referrals(path, scheme)
    problems = caught.value.problems
    assert problems, "the error carries its problems"
    assert all(p.line == 2 for p in problems)
    assert any(p.field == field and reason in p.reason for p in problems), [str(p) for p in problems]


def test_when_skip_bad_then_good_records_kept_and_rejects_written(tmp_path: Path, scheme: LabelScheme) -> None:
    rows: list[object] = [GOOD, {**GOOD, "id": "r2", "need_level": "urgent"}, "not an object", {**GOOD, "id": "r3"}]
    path = _write_jsonl(tmp_path / "in.jsonl", rows)
    rejects = tmp_path / "rejects.jsonl"
    result = read_referrals(path, scheme, skip_bad=True, rejects_path=rejects)
    assert [r.id for r in result.referrals] == ["r1", "r3"]
    assert result.rejected_lines == [2, 3]
    lines = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [entry["line"] for entry in lines] == [2, 3]
    assert "text" not in json.dumps(lines[0]["problems"]) or "School DSL" not in json.dumps(lines)


def test_duplicate_ids_and_invalid_utf8_are_reported_by_line(tmp_path: Path, scheme: LabelScheme) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        (json.dumps(GOOD) + "\n").encode() + b'{"id": "x", "text": "caf\xe9"}\n' + (json.dumps(GOOD) + "\n").encode()
    )
    with pytest.raises(ContractError) as caught:
        read_referrals(path, scheme)
    reasons = {(p.line, p.reason) for p in caught.value.problems}
    assert (2, "invalid UTF-8 at byte 24") in reasons
    assert (3, "duplicate id 'r1'") in reasons


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_round_trip_preserves_every_field(tmp_path: Path, scheme: LabelScheme, suffix: str) -> None:
    original = [validate_record(GOOD, scheme), Referral(id="r9", text='Mum said "help", please', concerns=[], need_level="information_advice")]
    path = tmp_path / f"out{suffix}"
    assert write_referrals(path, original) == 2
    back = read_referrals(path, scheme).referrals
    assert back == original


def test_when_writer_fails_midway_then_no_partial_file(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"

    def records() -> object:
        yield Referral(id="a", text="fine")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_referrals(path, records())  # type: ignore[arg-type]
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_unknown_suffix_and_csv_columns_are_refused(tmp_path: Path, scheme: LabelScheme) -> None:
    with pytest.raises(ContractError, match="unknown file format '.txt'"):
        read_referrals(tmp_path / "x.txt", scheme) if (tmp_path / "x.txt").write_text("x") else None
    csv_path = tmp_path / "x.csv"
    csv_path.write_text("id,text,colour\n1,hello,red\n")
    with pytest.raises(ContractError, match=r"unknown column\(s\) \['colour'\]"):
        read_referrals(csv_path, scheme)


def test_rejected_message_is_the_documented_one(tmp_path: Path, scheme: LabelScheme) -> None:
    path = _write_jsonl(tmp_path / "in.jsonl", [{**GOOD, "need_level": "urgent"}])
    with pytest.raises(ContractError) as caught:
        read_referrals(path, scheme)
    assert str(caught.value) == ERROR_REJECTED.format(first=f"{path}:1: need_level: {caught.value.problems[0].reason}", count=1)


def test_validate_command_prints_summary_or_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _write_jsonl(tmp_path / "good.jsonl", [GOOD, {**GOOD, "id": "r2", "referral_source": "POL"}])
    assert main(["validate", str(good)]) == 0
    out = capsys.readouterr().out
    assert "2 valid referral(s)" in out
    assert "neglect" in out and "EDU" in out and "POL" in out

    bad = _write_jsonl(tmp_path / "bad.jsonl", [GOOD, {**GOOD, "id": "r2", "concerns": ["poverty"]}])
    assert main(["validate", str(bad)]) == 2
    out = capsys.readouterr().out
    assert "bad.jsonl:2: concerns: unknown concern(s) 'poverty'" in out


def test_missing_file_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope.jsonl")]) == 2
    assert ": file not found" in capsys.readouterr().err


def test_validate_uses_the_scheme_named_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    custom = Path(__file__).parent.parent / "conf" / "taxonomy_custom.yaml"
    monkeypatch.setenv("TRIAGE_TAXONOMY", str(custom))
    path = _write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "x", "concerns": ["housing"], "need_level": "targeted"}])
    assert main(["validate", str(path)]) == 0
    monkeypatch.delenv("TRIAGE_TAXONOMY")
    assert main(["validate", str(path)]) == 2
    assert "unknown concern(s) 'housing'" in capsys.readouterr().out
