"""Train the concern and need-level models, track the run in MLflow, register the bundle.

One path from a data file to a registered model version:

1. read and validate referrals; redact them with the shared engine unless the file
   carries a redaction manifest whose hash matches (so only redacted text is fitted);
2. split by case (stratified, or by time) into train and held-out parts;
3. a small search over config candidates, each a nested MLflow run scored on a
   validation part carved from train;
4. refit the best candidate on all of train, score it on held-out, log metrics,
   plots, the resolved config, data fingerprint, git commit and package versions;
5. log the bundle as an MLflow pyfunc model, register it, alias it ``candidate``.
"""

from __future__ import annotations

import itertools
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mlflow
import numpy as np
from tqdm import tqdm

from models.bundle import Predictions, TriageBundle, fit_models, log_bundle
from referrals.errors import ConfigError
from referrals.labelled import (
    MINIMUM_REFERRALS,
    LabelledData,
    SourceSpec,
    combine_sources,
    to_labelled,
)
from referrals.labels import LabelScheme
from referrals.redaction.redacted_input import load_redacted
from referrals.settings import Settings
from scoring.metrics import concern_metrics, flatten_for_logging, need_level_metrics
from scoring.plots import confusion_matrix_figure, precision_recall_figure, reliability_figure
from tracking.registry import CANDIDATE_ALIAS, set_alias
from tracking.runs import configure_tracking, git_commit, package_versions
from training.config import apply_overrides, check_config
from training.data import split

logger = logging.getLogger(__name__)



@dataclass
class TrainResult:
    """Where the trained model went and how it scored on the held-out part."""

    run_id: str
    model_uri: str
    registered_version: str | None
    metrics: dict[str, Any]
    best_overrides: dict[str, Any]
    seconds: float


def search_candidates(search: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """All combinations of the search grid as dotted-override dicts ([{}] when empty)."""
    if not search:
        return [{}]
    keys = sorted(search)
    for key in keys:
        if not isinstance(search[key], list) or not search[key]:
            raise ValueError(f"search.{key} must be a non-empty list of values")
    return [dict(zip(keys, values, strict=True)) for values in itertools.product(*(search[k] for k in keys))]


def fit_bundle(
    data: LabelledData, config: dict[str, Any], scheme: LabelScheme, redaction_info: dict[str, Any],
    model_version: str,
) -> TriageBundle:
    """Fit both models on one shared TF-IDF of the redacted texts and wrap them in a bundle."""
    seed = int(config["seed"])
    concern_model, need_model = fit_models(
        data.texts, data.concerns, data.need_rank, scheme=scheme,
        feature_params=_tuples(config.get("features") or {}),
        concern_params={"random_state": seed, **(config.get("concerns") or {})},
        need_params={"random_state": seed, **(config.get("need_level") or {})},
        sample_weight=data.weights, calibrate_on=data.calibrate, sources=data.sources,
    )
    return TriageBundle(
        concern_model=concern_model, need_model=need_model, scheme=scheme,
        redaction_config_name=str(redaction_info.get("spacy_model", "")),
        redaction_config_hash=str(redaction_info.get("config_hash", "")),
        training_data_fingerprint=data.fingerprint(), model_version=model_version,
        **(config.get("suggest") or {}),
    )


def _tuples(params: dict[str, Any]) -> dict[str, Any]:
    """YAML has no tuples; scikit-learn's n-gram ranges must be tuples."""
    return {key: tuple(value) if isinstance(value, list) else value for key, value in params.items()}


@dataclass(frozen=True)
class HeldOutScore:
    """Held-out metrics (JSON-ready, logged as they are) and the predictions the plots draw."""

    metrics: dict[str, Any]
    predictions: Predictions


def score_bundle(bundle: TriageBundle, data: LabelledData, scheme: LabelScheme) -> HeldOutScore:
    """Held-out metrics for both models from one vectorisation, with the predictions kept."""
    predictions = bundle.predict_arrays(data.texts)
    need = predictions.need
    metrics = {
        "concerns": concern_metrics(
            y_true=data.concerns, y_pred=predictions.concern_suggested.astype(int),
            y_prob=predictions.concern_prob, concern_ids=scheme.concern_ids,
        ),
        "need_level": need_level_metrics(
            y_true=data.need_rank, y_pred=need.level, y_prob=need.probability, range_low=need.low,
            range_high=need.high, abstain=need.abstain, level_ids=scheme.need_level_ids,
        ),
    }
    return HeldOutScore(metrics=metrics, predictions=predictions)


def target_rows(data: LabelledData) -> LabelledData:
    """The rows that stand for the writing the model will serve: calibration sources.

    Search candidates are ranked on these (hand-written referrals when the run has
    them), not on the most numerous source.
    """
    if data.calibrate is None or data.calibrate.all() or not data.calibrate.any():
        return data
    return data.subset(np.flatnonzero(data.calibrate))


def selection_score(metrics: dict[str, Any]) -> float:
    """One number to rank search candidates: concern macro F1 + need QWK - 2 x under-triage."""
    under = metrics["need_level"]["under_triage"]
    under = 0.0 if not np.isfinite(under) else under
    return float(metrics["concerns"]["macro_f1"] + metrics["need_level"]["qwk"] - 2.0 * under)


def _log_figure(figure: Any, artifact_file: str) -> None:
    """Log a figure to the active run and close it (pyplot keeps every open figure)."""
    import matplotlib.pyplot as plt

    mlflow.log_figure(figure, artifact_file)
    plt.close(figure)


def _log_plots(score: HeldOutScore, data: LabelledData, scheme: LabelScheme) -> None:
    metrics, concern_prob = score.metrics, score.predictions.concern_prob
    level_prob = score.predictions.need.probability
    _log_figure(
        confusion_matrix_figure(metrics["need_level"]["confusion_matrix"], scheme.need_level_ids,
                                "Need level (held-out)"),
        "plots/need_level_confusion.png",
    )
    curves = {c: (data.concerns[:, i], concern_prob[:, i]) for i, c in enumerate(scheme.concern_ids)}
    _log_figure(reliability_figure(curves, "Concern reliability (held-out)"), "plots/concern_reliability.png")
    level_curves = {
        level: ((data.need_rank == rank).astype(int), level_prob[:, rank])
        for rank, level in enumerate(scheme.need_level_ids)
    }
    _log_figure(reliability_figure(level_curves, "Need-level reliability (held-out)"),
                      "plots/need_level_reliability.png")
    _log_figure(
        precision_recall_figure(y_true=data.concerns, y_prob=concern_prob,
                                concern_ids=scheme.concern_ids, title="Concern precision-recall (held-out)"),
        "plots/concern_precision_recall.png",
    )


def source_specs(inputs: list[tuple[str, Path]], config: dict[str, Any]) -> list[SourceSpec]:
    """Each named input with its weight and calibration flag from the config's ``sources``."""
    configured = config.get("sources") or {}
    specs = []
    for name, _path in inputs:
        if name != "data" and name not in configured:
            raise ConfigError(
                f"source {name!r} has no entry in the config's sources ({', '.join(configured) or 'none'}); "
                f"add sources.{name}.weight to the config or use one of those names")
        settings = configured.get(name) or {}
        unknown = set(settings) - {"weight", "calibrate"}
        if unknown:
            raise ConfigError(f"sources.{name}: unknown key(s) {sorted(unknown)}; allowed: weight, calibrate")
        weight = float(settings.get("weight", 1.0))
        if not weight > 0:
            raise ConfigError(f"sources.{name}.weight must be positive; got {weight}")
        specs.append(SourceSpec(name=name, weight=weight, calibrate=bool(settings.get("calibrate", True))))
    if len({s.name for s in specs}) != len(specs):
        raise ConfigError("two --data inputs share a source name; name them NAME=FILE")
    return specs


def load_sources(
    inputs: list[tuple[str, Path]], config: dict[str, Any], scheme: LabelScheme, settings: Settings,
    *, skip_bad: bool = False,
) -> tuple[LabelledData, dict[str, Any]]:
    """Redacted, labelled data from every input, combined with each source's settings."""
    parts = []
    infos: dict[str, Any] = {}
    for spec, (name, path) in zip(source_specs(inputs, config), inputs, strict=True):
        referrals, info = load_redacted(path, scheme, settings, skip_bad=skip_bad)
        infos[name] = info
        parts.append((spec, to_labelled(referrals, scheme, minimum=1 if len(inputs) > 1 else MINIMUM_REFERRALS)))
    # One unnamed file trains exactly as before sources existed (no weights, no prefix).
    data = parts[0][1] if inputs == [("data", inputs[0][1])] else combine_sources(parts)
    first = next(iter(infos.values()))
    return data, {**first, "sources": infos}


def train(
    *,
    data_path: Path | list[tuple[str, Path]],
    config: dict[str, Any],
    scheme: LabelScheme,
    settings: Settings,
    register: bool = True,
    skip_bad: bool = False,
) -> TrainResult:
    """Run the whole training job; see the module docstring for the steps.

    ``data_path`` is one file, or (source name, file) pairs whose weights and
    calibration flags come from the config's ``sources`` section. The config is
    checked first (:func:`training.config.check_config`), so a bad value stops the
    run before any data is read or any MLflow run is opened.
    """
    started = time.perf_counter()
    check_config(config)
    seed = int(config["seed"])
    inputs = [("data", data_path)] if isinstance(data_path, Path) else list(data_path)
    data, redaction_info = load_sources(inputs, config, scheme, settings, skip_bad=skip_bad)
    split_config = config["split"]
    train_part, held_out = split(data, method=split_config["method"], test_size=float(split_config["test_size"]),
                                 seed=seed)
    configure_tracking(settings)
    candidates = search_candidates(config.get("search") or {})

    with mlflow.start_run(run_name="train") as run:
        _log_inputs(config, data, redaction_info, scheme, len(train_part), len(held_out), len(candidates))
        best_overrides = _search(candidates, config, train_part, scheme, redaction_info)
        final_config = apply_overrides(config, best_overrides)
        logger.info("fitting the final models on %d referrals", len(train_part))
        bundle = fit_bundle(train_part, final_config, scheme, redaction_info, run.info.run_id)
        public = _score_held_out(bundle, held_out, scheme)
        if bool(split_config.get("refit_on_all", False)):
            # The held-out figures above describe this procedure on unseen cases and
            # writers; the model that ships then learns from every referral, because
            # with a few hundred in-domain referrals each held-out writer is a loss
            # (cross-writer folds: 0.811 macro F1 with 6 training writers, 0.821 with 7).
            logger.info("refitting on all %d referrals for the registered model", len(data))
            bundle = fit_bundle(data, final_config, scheme, redaction_info, run.info.run_id)
            mlflow.set_tag("registered_model_fitted_on", f"all {len(data)} referrals")
        else:
            mlflow.set_tag("registered_model_fitted_on", f"training part {len(train_part)}")
        model_info = log_bundle(bundle, name="model",
                                registered_model_name=settings.model_name if register else None)
        version = None
        if register and model_info.registered_model_version is not None:
            version = str(model_info.registered_model_version)
            set_alias(settings.model_name, version, CANDIDATE_ALIAS)
        mlflow.log_metric("train_seconds", time.perf_counter() - started)

    return TrainResult(
        run_id=run.info.run_id, model_uri=model_info.model_uri, registered_version=version,
        metrics=public, best_overrides=best_overrides, seconds=time.perf_counter() - started,
    )


def _log_inputs(config: dict[str, Any], data: LabelledData, redaction_info: dict[str, Any],
                scheme: LabelScheme, n_train: int, n_held_out: int, n_candidates: int) -> None:
    """Provenance first: what the run read and how it was set, before anything is fitted."""
    mlflow.set_tags({"git_commit": git_commit(), "data_fingerprint": data.fingerprint(),
                     "scheme_version": scheme.version, "scheme_fingerprint": scheme.fingerprint})
    mlflow.log_dict(config, "config/resolved.yaml")
    mlflow.log_dict(package_versions(), "environment/packages.json")
    mlflow.log_dict(redaction_info, "data/redaction.json")
    mlflow.log_params({"n_referrals": len(data), "n_train": n_train, "n_held_out": n_held_out,
                       "split_method": config["split"]["method"], "seed": int(config["seed"]),
                       "n_candidates": n_candidates})
    mlflow.log_params({f"n_source.{name}": len(data.of_source(name)) for name in data.source_names()})
    mlflow.log_params({f"config.{k}": v for k, v in flatten_params(config).items()})


def _search(candidates: list[dict[str, Any]], config: dict[str, Any], train_part: LabelledData,
            scheme: LabelScheme, redaction_info: dict[str, Any]) -> dict[str, Any]:
    """The grid's best overrides, each candidate a nested run scored on a validation split."""
    if len(candidates) <= 1:
        return {}
    fit_part, validation = split(train_part, method="stratified",
                                 test_size=float(config["split"]["validation_size"]), seed=int(config["seed"]))
    best_score, best_overrides = -np.inf, {}
    for overrides in tqdm(candidates, desc="search", unit="candidate"):
        candidate_config = apply_overrides(config, overrides)
        with mlflow.start_run(run_name="candidate", nested=True):
            mlflow.log_params({k: str(v) for k, v in overrides.items()})
            candidate = fit_bundle(fit_part, candidate_config, scheme, redaction_info, "search")
            scores = score_bundle(candidate, target_rows(validation), scheme).metrics
            score = selection_score(scores)
            mlflow.log_metrics(flatten_for_logging(scores, "validation."))
            mlflow.log_metric("selection_score", score)
        if score > best_score:
            best_score, best_overrides = score, overrides
    mlflow.log_dict(best_overrides, "config/best_overrides.json")
    return best_overrides


def _score_held_out(bundle: TriageBundle, held_out: LabelledData, scheme: LabelScheme) -> dict[str, Any]:
    """Held-out metrics, overall and per source, logged with their plots; returned as logged."""
    held_out_score = score_bundle(bundle, held_out, scheme)
    public = held_out_score.metrics
    mlflow.log_metrics(flatten_for_logging(public, "held_out."))
    mlflow.log_dict(public, "metrics/held_out.json")
    _log_plots(held_out_score, held_out, scheme)
    by_source = {}
    for name in held_out.source_names():
        part = held_out.of_source(name)
        if len(part) >= 20:
            by_source[name] = score_bundle(bundle, part, scheme).metrics
            mlflow.log_metrics(flatten_for_logging(by_source[name], f"held_out.{name}."))
    return {**public, "by_source": by_source} if by_source else public


def flatten_params(config: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested config as flat MLflow params (values as JSON, truncated to MLflow's limit)."""
    flat: dict[str, str] = {}
    for key, value in config.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(flatten_params(value, f"{name}."))
        else:
            flat[name] = json.dumps(value)[:500]
    return flat
