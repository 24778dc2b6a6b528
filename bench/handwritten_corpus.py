"""Shared plumbing of the hand-written-corpus benchmarks: redacted data, one fit, one score.

Not a benchmark itself. ``bench/handwritten_dev.py`` (model choice by cross-writer
validation on the training writers), ``bench/learning_curve.py`` and
``bench/leave_one_writer_out.py`` import it. Files are redacted once with the shared
engine and cached with their manifest under ``$TRIAGE_HOME/bench/`` (the cache is
trusted only while the manifest's hash matches, as in training).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from referrals.labelled import LabelledData, SourceSpec, combine_sources, to_labelled
from referrals.labels import LabelScheme, load_scheme
from referrals.redaction.files import manifest_path, redact_file
from referrals.redaction.redacted_input import load_redacted
from referrals.settings import Settings
from training.config import apply_overrides, load_config
from training.train import fit_bundle, score_bundle

ROOT = Path(__file__).resolve().parent.parent
HANDWRITTEN = ROOT / "data" / "handwritten"


def redacted_labelled(path: Path, scheme: LabelScheme, settings: Settings) -> LabelledData:
    """Labelled, redacted data from ``path``, redacting once into the bench cache."""
    cache = settings.home / "bench" / f"{path.stem}.{path.stat().st_mtime_ns}.redacted.jsonl"
    if not manifest_path(cache).is_file():
        cache.parent.mkdir(parents=True, exist_ok=True)
        redact_file(path, cache, settings.redaction_config, workers=1)
    referrals, _ = load_redacted(cache, scheme, settings)
    return to_labelled(referrals, scheme)


def writers_of(data: LabelledData) -> list[str]:
    """Writer ids in order of first appearance (groups are ``__writer__<id>``)."""
    return list(dict.fromkeys(g.removeprefix("__writer__") for g in data.groups))


def rows_of_writers(data: LabelledData, writers: set[str]) -> LabelledData:
    keep = [i for i, g in enumerate(data.groups) if g.removeprefix("__writer__") in writers]
    return data.subset(np.array(keep, dtype=np.int_))


def mix(handwritten: LabelledData | None, generated: LabelledData | None, *,
        handwritten_weight: float, generated_weight: float) -> LabelledData:
    """Training data from either or both sources; calibration on hand-written when present."""
    parts = []
    if generated is not None and len(generated):
        parts.append((SourceSpec("generated", generated_weight, calibrate=handwritten is None), generated))
    if handwritten is not None and len(handwritten):
        parts.append((SourceSpec("handwritten", handwritten_weight, calibrate=True), handwritten))
    return combine_sources(parts)


def fit_and_score(train: LabelledData, test: LabelledData, overrides: dict[str, Any],
                  scheme: LabelScheme) -> dict[str, Any]:
    """Fit the shipped code path on ``train`` with config ``overrides``; score on ``test``."""
    config = apply_overrides(load_config(), {"search": {}, **overrides})
    bundle = fit_bundle(train, config, scheme, {}, "bench")
    held_out = score_bundle(bundle, test, scheme)
    scores = held_out.metrics
    uncertain, need = held_out.predictions.concern_uncertain, held_out.predictions.need
    need_metrics = scores["need_level"]
    top = len(scheme.need_level_ids) - 1
    return {
        "n_train": len(train), "n_test": len(test),
        "concerns_macro_f1": scores["concerns"]["macro_f1"],
        "concerns_ece": scores["concerns"]["ece"],
        "qwk": need_metrics["qwk"], "accuracy": need_metrics["accuracy"],
        "under_triage": need_metrics["under_triage"], "over_triage": need_metrics["over_triage"],
        "need_ece": need_metrics["ece"],
        "suggested_cp": int(np.sum(need.level == top)),
        "uncertain_rate_max": float(uncertain.mean(axis=0).max()),
        "uncertain_rate_by_concern": dict(zip(scheme.concern_ids, uncertain.mean(axis=0).round(3).tolist(), strict=True)),
        "per_concern_f1": {c: v["f1"] for c, v in scores["concerns"]["per_category"].items()},
    }


def standard_inputs(generated_n: int, seed: int = 7) -> tuple[LabelScheme, Settings, LabelledData, LabelledData, LabelledData]:
    """(scheme, settings, hand-written train, hand-written test, generated) redacted and labelled."""
    from referrals.contract import write_referrals
    from referrals.synthetic import generate_referrals

    scheme = load_scheme()
    settings = Settings()
    import hashlib

    rule = hashlib.sha256((ROOT / "referrals" / "synthetic" / "data" / "generator.yaml").read_bytes()).hexdigest()[:8]
    generated_path = settings.home / "bench" / f"generated_{generated_n}_{seed}_{rule}.jsonl"
    if not generated_path.is_file():
        generated_path.parent.mkdir(parents=True, exist_ok=True)
        write_referrals(generated_path, generate_referrals(generated_n, seed=seed))
    return (scheme, settings, redacted_labelled(HANDWRITTEN / "train.jsonl", scheme, settings),
            redacted_labelled(HANDWRITTEN / "test.jsonl", scheme, settings),
            redacted_labelled(generated_path, scheme, settings))


def shipped_overrides() -> tuple[dict[str, Any], dict[str, float]]:
    """The shipped config's settings as bench overrides, and its source weights."""
    config = load_config()
    sources = config.get("sources") or {}
    weights = {name: float((sources.get(name) or {}).get("weight", 1.0)) for name in ("generated", "handwritten")}
    return {}, weights
