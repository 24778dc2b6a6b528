"""Learning curve: how many of its own labelled referrals does an authority need?

Run: ``.venv/bin/python bench/learning_curve.py [--sizes 0 100 250 500 1000 all]
[--generated-n 20000] [--repeats 3] [--plot docs/learning_curve.png]``.

For each size, that many hand-written TRAINING referrals are drawn at random (a fresh
draw per repeat), a model is fitted with the shipped config on them alone and on them
plus generated referrals, and both are scored on the hand-written TEST writers. The
test set only measures here: nothing is chosen on it. Size 0 with generated data is the
generated-only model; size 0 without it cannot be fitted and is skipped.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

import numpy as np
from handwritten_corpus import fit_and_score, mix, shipped_overrides, standard_inputs

METRICS = ("concerns_macro_f1", "qwk", "accuracy", "under_triage", "over_triage", "need_ece")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", default=["0", "100", "250", "500", "1000", "all"])
    parser.add_argument("--generated-n", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=None, help="write all figures as JSON here")
    parser.add_argument("--plot", default=None, help="write the curve as a PNG here")
    args = parser.parse_args()
    scheme, _settings, handwritten, test, generated = standard_inputs(args.generated_n)
    overrides, weights = shipped_overrides()
    # Shipped weights are set for 20,000 generated referrals; keep the same total weight.
    weights["generated"] *= 20000 / max(len(generated), 1)
    rng = np.random.default_rng(args.seed)
    rows: list[dict[str, Any]] = []
    print(f"hand-written train {len(handwritten)}, test {len(test)}, generated {len(generated)}")
    print(f"{'size':>5} {'generated':>9} {'F1':>6} {'QWK':>6} {'acc':>6} {'under':>6} {'over':>6} {'s':>5}")
    for size_text in args.sizes:
        size = len(handwritten) if size_text == "all" else int(size_text)
        repeats = 1 if size in (0, len(handwritten)) else args.repeats
        for with_generated in (False, True):
            if size == 0 and not with_generated:
                continue
            runs = []
            started = time.perf_counter()
            for _ in range(repeats):
                picked = handwritten.subset(np.sort(rng.choice(len(handwritten), size, replace=False))) if size else None
                train = mix(picked, generated if with_generated else None,
                            handwritten_weight=weights["handwritten"], generated_weight=weights["generated"])
                runs.append(fit_and_score(train, test, overrides, scheme))
            row = {"size": size, "generated": with_generated, "repeats": repeats,
                   **{m: float(np.median([r[m] for r in runs])) for m in METRICS}}
            rows.append(row)
            print(f"{size:5d} {with_generated!s:>9} {row['concerns_macro_f1']:6.3f} {row['qwk']:6.3f} "
                  f"{row['accuracy']:6.3f} {row['under_triage']:6.3f} {row['over_triage']:6.3f} "
                  f"{time.perf_counter() - started:5.0f}", flush=True)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            json.dump(rows, handle, indent=1)
    if args.plot:
        plot(rows, args.plot)


def plot(rows: list[dict[str, Any]], path: str) -> None:
    """Concern macro F1 and need-level QWK against hand-written training size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 2, figsize=(10, 4))
    for axis, metric, title in ((axes[0], "concerns_macro_f1", "Concerns macro F1"),
                                (axes[1], "qwk", "Need-level QWK")):
        for with_generated, style in ((False, "o-"), (True, "s--")):
            points = sorted((r["size"], r[metric]) for r in rows if r["generated"] == with_generated)
            if points:
                axis.plot(*zip(*points), style,
                          label="hand-written + generated" if with_generated else "hand-written only")
        axis.set_xlabel("hand-written training referrals")
        axis.set_title(f"{title} on unseen writers")
        axis.grid(alpha=0.3)
        axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


if __name__ == "__main__":
    main()
