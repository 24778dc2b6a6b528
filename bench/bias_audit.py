"""End-to-end check of the bias audit with the generator's bias knob and a trained model.

Run: ``.venv/bin/python bench/bias_audit.py [--train 10000] [--test 8000] [--seeds 3]``.
A model is trained on unbiased generated referrals; each test set is generated with and
without ``--bias "ethnicity=Black:need_level+1@0.15"`` (recorded need level raised for
15% of Black children's referrals: the text does not change, so the model cannot learn
it). The audit should flag ethnicity=Black on the recorded-versus-suggested gap in the
biased sets, and raise no more flags than its stated false-alarm rate in the unbiased
ones. Texts are used as generated (no redaction) to keep the run short.
"""

from __future__ import annotations

import argparse

from evaluation.report import ReportOptions, build_report
from evaluation.run import evaluation_input
from referrals.labelled import to_labelled
from referrals.labels import load_scheme
from referrals.synthetic import generate_referrals, load_generator_config
from training.config import load_config
from training.train import fit_bundle

BIAS = "ethnicity=Black:need_level+1@0.15"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=10000)
    parser.add_argument("--test", type=int, default=8000)
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    scheme = load_scheme()
    train = to_labelled(list(generate_referrals(args.train, 7)), scheme)
    bundle = fit_bundle(train, load_config(), scheme, {}, "bias-bench")
    print("| test seed | bias knob | flags | model-error flags | recorded-vs-suggested flags | Black flagged on the gap |")
    print("|---:|---|---:|---:|---:|---|")
    for seed in range(100, 100 + args.seeds):
        for bias in ((), (BIAS,)):
            config = load_generator_config(bias=bias)
            referrals = list(generate_referrals(args.test, seed, config))
            report = build_report(evaluation_input(referrals, bundle, scheme), scheme, ReportOptions(n_boot=300))
            flags = report.audit.flags
            kinds = [f.kind for f in flags]
            black = [f for f in flags if f.group == "ethnicity=Black" and f.kind == "recorded_vs_suggested"]
            detail = f"yes ({black[0].difference:+.3f} levels)" if black else "no"
            print(f"| {seed} | {'raised 15%' if bias else 'none'} | {len(flags)} | {kinds.count('model_error')} "
                  f"| {kinds.count('recorded_vs_suggested')} | {detail} |")
            for flag in flags:
                print(f"|   |   | {flag.sentence[:160]} |")


if __name__ == "__main__":
    main()
