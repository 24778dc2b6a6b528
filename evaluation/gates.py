"""Promotion gates: compare a candidate's report with the champion's on the same data.

Gates read only metrics.json-shaped dicts, so ``triage promote`` can run them on
reports logged to MLflow without reloading either model. Relative gates need a
champion; with none, only the absolute gates (ECE ceilings, an optional under-triage
ceiling) apply, and each skipped gate says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from referrals.config_files import read_yaml
from referrals.errors import ConfigError

DEFAULT_GATES = "gates.yaml"
REQUIRED_GATES = ("under_triage", "over_triage", "macro_f1", "ece", "bias_flags", "same_data")
MISSING_GATE = "{source}: gate {key!r} is missing; required gates: {required}"
MISSING_SETTING = "{source}: gate {gate!r} is missing setting {key!r}"
MISSING_METRIC = "report has no {path}; was it built by evaluation.report.build_report?"


@dataclass(frozen=True)
class GateResult:
    """One gate's outcome with a reason a governance board can read."""

    name: str
    passed: bool
    reason: str


def load_gates(path: str | Path | None = None) -> dict[str, Any]:
    """Gates from YAML (default: the file shipped next to this module); raises if invalid."""
    gates, source = read_yaml(path, package="evaluation", default_name=DEFAULT_GATES,
                              what="gates file", error=ConfigError)
    validate_gates(gates, source)
    return dict(gates)


def validate_gates(gates: Any, source: str = "<memory>") -> None:
    """Raise ConfigError naming the file and key when a gate or setting is missing."""
    if not isinstance(gates, dict):
        raise ConfigError(f"{source}: gates must be a mapping")
    settings = {
        "under_triage": ("enabled", "max_absolute"),
        "over_triage": ("enabled", "max_absolute"),
        "macro_f1": ("enabled", "tolerance"),
        "ece": ("enabled", "need_level_ceiling", "concerns_ceiling"),
        "bias_flags": ("enabled", "block_without_champion"),
        "same_data": ("enabled",),
    }
    for gate in REQUIRED_GATES:
        if not isinstance(gates.get(gate), dict):
            raise ConfigError(MISSING_GATE.format(source=source, key=gate,
                                                  required=list(REQUIRED_GATES)))
        for key in settings[gate]:
            if key not in gates[gate]:
                raise ConfigError(MISSING_SETTING.format(source=source, gate=gate, key=key))


def _get(report: dict[str, Any], *path: str) -> Any:
    value: Any = report
    for key in path:
        if not isinstance(value, dict) or key not in value:
            raise KeyError(MISSING_METRIC.format(path=".".join(path)))
        value = value[key]
    return value


def _flag_keys(report: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(flag["partition"], flag["group"], flag["metric"])
            for flag in _get(report, "audit", "flags")}


def check_gates(
    candidate: dict[str, Any], champion: dict[str, Any] | None, gates: dict[str, Any]
) -> list[GateResult]:
    """Run every enabled gate; the candidate may be promoted only if all pass."""
    validate_gates(gates)
    results: list[GateResult] = []
    if gates["same_data"]["enabled"] and champion is not None:
        same = _get(candidate, "data", "ids_sha256") == _get(champion, "data", "ids_sha256")
        results.append(GateResult(
            "same_data", same,
            "Candidate and champion were evaluated on the same referrals." if same else
            "Candidate and champion were evaluated on different referrals, so they cannot be "
            "compared; re-evaluate both on the same data."))
    for metric in ("under_triage", "over_triage"):
        if gates[metric]["enabled"]:
            results += _triage_gate(metric, candidate, champion, gates[metric])
    if gates["macro_f1"]["enabled"]:
        results += _macro_f1_gates(candidate, champion, float(gates["macro_f1"]["tolerance"]))
    if gates["ece"]["enabled"]:
        for name, path, ceiling in (
            ("ece_need_level", ("calibration", "need_level", "ece"),
             gates["ece"]["need_level_ceiling"]),
            ("ece_concerns", ("calibration", "concerns", "ece"), gates["ece"]["concerns_ceiling"]),
        ):
            value = float(_get(candidate, *path))
            passed = value <= float(ceiling)
            results.append(GateResult(
                name, passed,
                f"Calibration error (ECE) {value:.3f} is {'within' if passed else 'above'} the "
                f"ceiling of {float(ceiling):.3f}."))
    if gates["bias_flags"]["enabled"]:
        results.append(_bias_gate(candidate, champion, gates["bias_flags"]))
    return results


def _triage_gate(
    metric: str, candidate: dict[str, Any], champion: dict[str, Any] | None,
    settings: dict[str, Any],
) -> list[GateResult]:
    """Under- or over-triage: an absolute ceiling (with or without a champion), then no
    rise beyond the champion's upper 95% bound when there is one."""
    words = metric.replace("_", "-")
    results = []
    value = _get(candidate, "headline", "need_level", metric, "estimate")
    ceiling = settings.get("max_absolute")
    if ceiling is not None:
        passed = value is not None and value <= float(ceiling)
        results.append(GateResult(
            f"{metric}_ceiling", passed,
            f"{words.capitalize()} {_pct(value)} is {'within' if passed else 'above'} the ceiling of "
            f"{_pct(float(ceiling))}." if value is not None else
            f"{words.capitalize()} is not defined (no referrals at the levels it needs), so the "
            f"ceiling of {_pct(float(ceiling))} cannot be shown to hold."))
    if champion is None:
        if ceiling is None:
            results.append(GateResult(
                metric, False,
                f"No champion to compare with and no absolute ceiling for {words} "
                f"(gates: {metric}.max_absolute): a first model must meet a ceiling."))
        return results
    upper = _get(champion, "headline", "need_level", metric, "high")
    champion_value = _get(champion, "headline", "need_level", metric, "estimate")
    if value is None or upper is None:
        results.append(GateResult(
            metric, False,
            f"{words.capitalize()} is not defined for the candidate or the champion; cannot "
            "show it has not risen."))
        return results
    passed = value <= upper
    results.append(GateResult(
        metric, passed,
        f"Candidate {words} {_pct(value)} against the champion's {_pct(champion_value)} "
        f"(upper 95% bound {_pct(upper)}): "
        + ("no rise beyond the interval." if passed else "a rise beyond the champion's interval.")))
    return results


def _macro_f1_gates(
    candidate: dict[str, Any], champion: dict[str, Any] | None, tolerance: float
) -> list[GateResult]:
    results = []
    for name, section in (("macro_f1_concerns", "concerns"), ("macro_f1_need_level",
                                                              "need_level")):
        value = float(_get(candidate, "headline", section, "macro_f1", "estimate"))
        if champion is None:
            results.append(GateResult(name, True,
                                      "No champion to compare with; only absolute gates apply."))
            continue
        reference = float(_get(champion, "headline", section, "macro_f1", "estimate"))
        passed = value >= reference - tolerance
        results.append(GateResult(
            name, passed,
            f"Candidate {section.replace('_', ' ')} macro F1 {value:.3f} against the champion's "
            f"{reference:.3f} (tolerance {tolerance:.3f}): "
            + ("not lower beyond tolerance." if passed else "lower beyond tolerance.")))
    return results


def _bias_gate(
    candidate: dict[str, Any], champion: dict[str, Any] | None, settings: dict[str, Any]
) -> GateResult:
    flags = _flag_keys(candidate)
    if champion is None:
        if settings["block_without_champion"] and flags:
            return GateResult("bias_flags", False,
                              f"No champion, and the candidate raises {len(flags)} bias flag(s).")
        return GateResult(
            "bias_flags", True,
            "No champion to compare with; only absolute gates apply"
            + (f" (the candidate raises {len(flags)} flag(s): review them)." if flags else "."))
    new = sorted(flags - _flag_keys(champion))
    if not new:
        return GateResult("bias_flags", True, "The candidate raises no bias flag the champion "
                          "did not.")
    listed = "; ".join(f"{group} on {metric} ({partition})" for partition, group, metric in new)
    return GateResult("bias_flags", False, f"New bias flag(s) not raised for the champion: "
                      f"{listed}.")


def _pct(value: float | None) -> str:
    return "not defined" if value is None else f"{100 * value:.1f}%"
