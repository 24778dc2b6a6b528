"""``triage evaluate`` and ``triage promote`` against real models in a real local MLflow store."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from mlflow.tracking import MlflowClient

from evaluation.render import SECTION_IDS
from evaluation.run import evaluate, promote
from referrals.contract import write_referrals
from referrals.labels import LabelScheme
from referrals.redaction.files import redact_file
from referrals.settings import Settings
from referrals.synthetic import generate_referrals
from training.config import apply_overrides, load_config, parse_overrides
from training.train import train
from triage.cli import main

QUICK = ["--search", "{}", "--features.char_ngram_range", "null", "--concerns.calibration", "sigmoid"]
CANARY = "Wenceslava Przybyszewska"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SMALL_MODEL_GATES = Path(__file__).resolve().parents[1] / "conf" / "gates_small_models.yaml"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A private store with one trained candidate, plus redacted train and raw test files."""
    root = tmp_path_factory.mktemp("evaluate")
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("TRIAGE_HOME", str(root / "home"))
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    raw_train = root / "train.jsonl"
    write_referrals(raw_train, generate_referrals(260, seed=202))
    redacted_train = root / "train.redacted.jsonl"
    redact_file(raw_train, redacted_train, progress=False)
    test = root / "test.jsonl"
    planted = []
    for index, referral in enumerate(generate_referrals(160, seed=303)):
        if index % 4 == 0:
            referral = referral.model_copy(update={
                "text": f"Child's aunt {CANARY} called. {referral.text}", "pii": None,
                "known_identifiers": [CANARY]})
        planted.append(referral)
    write_referrals(test, planted)
    redacted_test = root / "test.redacted.jsonl"
    redact_file(test, redacted_test, progress=False)
    config = apply_overrides(load_config(), parse_overrides(QUICK))
    train(data_path=redacted_train, config=config, scheme=__import__("referrals.labels").labels.load_scheme(),
          settings=Settings())
    yield {"root": root, "train": redacted_train, "test": test, "test_redacted": redacted_test}
    monkeypatch.undo()


def test_evaluate_writes_report_and_links_the_run_to_the_model_version(
    store: dict[str, Path], scheme: LabelScheme
) -> None:
    out = store["root"] / "report"
    result = evaluate(model_uri="models:/referral-triage@candidate", data_path=store["test"], out_dir=out,
                      scheme=scheme, settings=Settings())
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["data"]["n_referrals"] == 160
    assert metrics["model"]["version"] == "1"
    assert 0.0 <= metrics["overall"]["concerns"]["macro_f1"] <= 1.0
    recall = metrics["redaction_recall"]
    assert recall, "raw data with gold spans gets redaction recall by name origin"
    html = (out / "report.html").read_text()
    for section in SECTION_IDS:
        assert f'id="{section}"' in html
    assert "recall by name origin" in html.lower()
    redaction = metrics["redaction"]
    assert 0.0 < redaction["person_precision"] <= 1.0, "precision is reported beside recall"
    assert 0.0 < redaction["precision_excluding_policy_types"] <= 1.0
    assert f"precision {redaction['person_precision']:.3f}" in html
    assert "most_wrongly_replaced" not in redaction, "the report carries numbers, never the words"
    assert (out / "model_card.md").read_text().startswith("#")

    client = MlflowClient()
    run = client.get_run(result.run_id or "")
    assert run.data.tags["model_version"] == "1"
    assert client.get_model_version("referral-triage", "1").tags["evaluation_run"] == result.run_id
    names = {a.path for a in client.list_artifacts(result.run_id or "", "evaluation")}
    assert names == {"evaluation/report.html", "evaluation/metrics.json", "evaluation/model_card.md"}


def test_report_holds_no_planted_personal_data(store: dict[str, Path], scheme: LabelScheme) -> None:
    out = store["root"] / "canary"
    evaluate(model_uri="models:/referral-triage@candidate", data_path=store["test"], out_dir=out,
             scheme=scheme, settings=Settings(), log_to_mlflow=False)
    for path in out.iterdir():
        content = path.read_text().lower()
        for part in (CANARY, *CANARY.split()):
            assert part.lower() not in content, f"{part} in {path.name}"


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is installed by .ci/run")
def test_report_renders_in_chromium_with_every_section(store: dict[str, Path], scheme: LabelScheme) -> None:
    out = store["root"] / "browser"
    evaluate(model_uri="models:/referral-triage@candidate", data_path=store["test_redacted"], out_dir=out,
             scheme=scheme, settings=Settings(), log_to_mlflow=False)
    completed = subprocess.run(  # noqa: PLW1510 (the return code is asserted below)
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={store['root'] / 'chromium-profile'}", "--dump-dom",
         (out / "report.html").as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    dom = completed.stdout
    for section in SECTION_IDS:
        assert f'id="{section}"' in dom
    assert dom.count("data:image/png;base64,") >= 3, "plots are embedded"


def test_promote_passes_first_model_then_refuses_a_worse_one(
    store: dict[str, Path], scheme: LabelScheme, capsys: pytest.CaptureFixture[str]
) -> None:
    first = promote(candidate="candidate", data_path=store["test_redacted"], out_dir=store["root"] / "p1",
                    scheme=scheme, settings=Settings(), gates_path=SMALL_MODEL_GATES)
    assert first.promoted, [g.reason for g in first.gates if not g.passed]
    client = MlflowClient()
    assert str(client.get_model_version_by_alias("referral-triage", "champion").version) == "1"

    worse = apply_overrides(load_config(), parse_overrides([*QUICK, "--concerns.C", "0.0005",
                                                            "--need_level.C", "0.0005"]))
    train(data_path=store["train"], config=worse, scheme=scheme, settings=Settings())
    assert main(["promote", "--candidate", "2", "--data", str(store["test_redacted"]),
                 "--gates", str(SMALL_MODEL_GATES), "--out", str(store["root"] / "p2"), "--n-boot", "100"]) == 1
    captured = capsys.readouterr()
    out = captured.out
    assert "[FAIL] macro_f1" in out, captured.err[-1500:]
    assert "NOT promoted" in out
    assert str(client.get_model_version_by_alias("referral-triage", "champion").version) == "1"
    assert client.get_model_version("referral-triage", "2").tags["promotion"].startswith("refused")


def test_evaluate_unknown_model_is_a_one_line_error(store: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["evaluate", "--model", "models:/referral-triage@nope", "--data", str(store["test_redacted"])])
    assert code == 2
    assert capsys.readouterr().err.startswith("error: cannot resolve models:/referral-triage@nope")


def _bias_file(path: Path, scheme: LabelScheme) -> dict[str, object]:
    """Automation-bias figures as `triage annotate bias --json` writes them, from real answers."""
    from annotation.answers import Adjudication, Answer, LabelSet
    from annotation.bias import automation_bias, bias_json

    wrong = LabelSet(concerns=["neglect"], need_level="child_protection")
    right = LabelSet(concerns=["neglect"], need_level="early_help")
    answers = [
        Answer(item_id="a", annotator="x", concerns=["neglect"], need_level="child_protection",
               mode="suggestion_first", suggestion=wrong),
        Answer(item_id="b", annotator="x", concerns=["neglect"], need_level="early_help",
               mode="suggestion_first", suggestion=wrong),
        Answer(item_id="c", annotator="y", concerns=["neglect"], need_level="early_help", mode="decide_first",
               suggestion=wrong, before_suggestion=right),
        Answer(item_id="d", annotator="y", concerns=["neglect"], need_level="child_protection", mode="decide_first",
               suggestion=wrong, before_suggestion=right),
    ]
    settled = {i: Adjudication(item_id=i, adjudicator="z", concerns=["neglect"], need_level="early_help",
                               reason="guideline S2") for i in "abcd"}
    figures = bias_json(automation_bias(answers, settled, scheme), "pilot")
    path.write_text(json.dumps(figures, allow_nan=False), encoding="utf-8")
    return figures


def test_evaluate_carries_annotation_automation_bias_into_the_report(
    store: dict[str, Path], scheme: LabelScheme
) -> None:
    bias = store["root"] / "bias.json"
    figures = _bias_file(bias, scheme)
    out = store["root"] / "with-bias"
    assert main(["evaluate", "--data", str(store["test_redacted"]), "--out", str(out), "--n-boot", "50",
                 "--automation-bias", str(bias)]) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["automation_bias"] == figures
    need = next(f for f in metrics["automation_bias"]["figures"]
                if f["group"] == "suggestion_first" and f["decision"] == "need_level")
    assert (need["accepted_wrong"]["count"], need["accepted_wrong"]["total"]) == (1, 2)
    html = (out / "report.html").read_text()
    assert "annotation project pilot" in html and "50.0% (" in html and "decide first" in html


@pytest.mark.parametrize("content, expected", [
    ("not json", "not JSON"),
    ('{"schema": "other/1", "figures": []}', "schema"),
    ('{"schema": "triage.automation_bias/1", "figures": [{"group": "review"}]}', "figures.0.decision"),
])
def test_a_bad_automation_bias_file_is_one_line_before_any_model_is_fetched(
    store: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, expected: str
) -> None:
    bias = tmp_path / "bias.json"
    bias.write_text(content, encoding="utf-8")
    code = main(["evaluate", "--model", "models:/referral-triage@nope", "--data", str(store["test_redacted"]),
                 "--out", str(tmp_path / "out"), "--automation-bias", str(bias)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.startswith(f"error: {bias}:") and expected in err and "\n" not in err
    assert not (tmp_path / "out" / "metrics.json").exists()
