"""Config loading: the shipped file is valid; broken ones name the file and the key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from referrals.errors import ConfigError
from referrals.redaction import build_redactor
from referrals.redaction.config import default_config_path, load_config

CONF = Path(__file__).resolve().parent.parent / "conf"


def test_default_config_lists_every_recognizer_explicitly() -> None:
    config = load_config()
    assert config.path == str(default_config_path())
    assert "TriageContextNameRecognizer" in config.recognizers and "TriageUkNhsRecognizer" in config.recognizers
    assert config.spacy_model == "person_ner" and config.spacy_disable == ()
    assert len(config.config_hash) == 64


@pytest.mark.parametrize(
    ("filename", "key"),
    [
        ("redaction_missing_thresholds.yaml", "thresholds"),
        ("redaction_bad_threshold.yaml", "thresholds.PERSON"),
        ("redaction_unknown_recognizer.yaml", "recognizers[0]"),
        ("redaction_unknown_entity.yaml", "entities[1]"),
        ("redaction_bad_control.yaml", "limits.control_characters"),
        ("redaction_missing_model.yaml", "spacy.model"),
        ("redaction_unknown_key.yaml", "presidio_defaults"),
    ],
)
def test_when_config_broken_then_error_names_file_and_key(filename: str, key: str) -> None:
    path = CONF / filename
    with pytest.raises(ConfigError, match=rf"{re.escape(path.name)}.*key '{re.escape(key)}'"):
        load_config(path)


def test_when_spacy_model_not_installed_then_error_names_key() -> None:
    path = CONF / "redaction_model_not_installed.yaml"
    with pytest.raises(ConfigError, match=rf"{path.name}: key 'spacy.model': .*not installed"):
        build_redactor(path)


def test_when_disabled_component_unknown_then_error_names_key() -> None:
    path = CONF / "redaction_unknown_component.yaml"
    with pytest.raises(ConfigError, match=rf"{path.name}: key 'spacy.disable'"):
        build_redactor(path)


def test_when_file_missing_then_error_names_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(ConfigError, match="nope.yaml: redaction config file not found"):
        load_config(missing)


def test_when_yaml_invalid_then_error_names_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("version: [1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="broken.yaml: not readable YAML"):
        load_config(path)


def test_same_config_gives_same_hash() -> None:
    assert load_config().config_hash == load_config(default_config_path()).config_hash


@pytest.mark.parametrize(
    ("section", "key", "value", "message"),
    [
        ("spacy", "colour", "red", r"key 'spacy\.colour': unknown key; allowed: model, disable, sha256"),
        ("limits", "max_text_chars", True, r"key 'limits\.max_text_chars': .*valid integer"),
        ("limits", "max_text_chars", 0, r"key 'limits\.max_text_chars': .*greater than 0"),
    ],
)
def test_every_section_is_checked_by_its_model(tmp_path: Path, section: str, key: str, value: object,
                                               message: str) -> None:
    data = yaml.safe_load(default_config_path().read_text(encoding="utf-8"))
    data[section][key] = value
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)
