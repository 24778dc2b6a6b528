"""Promotion gates: compare a candidate's report with the champion's on the same data.

Gates read :class:`GateInputs`, the few numbers a promotion depends on, taken from a
typed report (``GateInputs.from_report``) or from a metrics.json logged to MLflow
(``GateInputs.from_metrics``), so ``triage promote`` can gate without reloading either
model. Relative gates need a champion; with none, only the absolute gates (ECE
ceilings, an optional under-triage ceiling) apply, and each skipped gate says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluation.config_models import StrictConfig, validate_config
from evaluation.report_types import EvaluationReport
from referrals.config_files import read_yaml
from referrals.errors import ConfigError

DEFAULT_GATES = "gates.yaml"
REQUIRED_GATES = ("under_triage", "over_triage", "macro_f1", "ece", "bias_flags", "same_data")
MISSING_GATE = "{source}: gate {key!r} is missing; required gates: {required}"
MISSING_SETTING = "{source}: gate {gate!r} is missing setting {key!r}"
MISSING_METRIC = "report has no {path}; was it built by evaluation.report.build_report?"


class TriageGate(StrictConfig):
    """Under- or over-triage: an absolute ceiling (null: none) and no rise past the champion."""

    enabled: bool
    max_absolute: float | None


class MacroF1Gate(StrictConfig):
    """Macro F1 (concerns and need level, each) may be at most ``tolerance`` lower."""

    enabled: bool
    tolerance: float


class EceGate(StrictConfig):
    """Calibration error ceilings, applied with or without a champion."""

    enabled: bool
    need_level_ceiling: float
    concerns_ceiling: float


class BiasFlagsGate(StrictConfig):
    """No bias flag the champion did not raise; optionally none at all for a first model."""

    enabled: bool
    block_without_champion: bool


class SameDataGate(StrictConfig):
    """Candidate and champion must have been evaluated on the same referrals."""

    enabled: bool


class GatesConfig(StrictConfig):
    """gates.yaml: every gate must be present, each with every setting, and nothing else."""

    under_triage: TriageGate
    over_triage: TriageGate
    macro_f1: MacroF1Gate
    ece: EceGate
    bias_flags: BiasFlagsGate
    same_data: SameDataGate


def _missing_gate_message(source: str, location: tuple[str, ...]) -> str:
    if len(location) == 1:
        return MISSING_GATE.format(source=source, key=location[0], required=list(REQUIRED_GATES))
    return MISSING_SETTING.format(source=source, gate=location[0], key=location[-1])


def parse_gates(data: Any, source: str = "<memory>") -> GatesConfig:
    """Gates from parsed YAML; raises ConfigError naming the file, the key and the reason."""
    return validate_config(GatesConfig, data, source, what="gates",
                           missing=_missing_gate_message)


def load_gates(path: str | Path | None = None) -> GatesConfig:
    """Gates from YAML (default: the file shipped next to this module); raises if invalid."""
    gates, source = read_yaml(path, package="evaluation", default_name=DEFAULT_GATES,
                              what="gates file", error=ConfigError)
    return parse_gates(gates, source)


@dataclass(frozen=True)
class Bounded:
    """A point estimate and the upper end of its 95% interval (None: not defined)."""

    estimate: float | None
    high: float | None


@dataclass(frozen=True)
class GateInputs:
    """What the gates read from one model's report, and nothing else."""

    ids_sha256: str
    under_triage: Bounded
    over_triage: Bounded
    macro_f1_concerns: float
    macro_f1_need_level: float
    ece_need_level: float
    ece_concerns: float
    flags: frozenset[tuple[str, str, str]]
    """(partition, group, metric) of every bias flag raised."""

    @classmethod
    def from_report(cls, report: EvaluationReport) -> GateInputs:
        """From a typed report, as ``build_report`` returns it."""
        need = report.headline.need_level
        return cls(
            ids_sha256=report.data.ids_sha256,
            under_triage=Bounded(need.under_triage.estimate, need.under_triage.high),
            over_triage=Bounded(need.over_triage.estimate, need.over_triage.high),
            macro_f1_concerns=_number(report.headline.concerns.macro_f1.estimate,
                                      "headline.concerns.macro_f1.estimate"),
            macro_f1_need_level=_number(need.macro_f1.estimate,
                                        "headline.need_level.macro_f1.estimate"),
            ece_need_level=_number(report.calibration.need_level.ece,
                                   "calibration.need_level.ece"),
            ece_concerns=_number(report.calibration.concerns.ece, "calibration.concerns.ece"),
            flags=frozenset(flag.key for flag in report.audit.flags),
        )

    @classmethod
    def from_metrics(cls, metrics: Mapping[str, Any]) -> GateInputs:
        """From a metrics.json dict (a report logged to MLflow, or one made by hand)."""

        def bounded(name: str) -> Bounded:
            return Bounded(_get(metrics, "headline", "need_level", name, "estimate"),
                           _get(metrics, "headline", "need_level", name, "high"))

        return cls(
            ids_sha256=_get(metrics, "data", "ids_sha256"),
            under_triage=bounded("under_triage"),
            over_triage=bounded("over_triage"),
            macro_f1_concerns=float(_get(metrics, "headline", "concerns", "macro_f1", "estimate")),
            macro_f1_need_level=float(_get(metrics, "headline", "need_level", "macro_f1",
                                           "estimate")),
            ece_need_level=float(_get(metrics, "calibration", "need_level", "ece")),
            ece_concerns=float(_get(metrics, "calibration", "concerns", "ece")),
            flags=frozenset((flag["partition"], flag["group"], flag["metric"])
                            for flag in _get(metrics, "audit", "flags")),
        )


def _number(value: float | None, path: str) -> float:
    if value is None:
        raise KeyError(MISSING_METRIC.format(path=path))
    return float(value)


def _get(metrics: Mapping[str, Any], *path: str) -> Any:
    """One value of a metrics.json dict; the one place gates read by path (logged files)."""
    value: Any = metrics
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            raise KeyError(MISSING_METRIC.format(path=".".join(path)))
        value = value[key]
    return value


@dataclass(frozen=True)
class GateResult:
    """One gate's outcome with a reason a governance board can read."""

    name: str
    passed: bool
    reason: str


def check_gates(
    candidate: GateInputs, champion: GateInputs | None, gates: GatesConfig
) -> list[GateResult]:
    """Run every enabled gate; the candidate may be promoted only if all pass."""
    results: list[GateResult] = []
    if gates.same_data.enabled and champion is not None:
        results.append(_same_data_gate(candidate, champion))
    if gates.under_triage.enabled:
        results += _triage_gate("under_triage", candidate.under_triage,
                                champion.under_triage if champion else None, gates.under_triage)
    if gates.over_triage.enabled:
        results += _triage_gate("over_triage", candidate.over_triage,
                                champion.over_triage if champion else None, gates.over_triage)
    if gates.macro_f1.enabled:
        results += _macro_f1_gates(candidate, champion, gates.macro_f1.tolerance)
    if gates.ece.enabled:
        results += _ece_gates(candidate, gates.ece)
    if gates.bias_flags.enabled:
        results.append(_bias_gate(candidate, champion, gates.bias_flags))
    return results


def _same_data_gate(candidate: GateInputs, champion: GateInputs) -> GateResult:
    same = candidate.ids_sha256 == champion.ids_sha256
    return GateResult(
        "same_data", same,
        "Candidate and champion were evaluated on the same referrals." if same else
        "Candidate and champion were evaluated on different referrals, so they cannot be "
        "compared; re-evaluate both on the same data.")


def _ece_gates(candidate: GateInputs, settings: EceGate) -> list[GateResult]:
    results = []
    for name, value, ceiling in (
        ("ece_need_level", candidate.ece_need_level, settings.need_level_ceiling),
        ("ece_concerns", candidate.ece_concerns, settings.concerns_ceiling),
    ):
        passed = value <= ceiling
        results.append(GateResult(
            name, passed,
            f"Calibration error (ECE) {value:.3f} is {'within' if passed else 'above'} the "
            f"ceiling of {ceiling:.3f}."))
    return results


def _triage_gate(
    metric: str, candidate: Bounded, champion: Bounded | None, settings: TriageGate,
) -> list[GateResult]:
    """Under- or over-triage: an absolute ceiling (with or without a champion), then no
    rise beyond the champion's upper 95% bound when there is one."""
    words = metric.replace("_", "-")
    results = []
    value, ceiling = candidate.estimate, settings.max_absolute
    if ceiling is not None:
        passed = value is not None and value <= ceiling
        results.append(GateResult(
            f"{metric}_ceiling", passed,
            f"{words.capitalize()} {_pct(value)} is {'within' if passed else 'above'} the ceiling of "
            f"{_pct(ceiling)}." if value is not None else
            f"{words.capitalize()} is not defined (no referrals at the levels it needs), so the "
            f"ceiling of {_pct(ceiling)} cannot be shown to hold."))
    if champion is None:
        if ceiling is None:
            results.append(GateResult(
                metric, False,
                f"No champion to compare with and no absolute ceiling for {words} "
                f"(gates: {metric}.max_absolute): a first model must meet a ceiling."))
        return results
    upper = champion.high
    if value is None or upper is None:
        results.append(GateResult(
            metric, False,
            f"{words.capitalize()} is not defined for the candidate or the champion; cannot "
            "show it has not risen."))
        return results
    passed = value <= upper
    results.append(GateResult(
        metric, passed,
        f"Candidate {words} {_pct(value)} against the champion's {_pct(champion.estimate)} "
        f"(upper 95% bound {_pct(upper)}): "
        + ("no rise beyond the interval." if passed else "a rise beyond the champion's interval.")))
    return results


def _macro_f1_gates(
    candidate: GateInputs, champion: GateInputs | None, tolerance: float
) -> list[GateResult]:
    results = []
    for name, section, value, reference in (
        ("macro_f1_concerns", "concerns", candidate.macro_f1_concerns,
         champion.macro_f1_concerns if champion else None),
        ("macro_f1_need_level", "need_level", candidate.macro_f1_need_level,
         champion.macro_f1_need_level if champion else None),
    ):
        if reference is None:
            results.append(GateResult(name, True,
                                      "No champion to compare with; only absolute gates apply."))
            continue
        passed = value >= reference - tolerance
        results.append(GateResult(
            name, passed,
            f"Candidate {section.replace('_', ' ')} macro F1 {value:.3f} against the champion's "
            f"{reference:.3f} (tolerance {tolerance:.3f}): "
            + ("not lower beyond tolerance." if passed else "lower beyond tolerance.")))
    return results


def _bias_gate(
    candidate: GateInputs, champion: GateInputs | None, settings: BiasFlagsGate
) -> GateResult:
    flags = candidate.flags
    if champion is None:
        if settings.block_without_champion and flags:
            return GateResult("bias_flags", False,
                              f"No champion, and the candidate raises {len(flags)} bias flag(s).")
        return GateResult(
            "bias_flags", True,
            "No champion to compare with; only absolute gates apply"
            + (f" (the candidate raises {len(flags)} flag(s): review them)." if flags else "."))
    new = sorted(flags - champion.flags)
    if not new:
        return GateResult("bias_flags", True, "The candidate raises no bias flag the champion "
                          "did not.")
    listed = "; ".join(f"{group} on {metric} ({partition})" for partition, group, metric in new)
    return GateResult("bias_flags", False, f"New bias flag(s) not raised for the champion: "
                      f"{listed}.")


def _pct(value: float | None) -> str:
    return "not defined" if value is None else f"{100 * value:.1f}%"
