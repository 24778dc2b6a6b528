"""Promotion gates pass and fail on hand-made report dicts (metrics.json-shaped)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from evaluation.gates import MISSING_SETTING, GateInputs, GatesConfig, check_gates, load_gates
from referrals.errors import ConfigError


def _interval(estimate: float, low: float, high: float) -> dict[str, float]:
    return {"estimate": estimate, "low": low, "high": high, "level": 0.95}


def _report(*, under: float = 0.03, under_high: float = 0.05, over: float = 0.02,
            over_high: float = 0.04, f1: float = 0.70,
            ece: float = 0.02, flags: list[tuple[str, str, str]] | None = None,
            ids: str = "abc") -> GateInputs:
    return GateInputs.from_metrics({
        "data": {"ids_sha256": ids},
        "headline": {
            "need_level": {"under_triage": _interval(under, under - 0.02, under_high),
                           "over_triage": _interval(over, max(over - 0.02, 0), over_high),
                           "macro_f1": _interval(f1, f1 - 0.02, f1 + 0.02)},
            "concerns": {"macro_f1": _interval(f1, f1 - 0.02, f1 + 0.02)},
        },
        "calibration": {"need_level": {"ece": ece}, "concerns": {"ece": ece}},
        "audit": {"flags": [{"partition": p, "group": g, "metric": m}
                            for p, g, m in (flags or [])]},
    })


def _by_name(results: list[Any]) -> dict[str, Any]:
    return {result.name: result for result in results}


@pytest.fixture()
def gates() -> GatesConfig:
    return load_gates()


def test_identical_candidate_passes_every_gate(gates: GatesConfig) -> None:
    results = check_gates(_report(), _report(), gates)
    assert all(result.passed for result in results), results


def test_under_triage_rise_beyond_champion_interval_fails(gates: GatesConfig) -> None:
    results = _by_name(check_gates(_report(under=0.13), _report(under_high=0.12), gates))
    assert not results["under_triage"].passed
    assert "rise beyond" in results["under_triage"].reason
    within = _by_name(check_gates(_report(under=0.115), _report(under_high=0.12), gates))
    assert within["under_triage"].passed


def test_macro_f1_drop_beyond_tolerance_fails(gates: GatesConfig) -> None:
    results = _by_name(check_gates(_report(f1=0.67), _report(f1=0.70), gates))
    assert not results["macro_f1_need_level"].passed
    assert not results["macro_f1_concerns"].passed
    small_drop = _by_name(check_gates(_report(f1=0.69), _report(f1=0.70), gates))
    assert small_drop["macro_f1_need_level"].passed


def test_ece_above_ceiling_fails_even_without_champion(gates: GatesConfig) -> None:
    results = _by_name(check_gates(_report(ece=0.08), None, gates))
    assert not results["ece_need_level"].passed
    assert "above the ceiling" in results["ece_need_level"].reason


def test_new_bias_flag_fails_but_inherited_flag_passes(gates: GatesConfig) -> None:
    flag = ("ethnicity", "ethnicity=Black", "under_triage")
    new = _by_name(check_gates(_report(flags=[flag]), _report(), gates))
    assert not new["bias_flags"].passed
    assert "ethnicity=Black on under_triage" in new["bias_flags"].reason
    inherited = _by_name(check_gates(_report(flags=[flag]), _report(flags=[flag]), gates))
    assert inherited["bias_flags"].passed


def test_without_champion_only_absolute_gates_apply(gates: GatesConfig) -> None:
    results = _by_name(check_gates(_report(f1=0.1, flags=[("a", "b", "c")]), None, gates))
    assert all(result.passed for result in results.values())
    assert "same_data" not in results
    strict = gates.model_copy(update={
        "bias_flags": gates.bias_flags.model_copy(update={"block_without_champion": True})})
    results = _by_name(check_gates(_report(flags=[("a", "b", "c")]), None, strict))
    assert not results["bias_flags"].passed


@pytest.mark.parametrize("metric", ["under_triage", "over_triage"])
def test_first_model_must_meet_the_absolute_ceiling(gates: GatesConfig, metric: str) -> None:
    """A first model at 16.4% once passed with 'no champion to compare with'."""
    kind = metric.split("_")[0]
    failing = _report(**{kind: 0.164, f"{kind}_high": 0.2})
    results = _by_name(check_gates(failing, None, gates))
    assert not results[f"{metric}_ceiling"].passed
    assert "16.4%" in results[f"{metric}_ceiling"].reason
    no_ceiling = gates.model_copy(update={
        metric: getattr(gates, metric).model_copy(update={"max_absolute": None})})
    results = _by_name(check_gates(_report(), None, no_ceiling))
    assert not results[metric].passed
    assert "must meet a ceiling" in results[metric].reason


def test_over_triage_rise_beyond_champion_interval_fails(gates: GatesConfig) -> None:
    relaxed = gates.model_copy(update={
        "over_triage": gates.over_triage.model_copy(update={"max_absolute": 0.5})})
    results = _by_name(check_gates(_report(over=0.10), _report(over=0.02, over_high=0.04), relaxed))
    assert not results["over_triage"].passed
    assert "rise beyond" in results["over_triage"].reason
    assert results["over_triage_ceiling"].passed


def test_different_evaluation_data_fails(gates: GatesConfig) -> None:
    results = _by_name(check_gates(_report(ids="one"), _report(ids="two"), gates))
    assert not results["same_data"].passed


def test_gates_file_missing_a_setting_names_file_and_key(tmp_path: Path) -> None:
    broken = tmp_path / "gates.yaml"
    broken.write_text(
        "under_triage: {enabled: true, max_absolute: null}\n"
        "over_triage: {enabled: true, max_absolute: null}\nmacro_f1: {enabled: true}\n"
        "ece: {enabled: true, need_level_ceiling: 0.05, concerns_ceiling: 0.05}\n"
        "bias_flags: {enabled: true, block_without_champion: false}\nsame_data: {enabled: true}\n",
        encoding="utf-8")
    expected = MISSING_SETTING.format(source=str(broken), gate="macro_f1", key="tolerance")
    with pytest.raises(ConfigError, match=expected.replace("(", r"\(")):
        load_gates(broken)
