"""The training job end to end on a small generated set, against a real local MLflow store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import mlflow
import numpy as np
import pandas as pd
import pytest

from referrals.contract import read_referrals, write_referrals
from referrals.labels import LabelScheme
from referrals.settings import Settings
from training.config import apply_overrides, load_config, parse_overrides
from triage.cli import main

QUICK_OVERRIDES = ["--search", "{}", "--features.char_ngram_range", "null", "--concerns.calibration", "sigmoid"]
"""Keep test fits to seconds: word n-grams only, one calibration method, no search."""
from training.train import train


def _nhs_number(stem: str) -> str:
    """Append the mod-11 check digit to a nine-digit stem (stems giving 10 are avoided)."""
    total = sum(int(d) * w for d, w in zip(stem, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    assert check != 10
    return f"{stem[:3]} {stem[3:6]} {stem[6:]}{check}"


CANARY_NAME = "Wenceslava Przybyszewska"
"""Invented, and in none of the shipped name lists (which travel with the model as code)."""
CANARY_NHS = _nhs_number("943476591")


def _quick_config(*extra: str) -> dict[str, object]:
    return apply_overrides(load_config(), parse_overrides([*QUICK_OVERRIDES, *extra]))


def test_train_registers_a_candidate_that_loads_through_pyfunc(
    triage_home: Path, small_referrals_file: Path, scheme: LabelScheme
) -> None:
    result = train(data_path=small_referrals_file, config=_quick_config(), scheme=scheme, settings=Settings())
    assert result.registered_version == "1"
    for key in ("macro_f1", "micro_f1", "brier", "ece"):
        assert 0.0 <= result.metrics["concerns"][key] <= 1.0
    for key in ("qwk", "under_triage", "upper_coverage", "mean_set_size", "abstain_rate"):
        assert key in result.metrics["need_level"]

    settings = Settings()
    mlflow.set_tracking_uri(settings.tracking_uri())
    model = mlflow.pyfunc.load_model(f"models:/{settings.model_name}@candidate")
    frame = pd.DataFrame({"text": ["Mum [PERSON_1] was drunk and the children were left alone overnight."] * 2})
    out = model.predict(frame)
    assert len(out) == 2
    assert set(out["need_level"]).issubset(scheme.need_level_ids)
    probabilities = out[[f"p_{c}" for c in scheme.concern_ids]].to_numpy()
    assert np.all((probabilities >= 0) & (probabilities <= 1))

    run = mlflow.get_run(result.run_id)
    assert run.data.tags["data_fingerprint"]
    assert "held_out.concerns.macro_f1" in run.data.metrics
    artifacts = {a.path for a in mlflow.MlflowClient().list_artifacts(result.run_id, "plots")}
    assert "plots/need_level_confusion.png" in artifacts
    assert "plots/concern_reliability.png" in artifacts


def test_no_planted_personal_data_reaches_the_mlflow_store(
    triage_home: Path, small_referrals_file: Path, scheme: LabelScheme, tmp_path: Path
) -> None:
    referrals = read_referrals(small_referrals_file, scheme).referrals[:150]
    planted = []
    for index, referral in enumerate(referrals):
        if index % 3 == 0:
            text = f"Referral about {CANARY_NAME}, NHS number {CANARY_NHS}. {referral.text}"
            referral = referral.model_copy(
                update={"text": text, "pii": None, "known_identifiers": [CANARY_NAME]}
            )
        planted.append(referral)
    data_path = tmp_path / "planted.jsonl"
    write_referrals(data_path, planted)

    train(data_path=data_path, config=_quick_config(), scheme=scheme, settings=Settings())

    canaries = [CANARY_NAME, "Przybyszewska", "Wenceslava", CANARY_NHS, CANARY_NHS.replace(" ", "")]
    scanned = 0
    for path in triage_home.rglob("*"):
        if path.is_file():
            content = path.read_bytes().lower()
            scanned += 1
            for canary in canaries:
                assert canary.lower().encode() not in content, f"{canary!r} found in {path}"
    assert scanned > 5, "the store was written"


def test_same_seed_gives_same_metrics(triage_home: Path, small_referrals_file: Path, scheme: LabelScheme) -> None:
    config = _quick_config()
    first = train(data_path=small_referrals_file, config=config, scheme=scheme, settings=Settings(), register=False)
    second = train(data_path=small_referrals_file, config=config, scheme=scheme, settings=Settings(), register=False)
    assert json.dumps(first.metrics, sort_keys=True) == json.dumps(second.metrics, sort_keys=True)


def test_train_cli_reports_bad_override_as_one_line(
    triage_home: Path, small_referrals_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["train", "--data", str(small_referrals_file), "--need_level.knd", "ordinal"]) == 2
    assert "error: unknown config key 'need_level.knd'" in capsys.readouterr().err


def test_mlflow_run_of_the_train_entry_point(triage_home: Path, small_referrals_file: Path, tmp_path: Path) -> None:
    project = Path(__file__).resolve().parents[2]
    config = tmp_path / "quick.yaml"
    import yaml

    config.write_text(yaml.safe_dump(_quick_config()))
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env = {**inherited, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "MLFLOW_TRACKING_URI": Settings().tracking_uri()}
    completed = subprocess.run(
        [sys.executable, "-m", "mlflow", "run", str(project), "-e", "train", "--env-manager", "local",
         "--experiment-name", "referral-triage",
         "-P", f"data={small_referrals_file}", "-P", f"config={config}", "-P", "seed=5"],
        check=False, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "registered referral-triage version" in completed.stdout
