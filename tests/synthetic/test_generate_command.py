"""The generate command writes a file and prints stats; the CLI path works end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from referrals.synthetic import format_stats, write_synthetic
from triage.cli import main


def test_write_synthetic_writes_the_file_and_returns_stats(tmp_path: Path) -> None:
    out = tmp_path / "nested" / "synthetic.jsonl"
    stats = write_synthetic(out, 40, seed=1)
    assert out.is_file()
    assert len(out.read_text().splitlines()) == 40
    assert stats["records"] == 40
    text = format_stats(stats)
    for heading in ("concerns:", "need level:", "referral source:", "authority:", "PII type:"):
        assert heading in text
    assert not list(out.parent.glob(".*.partial"))


def test_cli_generate_smoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.csv"
    code = main(["generate", "--n", "30", "--seed", "3", "--out", str(out), "--stats", "--quiet",
                 "--label-noise", "0.1", "--bias", "gender=female:need_level+1@0.5"])
    printed = capsys.readouterr().out
    assert code == 0
    assert out.is_file()
    assert "wrote 30 referral(s)" in printed
    assert "PII type:" in printed


def test_cli_bad_bias_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["generate", "--n", "5", "--out", str(tmp_path / "x.jsonl"), "--bias", "oops"])
    assert code == 2
    assert "bad --bias rule 'oops'" in capsys.readouterr().err
    assert not (tmp_path / "x.jsonl").exists()
