"""One behaviour for every command that reads referrals: the same bad input, the same answer.

Each command runs in a fresh interpreter (as a user would run it) on the same set of
bad inputs. Each must exit 2 with one ``error:`` line naming the file (and the line,
field and reason when a record is at fault), without a traceback, without loading the
heavy libraries (so the answer comes in well under a second: the timing itself is in
``bench/cli_errors.py``), and without leaving output behind from this run or an
earlier one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

HEAVY = ("mlflow", "sklearn", "spacy", "presidio_analyzer")
PROBE = (
    "import sys\n"
    "from triage.cli import main\n"
    "code = main(sys.argv[1:])\n"
    f"print('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    "sys.exit(code)\n"
)
GOOD = {"id": "r1", "text": "Mum asked for help with food and the rent.",
        "concerns": ["housing_or_financial"], "need_level": "early_help"}


def _jsonl(*records: dict[str, object]) -> bytes:
    return b"".join(json.dumps(record).encode() + b"\n" for record in records)


# name -> (write the input under tmp, fragment the error must hold, given the input's path)
BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], Callable[[Path], str]]] = {
    "empty file": (lambda d: _write(d / "in.jsonl", b""), lambda p: f"{p}: file is empty"),
    "directory": (lambda d: _dir(d / "folder.jsonl"), lambda p: f"{p}: is a directory"),
    "bad JSON": (lambda d: _write(d / "in.jsonl", _jsonl(GOOD) + b"{not json\n"),
                 lambda p: f"{p}:2: <line>: not valid JSON"),
    "byte-order mark then a bad line": (
        lambda d: _write(d / "in.jsonl", b"\xef\xbb\xbf" + _jsonl(GOOD) + b"{not json\n"),
        lambda p: f"{p}:2: <line>: not valid JSON"),
    "bad UTF-8": (lambda d: _write(d / "in.jsonl", _jsonl(GOOD) + b'{"id": "r2", "text": "\xff\xfe"}\n'),
                  lambda p: f"{p}:2: <line>: invalid UTF-8"),
    "missing text": (lambda d: _write(d / "in.jsonl", _jsonl({k: v for k, v in GOOD.items() if k != "text"})),
                     lambda p: f"{p}:1: text: Field required"),
    "unknown field": (lambda d: _write(d / "in.jsonl", _jsonl({**GOOD, "colour": "red"})),
                      lambda p: f"{p}:1: colour: Extra inputs are not permitted"),
}


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def _dir(path: Path) -> Path:
    path.mkdir()
    return path


def _commands(data: Path, work: Path) -> dict[str, list[str]]:
    return {
        "validate": ["validate", str(data)],
        "redact": ["redact", str(data), str(work / "out.jsonl")],
        "train": ["train", "--data", str(data), "--no-register"],
        "evaluate": ["evaluate", "--data", str(data), "--out", str(work / "report")],
        "promote": ["promote", "--candidate", "1", "--data", str(data), "--out", str(work / "report")],
    }


def _stale_outputs(work: Path, home: Path) -> list[Path]:
    """Rejects files an earlier run could have left; every command must clear its own."""
    return [work / "out.jsonl.rejects.jsonl", work / "report" / "rejects.jsonl",
            home / "rejects" / "train.data.rejects.jsonl"]


def run_triage(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRIAGE_HOME": str(home)}
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          env=env, timeout=60, check=False)


def assert_one_line_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert fragment in errors[0]
    assert "Traceback" not in result.stderr
    assert "HEAVY=\n" in result.stdout or result.stdout.endswith("HEAVY="), result.stdout


@pytest.mark.parametrize("bad_input", sorted(BAD_INPUTS))
def test_every_command_gives_the_same_error_for_the_same_bad_input(tmp_path: Path, bad_input: str) -> None:
    make, fragment_for = BAD_INPUTS[bad_input]
    data_dir, home = tmp_path / "data", tmp_path / "home"
    data_dir.mkdir()
    data = make(data_dir)
    for name, args in _commands(data, tmp_path).items():
        stale = _stale_outputs(tmp_path, home)
        for path in stale:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text('{"stale": true}\n')
        result = run_triage(args, home)
        assert_one_line_error(result, fragment_for(data))
        assert not (tmp_path / "out.jsonl").exists(), name
        leftover = [path for path in stale if path.exists()]
        if name in ("redact", "evaluate", "promote", "train"):
            assert not [p for p in leftover if _owned_by(name, p)], f"{name} left {leftover}"


def _owned_by(command: str, path: Path) -> bool:
    owner = {"redact": "out.jsonl.rejects.jsonl", "train": "train.data.rejects.jsonl"}
    return path.name == owner.get(command, "rejects.jsonl")


def test_a_bad_config_value_is_one_line_per_command_before_any_work(tmp_path: Path) -> None:
    data = _write(tmp_path / "in.jsonl", _jsonl(GOOD))
    home = tmp_path / "home"
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("colour: red\n")
    cases = {
        "train": (["train", "--data", str(data), "--need_level.kind", "bogus"],
                  "need_level.kind: Input should be 'ordinal' or 'multinomial' (got 'bogus')"),
        "train C": (["train", "--data", str(data), "--concerns.C", "abc"], "concerns.C: Input should be a valid number"),
        "evaluate": (["evaluate", "--data", str(data), "--n-boot", "0"], "--n-boot must be at least 1"),
        "promote": (["promote", "--candidate", "1", "--data", str(data), "--gates", str(bad_yaml)], str(bad_yaml)),
        "redact": (["redact", str(data), str(tmp_path / "out.jsonl"), "--config", str(bad_yaml)], str(bad_yaml)),
        "validate": (["validate", str(data), "--taxonomy", str(bad_yaml)], str(bad_yaml)),
    }
    for name, (args, fragment) in cases.items():
        result = run_triage(args, home)
        assert result.returncode == 2, (name, result.stderr)
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and fragment in errors[0], (name, result.stderr)
        assert "Traceback" not in result.stderr
    assert not (home / "mlruns").exists() and not (home / "mlflow.db").exists()


def test_skip_bad_keeps_the_good_records_and_lists_the_bad_in_its_own_rejects_file(tmp_path: Path) -> None:
    data = _write(tmp_path / "in.jsonl", _jsonl(GOOD, {**GOOD, "id": "r2", "need_level": "urgent"}))
    out = tmp_path / "out.jsonl"
    home = tmp_path / "home"
    result = run_triage(["validate", str(data)], home)
    assert result.returncode == 2
    from referrals.inputs import read_checked, rejects_beside
    from referrals.labels import load_scheme

    rejects = rejects_beside(out)
    checked = read_checked(data, load_scheme(None), skip_bad=True, rejects_path=rejects)
    assert [r.id for r in checked.referrals] == ["r1"]
    listed = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [entry["line"] for entry in listed] == [2]
    assert listed[0]["problems"][0].startswith("need_level:")
    assert GOOD["text"] not in rejects.read_text(), "a rejects file never copies referral text"
    read_checked(_write(tmp_path / "clean.jsonl", _jsonl(GOOD)), None, rejects_path=rejects)
    assert not rejects.exists(), "a clean run must not leave the earlier run's rejects file"
