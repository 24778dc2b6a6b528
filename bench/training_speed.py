"""Benchmark model fitting: wall time and peak memory for 5k, 20k, 50k and 100k referrals.

Run: ``.venv/bin/python bench/training.py [--sizes 5000 20000 50000 100000]``.
Target: 50k referrals fitted, calibrated and thresholded in under 3 minutes on this
2-core machine. Each size runs in a fresh subprocess so its peak RSS is its own.
The data is generated (untimed) and fitted as it comes: redaction has its own
benchmark (``bench/redaction.py``), and fitting costs the same on redacted text.
The scaling column divides each time by the smallest size's time in the same run.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

TARGET = (50_000, 180.0)


def fit_once(n: int, seed: int) -> dict[str, float]:
    """Generate ``n`` referrals, then time the shared-TF-IDF fit of both models."""
    import numpy as np

    from models.bundle import fit_models
    from referrals.labels import load_scheme
    from referrals.synthetic import generate_referrals
    from training.config import load_config
    from training.train import _tuples

    scheme = load_scheme()
    config = load_config()
    referrals = list(generate_referrals(n, seed))
    texts = [r.text for r in referrals]
    index = {c: i for i, c in enumerate(scheme.concern_ids)}
    concerns = np.zeros((n, len(index)), dtype=int)
    for row, referral in enumerate(referrals):
        for concern in referral.concerns or []:
            concerns[row, index[concern]] = 1
    ranks = np.array([scheme.rank_of(r.need_level or "") for r in referrals])
    start, cpu = time.perf_counter(), time.process_time()
    fit_models(texts, concerns, ranks, scheme=scheme, feature_params=_tuples(config["features"]),
               concern_params=config["concerns"], need_params=config["need_level"])
    return {
        "n": n,
        "wall_s": time.perf_counter() - start,
        "cpu_s": time.process_time() - cpu,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000, 50000, 100000])
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(fit_once(args.one, args.seed)))
        return
    rows = []
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--seed", str(args.seed)],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"n={n:>7,}: {rows[-1]['wall_s']:.1f} s wall", file=sys.stderr)
    base = rows[0]
    print(f"| referrals | wall (s) | CPU (s) | peak RSS (MiB) | time / {base['n']:,} |")
    print("|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['n']:,} | {row['wall_s']:.1f} | {row['cpu_s']:.1f} | {row['peak_rss_mib']:.0f} "
              f"| {row['wall_s'] / base['wall_s']:.1f}x |")
    for row in rows:
        if row["n"] == TARGET[0]:
            verdict = "met" if row["wall_s"] < TARGET[1] else "NOT met"
            print(f"target {TARGET[0]:,} in under {TARGET[1]:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
