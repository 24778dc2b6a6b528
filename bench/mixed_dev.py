"""Compare whole-model configs on generated dev data and held-out TRAINING writers.

Run: ``TRIAGE_HOME=... .venv/bin/python bench/mixed_dev.py --generated-train TRAIN.redacted.jsonl
--generated-dev DEV.redacted.jsonl [--folds 2] [--config NAME KEY=VALUE ...] [--out FILE]``.

Where ``bench/need_level_dev.py`` fits only the need model, this fits both models the way
``triage train`` does (``training.train.fit_bundle``: one shared TF-IDF, the shipped source
weights scaled to ``make run``'s 20,000 generated referrals) and scores concerns and need
level together. The hand-written side uses only the TRAINING writers (hw01-hw08), held
out in writer groups; the generated dev file must not be the generated test seed (11).
Each ``--config`` is a name and its config overrides (e.g. ``--config copies
need_level.source_features=true``); with none, the shipped config alone is run.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
from handwritten_corpus import HANDWRITTEN, redacted_labelled, rows_of_writers, writers_of
from need_level_dev import training_mix

from referrals.labelled import LabelledData, to_labelled
from referrals.labels import LabelScheme, load_scheme
from referrals.redaction.redacted_input import load_redacted
from referrals.settings import Settings
from scoring.metrics import concern_metrics, need_level_metrics
from training.config import apply_overrides, load_config, parse_overrides
from training.train import fit_bundle

NEED_KEYS = ("accuracy", "qwk", "under_triage", "over_triage", "ece")


def parse_configs(items: list[list[str]] | None) -> dict[str, dict[str, Any]]:
    """``[[name, key=value, ...], ...]`` -> {name: {key: value}}, read as ``triage train``
    reads its overrides."""
    return {name: parse_overrides([f"--{pair}" for pair in pairs])
            for name, *pairs in items or [["shipped"]]}


def scores(train: LabelledData, parts: dict[str, LabelledData], config: dict[str, Any],
           scheme: LabelScheme) -> dict[str, dict[str, Any]]:
    """Fit both models on ``train`` as ``triage train`` does; predictions for each of ``parts``."""
    bundle = fit_bundle(train, config, scheme, {}, "dev")
    result = {}
    for name, data in parts.items():
        predictions = bundle.predict_arrays(data.texts)
        need = predictions.need
        result[name] = {"concerns": data.concerns, "concern_prob": predictions.concern_prob,
                        "suggested": predictions.concern_suggested.astype(int), "y": data.need_rank,
                        "level": need.level, "probability": need.probability, "low": need.low,
                        "high": need.high, "abstain": need.abstain}
    return result


def figures(parts: list[dict[str, Any]], scheme: LabelScheme) -> dict[str, float]:
    """Concern macro F1 and need-level figures over the pooled predictions of ``parts``."""
    joined = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    concerns = concern_metrics(y_true=joined["concerns"], y_pred=joined["suggested"],
                               y_prob=joined["concern_prob"], concern_ids=scheme.concern_ids)
    need = need_level_metrics(
        y_true=joined["y"], y_pred=joined["level"], y_prob=joined["probability"],
        range_low=joined["low"], range_high=joined["high"], abstain=joined["abstain"],
        level_ids=scheme.need_level_ids)
    return {"concerns_f1": concerns["macro_f1"], **{k: need[k] for k in NEED_KEYS}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated-train", required=True)
    parser.add_argument("--generated-dev", required=True)
    parser.add_argument("--folds", type=int, default=2, help="held-out writer groups")
    parser.add_argument("--config", nargs="+", action="append", metavar="NAME [KEY=VALUE ...]")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    scheme, settings = load_scheme(), Settings()
    generated = to_labelled(load_redacted(Path(args.generated_train), scheme, settings)[0], scheme)
    dev_records, _manifest = load_redacted(Path(args.generated_dev), scheme, settings)
    if any(str(r.id).startswith("syn-11-") for r in dev_records[:5]):
        parser.error("that looks like the generated test seed (11); choose on another seed")
    dev = to_labelled(dev_records, scheme)
    handwritten = redacted_labelled(HANDWRITTEN / "train.jsonl", scheme, settings)
    writers = writers_of(handwritten)
    groups = [writers[i::args.folds] for i in range(args.folds)]
    results: dict[str, Any] = {}
    for name, overrides in parse_configs(args.config).items():
        config = apply_overrides(load_config(), overrides)
        pooled: dict[str, list[dict[str, Any]]] = {"generated_dev": [], "held_out_writers": []}
        for held in groups:
            started = time.perf_counter()
            train = training_mix(generated, rows_of_writers(handwritten, set(writers) - set(held)), config)
            out = scores(train, {"generated_dev": dev,
                                 "held_out_writers": rows_of_writers(handwritten, set(held))}, config, scheme)
            for side, predictions in out.items():
                pooled[side].append(predictions)
            print(f"  {name} fold {held} {time.perf_counter() - started:.0f}s", flush=True)
        results[name] = {side: figures(parts, scheme) for side, parts in pooled.items()}
    print(f"{'config':<16} | {'gen F1':>6} {'acc':>5} {'qwk':>5} {'under':>5} {'over':>5} {'ece':>5} | "
          f"{'hw F1':>6} {'acc':>5} {'qwk':>5} {'under':>5} {'over':>5} {'ece':>5}")
    for name, row in results.items():
        g, h = row["generated_dev"], row["held_out_writers"]
        print(f"{name:<16} | " + " ".join(f"{g[k]:{6 if k == 'concerns_f1' else 5}.3f}"
                                          for k in ("concerns_f1", *NEED_KEYS))
              + " | " + " ".join(f"{h[k]:{6 if k == 'concerns_f1' else 5}.3f}" for k in ("concerns_f1", *NEED_KEYS)))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=1, default=float)


if __name__ == "__main__":
    main()
