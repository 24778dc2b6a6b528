"""Choose the need level's calibration and under-triage weight on dev data only.

Run: ``TRIAGE_HOME=... .venv/bin/python bench/need_level_dev.py --generated-train TRAIN.redacted.jsonl
--generated-dev DEV.redacted.jsonl --dev-seed 13 [--calibrations pooled per_source]
[--weights 2.5 4 5] [--folds 4] [--out dev.json]``.

Both redacted files are ``triage generate`` output passed through ``triage redact``; the
dev file must not be the generated test seed (11). The hand-written side uses only the
TRAINING writers (hw01-hw08), held out in writer groups: each fold fits the need model on
the generated training referrals plus the other writers, with the shipped source weights
(the generated weight scaled so the source keeps the weight 20,000 referrals have in
``make run``), and scores the held-out writers and the generated dev set. Only the need
model is fitted (the decision and calibration do not touch the concern model). The under-
triage weight does not change the fit, so each fitted model is scored at every weight.
Figures pool the predictions: the generated dev set once per fold, the held-out writers
once each.

For the generated dev set it also gives the ECE against the generator's noise-free level
(the latent scenario, recovered by rerunning the generator with the dev seed), which
tells the generator's label noise apart from the model's calibration.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
from generator_audit import latent_rows
from handwritten_corpus import HANDWRITTEN, redacted_labelled, rows_of_writers, writers_of
from sklearn.frozen import FrozenEstimator

from models.need_level import NeedLevelClassifier
from models.text import make_text_features
from referrals.labelled import LabelledData, SourceSpec, combine_sources, to_labelled
from referrals.labels import LabelScheme, load_scheme
from referrals.redaction.redacted_input import load_redacted
from referrals.settings import Settings
from scoring.metrics import calibration_errors, need_level_metrics
from training.config import apply_overrides, load_config, parse_overrides
from training.train import _tuples

MAKE_RUN_GENERATED = 20000
KEYS = ("accuracy", "qwk", "under_triage", "over_triage", "ece", "upper_coverage", "abstain_rate")


def training_mix(generated: LabelledData, writers: LabelledData, config: dict[str, Any]) -> LabelledData:
    """The two sources with the shipped weights and calibrate flags."""
    sources = config["sources"]
    scale = MAKE_RUN_GENERATED / max(len(generated), 1)
    parts = [
        (SourceSpec("generated", sources["generated"]["weight"] * scale,
                    bool(sources["generated"]["calibrate"])), generated),
        (SourceSpec("handwritten", sources["handwritten"]["weight"],
                    bool(sources["handwritten"]["calibrate"])), writers),
    ]
    return combine_sources(parts)


def fit_need(train: LabelledData, config: dict[str, Any], calibration: str) -> tuple[NeedLevelClassifier, Any]:
    """The need model as ``fit_models`` fits it, with ``calibration`` set, and its features."""
    features = make_text_features(**_tuples(config.get("features") or {}))
    matrix = features.fit_transform(train.texts)
    params = {**config["need_level"], "calibration": calibration, "random_state": int(config["seed"])}
    model = NeedLevelClassifier(n_levels=4, **params, vectorizer=FrozenEstimator(features)).fit(
        matrix, train.need_rank, sample_weight=train.weights, calibrate_on=train.calibrate,
        sources=train.sources)
    return model, features


def predict(model: NeedLevelClassifier, data: LabelledData, matrix: Any, weight: float) -> dict[str, Any]:
    """Predictions at under-triage weight ``weight`` (the fit does not depend on it)."""
    model.set_params(under_triage_weight=weight)
    out = model.predict_all(matrix)
    return {"y": data.need_rank, "level": out.level, "probability": out.probability, "low": out.low,
            "high": out.high, "abstain": out.abstain, "routed": model.source_of(matrix)}


def figures(parts: list[dict[str, Any]], scheme: LabelScheme, true: Any = None) -> dict[str, Any]:
    """Need-level figures over the pooled predictions of ``parts``."""
    joined = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    metrics = need_level_metrics(
        y_true=joined["y"], y_pred=joined["level"], y_prob=joined["probability"],
        range_low=joined["low"], range_high=joined["high"], abstain=joined["abstain"],
        level_ids=scheme.need_level_ids)
    result = {k: metrics[k] for k in KEYS}
    names, counts = np.unique(joined["routed"], return_counts=True)
    result["routed"] = dict(zip(names.tolist(), counts.tolist(), strict=True))
    if true is not None:
        probability = joined["probability"]
        result["ece_noise_free"] = calibration_errors(
            y_true=probability.argmax(axis=1) == np.tile(true, len(parts)), y_prob=probability.max(axis=1))[0]
    return result


def run(args: argparse.Namespace) -> dict[str, Any]:
    scheme, settings = load_scheme(), Settings()
    config = apply_overrides(load_config(), parse_overrides([f"--{item}" for item in args.set]))
    generated = to_labelled(load_redacted(Path(args.generated_train), scheme, settings)[0], scheme)
    dev = to_labelled(load_redacted(Path(args.generated_dev), scheme, settings)[0], scheme)
    true_dev = np.array([r["true"] for r in latent_rows(args.generated_dev, args.dev_seed, scheme)])
    handwritten = (to_labelled(load_redacted(Path(args.handwritten), scheme, settings)[0], scheme)
                   if args.handwritten else redacted_labelled(HANDWRITTEN / "train.jsonl", scheme, settings))
    writers = writers_of(handwritten)
    groups = [writers[i::args.folds] for i in range(args.folds)]
    results: dict[str, Any] = {}
    for calibration in args.calibrations:
        per_weight: dict[float, dict[str, list[dict[str, Any]]]] = {w: {"gen": [], "hw": []} for w in args.weights}
        for held in groups:
            started = time.perf_counter()
            train = training_mix(generated, rows_of_writers(handwritten, set(writers) - set(held)), config)
            model, features = fit_need(train, config, calibration)
            test = rows_of_writers(handwritten, set(held))
            dev_matrix, test_matrix = features.transform(dev.texts), features.transform(test.texts)
            for weight in args.weights:
                per_weight[weight]["gen"].append(predict(model, dev, dev_matrix, weight))
                per_weight[weight]["hw"].append(predict(model, test, test_matrix, weight))
            print(f"  {calibration} fold {held} {time.perf_counter() - started:.0f}s", flush=True)
        results[calibration] = {
            str(w): {"generated_dev": figures(sides["gen"], scheme, true_dev),
                     "handwritten_held_out": figures(sides["hw"], scheme)}
            for w, sides in per_weight.items()}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated-train", required=True)
    parser.add_argument("--generated-dev", required=True)
    parser.add_argument("--dev-seed", type=int, required=True)
    parser.add_argument("--handwritten", default=None,
                        help="redacted hand-written TRAINING file (default: redact data/handwritten/train.jsonl)")
    parser.add_argument("--calibrations", nargs="*", default=["pooled", "per_source"])
    parser.add_argument("--weights", nargs="*", type=float, default=[2.5, 3.0, 4.0, 5.0, 6.0])
    parser.add_argument("--folds", type=int, default=4, help="held-out writer groups")
    parser.add_argument("--set", nargs="*", default=[], metavar="KEY=VALUE",
                        help="config overrides, e.g. need_level.source_features=true sources.generated.weight=0.5")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    if args.dev_seed == 11:
        parser.error("seed 11 is the generated test set; choose on another seed")
    results = run(args)
    print(f"{'calibration':<11} {'w':>4} | {'gen acc':>7} {'qwk':>5} {'under':>5} {'over':>5} {'ece':>5} "
          f"{'ece*':>5} | {'hw acc':>6} {'qwk':>5} {'under':>5} {'over':>5} {'ece':>5}")
    for calibration, table in results.items():
        for weight, row in table.items():
            g, h = row["generated_dev"], row["handwritten_held_out"]
            print(f"{calibration:<11} {weight:>4} | {g['accuracy']:7.3f} {g['qwk']:5.3f} {g['under_triage']:5.3f} "
                  f"{g['over_triage']:5.3f} {g['ece']:5.3f} {g['ece_noise_free']:5.3f} | {h['accuracy']:6.3f} "
                  f"{h['qwk']:5.3f} {h['under_triage']:5.3f} {h['over_triage']:5.3f} {h['ece']:5.3f}")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=1, default=float)


if __name__ == "__main__":
    main()
