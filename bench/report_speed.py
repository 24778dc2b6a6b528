"""Benchmark: evaluate 20,000 synthetic referrals with the full audit (target < 2 minutes).

Usage: .venv/bin/python bench/evaluation.py [--n 20000] [--n-boot 500] [--out DIR]
Times build_report (metrics, bootstrap intervals, bias audit over six attributes and
their pairs, authority comparison) and render_html separately, then in total.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

# The simulated evaluation input is test code (tests/evaluation/simulation.py), not product.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "evaluation"))
model_card = importlib.import_module("evaluation.model_card")
report_module = importlib.import_module("evaluation.report")
render = importlib.import_module("evaluation.render")
simulation = importlib.import_module("simulation")
labels = importlib.import_module("referrals.labels")

TARGET_SECONDS = 120.0


def main() -> None:
    """Run the benchmark and print timings (and write the outputs when --out is given)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--n-boot", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    scheme = labels.load_scheme()
    data = simulation.simulate_input(n=args.n, n_concerns=len(scheme.concern_ids),
                          n_levels=len(scheme.need_level_ids), seed=args.seed)
    started = time.perf_counter()
    report = report_module.build_report(data, scheme, report_module.ReportOptions(n_boot=args.n_boot, seed=args.seed))
    built = time.perf_counter()
    card = model_card.build_model_card(report, model_card.load_card_fields())
    page = render.render_html(report, card)
    rendered = time.perf_counter()
    metrics_json = json.dumps(report.to_json_dict(), allow_nan=False)
    total = rendered - started
    comparisons = report.audit.multiple_comparisons.n_comparisons
    print(f"referrals: {args.n:,}  resamples: {args.n_boot}  comparisons: {comparisons:,}")
    print(f"build_report: {built - started:.1f} s")
    print(f"model card + render_html: {rendered - built:.1f} s")
    print(f"total: {total:.1f} s (target < {TARGET_SECONDS:.0f} s: "
          f"{'met' if total < TARGET_SECONDS else 'MISSED'})")
    print(f"flags on unbiased data: {len(report.audit.flags)}")
    print(f"metrics.json: {len(metrics_json) / 1e6:.1f} MB  report.html: {len(page) / 1e6:.1f} MB")
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "metrics.json").write_text(metrics_json, encoding="utf-8")
        (args.out / "report.html").write_text(page, encoding="utf-8")
        (args.out / "model_card.md").write_text(card, encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
