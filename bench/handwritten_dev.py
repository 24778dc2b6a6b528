"""Choose the default model by leave-one-writer-out on the hand-written TRAINING writers.

Run: ``.venv/bin/python bench/handwritten_dev.py [--generated-n 5000] [--configs NAME ...]``.

The hand-written test writers are never read here: every choice of the shipped config
(representation, source weights, generated volume) is made on these folds. Each fold
holds out one training writer, fits on the other writers (plus generated referrals
when the config uses them) and scores on the held-out writer; the table gives the
median over folds and the pooled figures over all held-out referrals.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

import numpy as np
from handwritten_corpus import (
    fit_and_score,
    mix,
    rows_of_writers,
    shipped_overrides,
    standard_inputs,
    writers_of,
)

XFIT = {"concerns.calibration_folds": 5, "need_level.calibration_folds": 5}
CONFIGS: dict[str, dict[str, Any]] = {
    "generated_only": {"use_handwritten": False, "generated_weight": 1.0, "overrides": {}},
    "handwritten_only": {"use_generated": False, "overrides": {}},
    "handwritten_only+glove": {"use_generated": False, "overrides": {"features.embeddings": "glove-6b-50d"}},
    "mixed_w1": {"handwritten_weight": 1.0, "overrides": {}},
    "mixed_w5": {"handwritten_weight": 5.0, "overrides": {}},
    "mixed_w5+glove": {"handwritten_weight": 5.0, "overrides": {"features.embeddings": "glove-6b-50d"}},
    "mixed_w20+glove": {"handwritten_weight": 20.0, "overrides": {"features.embeddings": "glove-6b-50d"}},
    "handwritten_only+xfit": {"use_generated": False, "overrides": XFIT},
    "mixed_w5+xfit": {"handwritten_weight": 5.0, "overrides": XFIT},
    "mixed_w5+xfit+C10": {"handwritten_weight": 5.0, "overrides": {**XFIT, "concerns.C": 10.0}},
    "mixed_w5+xfit+balanced": {"handwritten_weight": 5.0,
                               "overrides": {**XFIT, "concerns.class_weight": "balanced"}},
    "mixed_w5+xfit+glove": {"handwritten_weight": 5.0,
                            "overrides": {**XFIT, "features.embeddings": "glove-6b-50d"}},
    "mixed_w10+xfit": {"handwritten_weight": 10.0, "overrides": XFIT},
    "shipped": {"shipped": True, "overrides": {}},
}


def run(config: dict[str, Any], handwritten: Any, generated: Any, scheme: Any,
        n_folds: int) -> dict[str, Any]:
    """Held-out writers in ``n_folds`` groups (0: one writer per fold, leave-one-writer-out)."""
    writers = writers_of(handwritten)
    groups = [[w] for w in writers] if n_folds <= 0 else [writers[i::n_folds] for i in range(n_folds)]
    if config.get("shipped"):
        # The shipped weights are set for make run's 20,000 generated referrals; with
        # fewer here, each generated referral weighs proportionally more, so the two
        # sources keep the same total weight as in the shipped model.
        _, weights = shipped_overrides()
        config = {**config, "handwritten_weight": weights["handwritten"],
                  "generated_weight": weights["generated"] * 20000 / max(len(generated), 1)}
    folds = []
    for held in groups:
        train_hw = rows_of_writers(handwritten, set(writers) - set(held))
        test = rows_of_writers(handwritten, set(held))
        train = mix(train_hw if config.get("use_handwritten", True) else None,
                    generated if config.get("use_generated", True) else None,
                    handwritten_weight=config.get("handwritten_weight", 1.0),
                    generated_weight=config.get("generated_weight", 1.0))
        scores = fit_and_score(train, test, config["overrides"], scheme)
        scores["writers"] = held
        folds.append(scores)
    keys = ("concerns_macro_f1", "qwk", "accuracy", "under_triage", "over_triage", "need_ece",
            "uncertain_rate_max")
    return {"median": {k: float(np.nanmedian([f[k] for f in folds])) for k in keys}, "folds": folds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated-n", type=int, default=5000)
    parser.add_argument("--configs", nargs="*", default=list(CONFIGS))
    parser.add_argument("--folds", type=int, default=0,
                        help="writer groups held out in turn (0: one writer each, leave-one-writer-out)")
    parser.add_argument("--out", default=None, help="write every fold's figures as JSON here")
    args = parser.parse_args()
    unknown = set(args.configs) - set(CONFIGS)
    if unknown:
        parser.error(f"unknown config(s) {sorted(unknown)}; known: {list(CONFIGS)}")
    scheme, _settings, handwritten, _test_unused, generated = standard_inputs(args.generated_n)
    del _test_unused  # the test writers take no part in any choice
    print(f"training writers: {writers_of(handwritten)} ({len(handwritten)} referrals); "
          f"generated: {len(generated)}")
    results = {}
    print(f"{'config':<26} {'F1':>6} {'QWK':>6} {'acc':>6} {'under':>6} {'over':>6} {'ECE':>6} {'unc':>6} {'s':>5}")
    for name in args.configs:
        started = time.perf_counter()
        results[name] = run(CONFIGS[name], handwritten, generated, scheme, args.folds)
        m = results[name]["median"]
        print(f"{name:<26} {m['concerns_macro_f1']:6.3f} {m['qwk']:6.3f} {m['accuracy']:6.3f} "
              f"{m['under_triage']:6.3f} {m['over_triage']:6.3f} {m['need_ece']:6.3f} "
              f"{m['uncertain_rate_max']:6.3f} {time.perf_counter() - started:5.0f}", flush=True)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=1, default=float)


if __name__ == "__main__":
    main()
