"""Active learning, simulated: does uncertainty order need fewer labels than random order?

Run: ``nice .venv/bin/python bench/active_learning.py [--generated-n 3000] [--seed-size 50]
[--batch 50] [--max-labels 500] [--repeats 3] [--out var/bench/active_learning.json]
[--plot docs/active_learning.png] [--orders random,uncertainty] [--uncertainty-max-labels N]
[--queue KEY=VALUE ...] [--prevalence labelled|pool] [--dev] [--diagnose-thresholds]
[--self-train WEIGHT]``.

The pool is the hand-written TRAINING writers (hw01–hw08); their labels are the oracle
that "answers" each queued item. The hand-written TEST writers (hw09–hw11) only measure:
nothing is chosen on them. Each repeat draws a random seed pool, then both orders start
from it: every ``batch`` labels the model is refitted (the queue's refresh) on the labelled
items plus generated referrals (weighted as in the learning curve), scored on the test
writers, and, for uncertainty order, asked which pool items to queue next
(:func:`annotation.queue.queue_order`: entropy over concerns plus need-level margin, with
the TF-IDF cluster guard). Random order takes the next items of a fixed shuffle.

``--dev`` is the protocol for choosing queue settings: the pool is training writers
hw01–hw06 and the scores are on training writers hw07–hw08, so no choice looks at the test
writers. ``--queue KEY=VALUE`` overrides a queue config key for uncertainty order (e.g.
``need_margin_weight=0``, ``rare_concern_power=1``); ``--prevalence`` says whether the
rare-concern weights use the labelled items' concern shares (default) or the pool's mean
predicted probabilities (what the served queue uses).

To keep the run within about 20 minutes of CPU the model is the shipped code path with a
fast config (word TF-IDF only, no word vectors, 3-fold cross-fitted calibration instead of
5-fold: ~10 s a fit instead of ~100 s), and 3,000 generated referrals stand in for 20,000
at the same total weight. (One calibration split instead of cross-fitting was tried
first: the hand-written calibrators and thresholds were then fitted on a tenth or so of a
few hundred labels, and F1 jumped by up to 0.15 between one refit and the next, which
drowned any difference between orders.) ``--set KEY=VALUE`` overrides a training config
key for both orders. Absolute F1 is therefore lower than the shipped model's;
the comparison between orders is what this measures.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
from handwritten_corpus import mix, rows_of_writers, shipped_overrides, standard_inputs

from annotation.config import load_annotation_config
from annotation.queue import queue_order
from referrals.labelled import LabelledData
from referrals.labels import LabelScheme
from training.config import apply_overrides, load_config, parse_overrides
from training.train import fit_bundle, score_bundle

FAST = {"features.char_ngram_range": None, "features.embeddings": None,
        "concerns.calibration_folds": 3, "need_level.calibration_folds": 3}


def run_order(order: str, seed_rows: np.ndarray, shuffle: np.ndarray, pool: LabelledData, test: LabelledData,
              generated: LabelledData, weights: dict[str, float], args: argparse.Namespace,
              scheme: LabelScheme) -> list[dict[str, Any]]:
    """One curve: refit every batch, score on the test writers, pick the next batch."""
    config = apply_overrides(load_config(), {"search": {}, **FAST, **args.model_overrides})
    queue_config = load_annotation_config().queue.model_copy(update={"order": "uncertainty", **args.queue_overrides})
    max_labels = args.max_labels if order == "random" else (args.uncertainty_max_labels or args.max_labels)
    labelled = [int(i) for i in seed_rows]
    rows = []
    while True:
        train = mix(pool.subset(np.array(sorted(labelled))), generated,
                    handwritten_weight=weights["handwritten"], generated_weight=weights["generated"])
        bundle = fit_bundle(train, config, scheme, {}, "bench")
        if args.self_train:
            train = with_pseudo_labels(bundle, train, pool, labelled, args.self_train)
            bundle = fit_bundle(train, config, scheme, {}, "bench")
        scores = score_bundle(bundle, test, scheme).metrics
        rows.append({"order": order, "labels": len(labelled), "concerns_macro_f1": scores["concerns"]["macro_f1"],
                     "qwk": scores["need_level"]["qwk"], "accuracy": scores["need_level"]["accuracy"],
                     **(threshold_diagnosis(bundle, test) if args.diagnose_thresholds else {})})
        if len(labelled) >= max_labels:
            return rows
        taken = set(labelled)
        remaining = [i for i in range(len(pool)) if i not in taken]
        if order == "random":
            chosen = [int(i) for i in shuffle if int(i) not in taken][: args.batch]
        else:
            predictions = bundle.predict_arrays([pool.texts[i] for i in remaining])
            prevalence = pool.concerns[labelled].mean(axis=0) if args.prevalence == "labelled" else None
            ranked = queue_order([str(i) for i in remaining], config=queue_config,
                                 texts=[pool.texts[i] for i in remaining],
                                 concern_prob=predictions.concern_prob, need_prob=predictions.need.probability,
                                 concern_prevalence=prevalence)
            chosen = [int(i) for i in ranked[: args.batch]]
        labelled.extend(chosen)


SURE_CONCERN = (0.02, 0.8)
"""A concern probability below the first or above the second counts as sure."""
SURE_NEED = 0.8


def with_pseudo_labels(bundle: Any, train: LabelledData, pool: LabelledData, labelled: list[int],
                       weight: float) -> LabelledData:
    """Self-training, for diagnosis: the unlabelled pool items the model is sure of (every
    concern below 0.02 or above 0.8, the need level at 0.8 or more) join the training data
    with the model's own labels, at ``weight`` times a hand-written label, never for
    calibration. Labelled items chosen by uncertainty are the hard ones; the sure items
    put back the easy ones the fit and its thresholds otherwise never see."""
    from dataclasses import replace

    taken = set(labelled)
    rest = np.array([i for i in range(len(pool)) if i not in taken])
    predictions = bundle.predict_arrays([pool.texts[i] for i in rest])
    probability, need = predictions.concern_prob, predictions.need.probability
    sure = ((probability < SURE_CONCERN[0]) | (probability > SURE_CONCERN[1])).all(axis=1) & (
        need.max(axis=1) >= SURE_NEED)
    if not sure.any():
        return train
    pseudo = pool.subset(rest[sure])
    n = len(pseudo)
    hand_weight = float(np.asarray(train.weights)[np.array(train.sources) == "handwritten"][0])
    return replace(
        train, ids=train.ids + [f"pseudo:{i}" for i in pseudo.ids], texts=train.texts + pseudo.texts,
        concerns=np.vstack([train.concerns, (probability[sure] > SURE_CONCERN[1]).astype(train.concerns.dtype)]),
        need_rank=np.concatenate([train.need_rank, need[sure].argmax(axis=1).astype(train.need_rank.dtype)]),
        groups=train.groups + [f"pseudo:{g}" for g in pseudo.groups],
        received_at=train.received_at + pseudo.received_at,
        sources=list(train.sources or []) + ["pseudo"] * n,
        weights=np.concatenate([np.asarray(train.weights), np.full(n, weight * hand_weight)]),
        calibrate=np.concatenate([np.asarray(train.calibrate), np.zeros(n, dtype=bool)]),
    )


def threshold_diagnosis(bundle: Any, test: LabelledData) -> dict[str, float]:
    """For diagnosis only, never for choosing settings: macro F1 with each concern's best
    threshold picked on the scored writers themselves (an oracle), and mean average
    precision (the ranking alone, no threshold). Beside the model's own F1 they say
    whether an order loses its gain in the ranking or at the thresholds."""
    from sklearn.metrics import average_precision_score, f1_score

    probability = bundle.predict_arrays(list(test.texts)).concern_prob
    present = [j for j in range(test.concerns.shape[1]) if test.concerns[:, j].any()]
    grid = np.linspace(0.02, 0.98, 49)
    oracle = [max(f1_score(test.concerns[:, j], probability[:, j] > t, zero_division=0) for t in grid)
              for j in present]
    ap = [average_precision_score(test.concerns[:, j], probability[:, j]) for j in present]
    return {"oracle_threshold_macro_f1": float(np.mean(oracle)), "mean_average_precision": float(np.mean(ap))}


def summarise(rows: list[dict[str, Any]], target_labels: int) -> dict[str, Any]:
    """Mean F1 per order and size; the random-order F1 at ``target_labels``; where uncertainty reaches it."""
    curves: dict[str, dict[int, float]] = {}
    for order in ("random", "uncertainty"):
        if not any(r["order"] == order for r in rows):
            continue
        sizes = sorted({r["labels"] for r in rows if r["order"] == order})
        curves[order] = {n: float(np.mean([r["concerns_macro_f1"] for r in rows
                                           if r["order"] == order and r["labels"] == n])) for n in sizes}
    target = curves.get("random", {}).get(target_labels, float("nan"))
    reached = [n for n, f1 in curves.get("uncertainty", {}).items() if f1 >= target]
    return {"curves": curves, "random_f1_at_target": target,
            "uncertainty_labels_to_reach": min(reached) if reached else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated-n", type=int, default=3000)
    parser.add_argument("--seed-size", type=int, default=50)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--max-labels", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--uncertainty-max-labels", type=int, default=None,
                        help="stop uncertainty order here (default: --max-labels)")
    parser.add_argument("--orders", default="random,uncertainty", help="comma-separated orders to run")
    parser.add_argument("--queue", action="append", default=[], metavar="KEY=VALUE",
                        help="override a queue config key for uncertainty order (e.g. rare_concern_power=1)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="model_set",
                        help="override a training config key for both orders (e.g. concerns.source_calibration=pooled)")
    parser.add_argument("--prevalence", choices=("pool", "labelled"), default="labelled",
                        help="concern prevalence for rare-concern weights: labelled share or pool's mean prediction")
    parser.add_argument("--dev", action="store_true",
                        help="tuning protocol: pool = training writers hw01-hw06, scored on hw07-hw08 "
                             "(the test writers are not loaded into any choice)")
    parser.add_argument("--diagnose-thresholds", action="store_true",
                        help="also record oracle-threshold macro F1 and mean average precision per size "
                             "(diagnosis: is a gain lost in the ranking or at the thresholds?)")
    parser.add_argument("--self-train", type=float, default=0.0, metavar="WEIGHT",
                        help="diagnosis: after each refit, add the pool items the model is sure of with "
                             "its own labels at WEIGHT times a hand-written label, and refit (0: off)")
    parser.add_argument("--out", default=None)
    parser.add_argument("--plot", default=None)
    args = parser.parse_args()
    args.queue_overrides = {key: float(value) if key != "clusters" else int(value)
                            for key, value in (item.split("=", 1) for item in args.queue)}
    args.model_overrides = parse_overrides([f"--{pair}" for pair in args.model_set])
    scheme, _settings, pool, test, generated = standard_inputs(args.generated_n)
    if args.dev:
        pool, test = (rows_of_writers(pool, {f"hw{i:02d}" for i in range(1, 7)}),
                      rows_of_writers(pool, {"hw07", "hw08"}))
    _, weights = shipped_overrides()
    weights["generated"] *= 20000 / max(len(generated), 1)
    print(f"pool {len(pool)} (training writers{' hw01-hw06' if args.dev else ''}), test {len(test)} "
          f"({'dev writers hw07-hw08' if args.dev else 'test writers'}), generated {len(generated)}")
    rows: list[dict[str, Any]] = []
    for repeat in range(args.repeats):
        rng = np.random.default_rng(args.seed + repeat)
        shuffle = rng.permutation(len(pool))
        for order in args.orders.split(","):
            started = time.perf_counter()
            curve = run_order(order, shuffle[: args.seed_size], shuffle, pool, test, generated, weights, args, scheme)
            rows.extend({**row, "repeat": repeat} for row in curve)
            print(f"repeat {repeat} {order:>11}: " + " ".join(f"{r['labels']}:{r['concerns_macro_f1']:.3f}"
                                                            for r in curve)
                  + f" ({time.perf_counter() - started:.0f} s)", flush=True)
    summary = summarise(rows, args.max_labels)
    print(json.dumps(summary, indent=1))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps({"rows": rows, "summary": summary, "args": vars(args)}, indent=1))
    if args.plot:
        plot(rows, summary, args.plot, queue_overrides=args.queue_overrides)


def plot(rows: list[dict[str, Any]], summary: dict[str, Any], path: str,
         queue_overrides: dict[str, Any] | None = None) -> None:
    """Concern macro F1 on the test writers against labels used, per order (thin lines: repeats)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(6.5, 4.2))
    for order, colour in (("random", "tab:grey"), ("uncertainty", "tab:blue")):
        for repeat in sorted({r["repeat"] for r in rows}):
            points = sorted((r["labels"], r["concerns_macro_f1"]) for r in rows
                            if r["order"] == order and r["repeat"] == repeat)
            axis.plot(*zip(*points), color=colour, alpha=0.25, linewidth=1)
        mean = sorted(summary["curves"][order].items())
        settings = ", ".join(f"{k} {v:g}" for k, v in (queue_overrides or {}).items())
        label = f"{order} order ({settings}; mean)" if order == "uncertainty" and settings else f"{order} order (mean)"
        axis.plot(*zip(*mean), "o-", color=colour, label=label)
    axis.axhline(summary["random_f1_at_target"], color="tab:grey", linestyle=":", linewidth=1,
                 label="random order at its last size")
    axis.set_xlabel("hand-written labels (oracle answers)")
    axis.set_ylabel("concerns macro F1, test writers")
    axis.set_title("Active learning on the hand-written corpus")
    axis.grid(alpha=0.3)
    axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


if __name__ == "__main__":
    main()
