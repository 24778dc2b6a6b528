"""``triage evaluate`` and ``triage promote``: load a registered model, score it, gate it.

The model is fetched from MLflow (``models:/referral-triage@candidate`` or any model
URI), its bundle hash-verified before joblib touches it, and run on referrals that
went through the shared redaction engine. The report (JSON, HTML, model card) holds
only ids, aggregates and redacted text, and is logged to an MLflow run tagged with the
model version it describes.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mlflow
import numpy as np
import pandas as pd
from mlflow.tracking import MlflowClient

from evaluation.automation_bias import AutomationBias
from evaluation.gates import GateInputs, GateResult, check_gates, load_gates
from evaluation.model_card import build_model_card, load_card_fields
from evaluation.predictions import EvaluationInput
from evaluation.render import render_html
from evaluation.report import ReportOptions, build_report
from evaluation.report_types import EvaluationReport, ModelInfo
from models.bundle import TriageBundle
from referrals.contract import Referral
from referrals.labelled import to_labelled
from referrals.labels import LabelScheme
from referrals.redaction.redacted_input import load_redacted_with_recall
from referrals.settings import Settings
from tracking.registry import (
    CHAMPION_ALIAS,
    LoadedModel,
    alias_version,
    load_model,
    resolve_version,
)
from tracking.runs import configure_tracking

logger = logging.getLogger(__name__)



def evaluation_input(
    referrals: list[Referral], bundle: TriageBundle, scheme: LabelScheme
) -> EvaluationInput:
    """Run the model on redacted referrals and collect what the report needs."""
    data = to_labelled(referrals, scheme)
    predictions = bundle.predict_arrays(data.texts)
    groups = pd.DataFrame(
        {
            "ethnicity": [r.child.ethnicity if r.child else None for r in referrals],
            "gender": [r.child.gender if r.child else None for r in referrals],
            "age_band": [r.child.age_band if r.child else None for r in referrals],
            "disability": [r.child.disability if r.child else None for r in referrals],
            "authority": [r.authority for r in referrals],
            "referral_source": [r.referral_source for r in referrals],
        }
    )
    need = predictions.need
    return EvaluationInput(
        ids=data.ids, redacted_texts=data.texts, concerns_true=data.concerns,
        concerns_pred=predictions.concern_suggested.astype(int), concerns_prob=predictions.concern_prob,
        need_true=data.need_rank, need_pred=np.asarray(need.level), need_prob=need.probability,
        range_low=np.asarray(need.low), range_high=np.asarray(need.high), abstain=need.abstain,
        groups=groups, concerns_uncertain=predictions.concern_uncertain,
    )


@dataclass
class EvaluationResult:
    """Where the report went and what it says at the top."""

    report: dict[str, Any]
    """metrics.json as written (the CLI prints its summary sentences)."""
    out_dir: Path
    run_id: str | None
    evaluation: EvaluationReport
    """The same report, typed (what the gates read)."""


def evaluate(
    *,
    model_uri: str,
    data_path: Path,
    out_dir: Path,
    scheme: LabelScheme,
    settings: Settings,
    options: ReportOptions | None = None,
    log_to_mlflow: bool = True,
    skip_bad: bool = False,
    automation_bias: AutomationBias | None = None,
) -> EvaluationResult:
    """Evaluate one model on one labelled file; write report.html, metrics.json, model_card.md."""
    model = load_model(model_uri, scheme, settings)
    referrals, redaction_info, origin_recall = load_redacted_with_recall(data_path, scheme, settings,
                                                                           skip_bad=skip_bad)
    data = evaluation_input(referrals, model.bundle, scheme)
    data.redaction_recall = origin_recall
    typed = build_report(data, scheme, options or ReportOptions()).with_provenance(
        model=ModelInfo(uri=model_uri, name=model.name, version=model.version,
                        model_version=model.bundle.model_version,
                        training_data_fingerprint=model.bundle.training_data_fingerprint),
        redaction={k: v for k, v in redaction_info.items() if k != "output_sha256"})
    if automation_bias is not None:
        typed = typed.with_automation_bias(automation_bias.model_dump(by_alias=True))
    report = typed.to_json_dict()
    card = build_model_card(typed, load_card_fields())
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "metrics.json").write_text(json.dumps(report, indent=1, allow_nan=False), encoding="utf-8")
    (out_dir / "model_card.md").write_text(card, encoding="utf-8")
    (out_dir / "report.html").write_text(render_html(typed, card), encoding="utf-8")
    run_id = None
    if log_to_mlflow:
        run_id = _log_evaluation(report, out_dir, model)
    return EvaluationResult(report=report, out_dir=out_dir, run_id=run_id, evaluation=typed)


def _log_evaluation(report: dict[str, Any], out_dir: Path, model: LoadedModel) -> str:
    from scoring.metrics import flatten_for_logging

    with mlflow.start_run(run_name=f"evaluate {model.name or ''} v{model.version or '?'}") as run:
        mlflow.set_tags({"model_uri": model.uri, "model_name": model.name or "",
                         "model_version": model.version or "", "kind": "evaluation"})
        overall = {key: report[key] for key in ("overall",) if key in report}
        mlflow.log_metrics(flatten_for_logging(overall))
        for name in ("report.html", "metrics.json", "model_card.md"):
            mlflow.log_artifact(str(out_dir / name), artifact_path="evaluation")
    if model.name and model.version:
        MlflowClient().set_model_version_tag(model.name, model.version, "evaluation_run", run.info.run_id)
    return str(run.info.run_id)


@dataclass
class PromotionResult:
    """The gates' verdicts and whether the champion alias moved."""

    promoted: bool
    gates: list[GateResult]
    candidate_version: str
    champion_version: str | None


def promote(
    *,
    candidate: str,
    data_path: Path,
    out_dir: Path,
    scheme: LabelScheme,
    settings: Settings,
    gates_path: Path | None = None,
    options: ReportOptions | None = None,
    skip_bad: bool = False,
) -> PromotionResult:
    """Evaluate candidate and champion on the same data; move ``champion`` only if all gates pass."""
    gates = load_gates(gates_path)
    configure_tracking(settings)
    client = MlflowClient()
    name = settings.model_name
    candidate_version = resolve_version(name, candidate)
    champion_version = alias_version(name, CHAMPION_ALIAS)
    candidate_result = evaluate(model_uri=f"models:/{name}/{candidate_version}", data_path=data_path,
                         out_dir=out_dir / f"v{candidate_version}", scheme=scheme, settings=settings,
                         options=options, skip_bad=skip_bad)
    champion_report = None
    if champion_version is not None and champion_version != candidate_version:
        champion_report = evaluate(model_uri=f"models:/{name}/{champion_version}", data_path=data_path,
                                   out_dir=out_dir / f"v{champion_version}", scheme=scheme,
                                   settings=settings, options=options, skip_bad=skip_bad).evaluation
    results = check_gates(GateInputs.from_report(candidate_result.evaluation),
                          GateInputs.from_report(champion_report) if champion_report else None, gates)
    promoted = all(result.passed for result in results)
    if promoted:
        client.set_registered_model_alias(name, CHAMPION_ALIAS, candidate_version)
    client.set_model_version_tag(name, candidate_version, "promotion",
                                 "promoted" if promoted else "refused: " + ", ".join(
                                     r.name for r in results if not r.passed))
    return PromotionResult(promoted=promoted, gates=results, candidate_version=candidate_version,
                           champion_version=champion_version)
