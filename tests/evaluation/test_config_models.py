"""gates.yaml and model_card.yaml: unknown keys, wrong types and empty fields are refused
with one line naming the file, the key and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from evaluation.gates import MISSING_GATE, load_gates
from evaluation.model_card import load_card_fields
from referrals.errors import ConfigError


def _gates_file(tmp_path: Path, **changes: dict[str, object]) -> Path:
    gates = load_gates().model_dump()
    for gate, settings in changes.items():
        gates[gate] = settings
    path = tmp_path / "gates.yaml"
    path.write_text(yaml.safe_dump(gates), encoding="utf-8")
    return path


def _one_line_error(load: object, path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load(path)  # type: ignore[operator]
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    return message


def test_shipped_configs_load() -> None:
    assert load_gates().under_triage.max_absolute == pytest.approx(0.05)
    assert load_card_fields().model_name == "Referral Triage"


def test_misspelt_gate_setting_is_refused_not_ignored(tmp_path: Path) -> None:
    path = _gates_file(tmp_path, under_triage={"enabled": True, "max_absolut": 0.05,
                                               "max_absolute": 0.05})
    message = _one_line_error(load_gates, path)
    assert "under_triage.max_absolut: unknown key" in message
    assert "allowed here: enabled, max_absolute" in message


def test_unknown_gate_is_refused(tmp_path: Path) -> None:
    path = _gates_file(tmp_path, recall_floor={"enabled": True})
    assert "recall_floor: unknown key" in _one_line_error(load_gates, path)


def test_missing_gate_names_the_gate(tmp_path: Path) -> None:
    gates = load_gates().model_dump()
    del gates["ece"]
    path = tmp_path / "gates.yaml"
    path.write_text(yaml.safe_dump(gates), encoding="utf-8")
    assert _one_line_error(load_gates, path).startswith(
        MISSING_GATE.format(source=path, key="ece", required="").split("required")[0])


def test_wrong_type_names_key_and_reason(tmp_path: Path) -> None:
    path = _gates_file(tmp_path, macro_f1={"enabled": True, "tolerance": "two percent"})
    message = _one_line_error(load_gates, path)
    assert "macro_f1.tolerance:" in message and "number" in message


def test_gates_that_are_not_a_mapping_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "gates.yaml"
    path.write_text("- under_triage\n", encoding="utf-8")
    assert "must be a mapping" in _one_line_error(load_gates, path)


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("sro", "Director", "sro: unknown key"),
    ("contact", "", "contact: is empty"),
    ("users", "screening staff", "users: Input should be a valid list"),
])
def test_card_fields_refuse_unknown_empty_and_mistyped(
    tmp_path: Path, key: str, value: object, expected: str
) -> None:
    fields = load_card_fields().model_dump()
    fields[key] = value
    path = tmp_path / "card.yaml"
    path.write_text(yaml.safe_dump(fields), encoding="utf-8")
    assert expected in _one_line_error(load_card_fields, path)
