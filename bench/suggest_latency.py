"""In-process suggestion latency for one 150-word redacted referral, per representation.

Run: ``.venv/bin/python bench/suggest_latency.py [--train-n 3000] [--repeats 300]``.

Fits the shipped code path on generated referrals once per representation (TF-IDF
alone, TF-IDF + GloVe), then times ``TriageBundle.suggest`` on single redacted referrals
of about 150 words (concerns with evidence, need level with range): median and 95th
percentile, and the ratio to TF-IDF alone measured in the same run. Target: p50 <= 30 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time

from referrals.labelled import to_labelled
from referrals.labels import load_scheme
from referrals.redaction.engine import build_redactor
from referrals.synthetic import generate_referrals
from training.config import apply_overrides, load_config
from training.train import fit_bundle

REPRESENTATIONS = {"tfidf": None, "tfidf+glove": "glove-6b-50d"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train-n", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=300)
    args = parser.parse_args()
    scheme = load_scheme()
    redactor = build_redactor(None)
    referrals = list(generate_referrals(args.train_n, seed=5))
    redacted = [r.model_copy(update={"text": redactor.redact(r.text).text}) for r in referrals]
    data = to_labelled(redacted, scheme)
    probes = [t for t in data.texts if 130 <= len(t.split()) <= 170][:50]
    print(f"{len(probes)} probe referrals of 130-170 words (median "
          f"{statistics.median(len(t.split()) for t in probes):.0f})")
    medians = {}
    for name, embeddings in REPRESENTATIONS.items():
        config = apply_overrides(load_config(), {"search": {}, "features.embeddings": embeddings})
        bundle = fit_bundle(data, config, scheme, {}, "bench")
        bundle.suggest([probes[0]])  # warm: vectors loaded and verified once per process
        times = []
        for index in range(args.repeats):
            text = probes[index % len(probes)]
            started = time.perf_counter()
            bundle.suggest([text])
            times.append(1000 * (time.perf_counter() - started))
        times.sort()
        medians[name] = statistics.median(times)
        p95 = times[int(0.95 * len(times)) - 1]
        ratio = medians[name] / medians["tfidf"]
        print(f"{name:<12} p50 {medians[name]:6.1f} ms  p95 {p95:6.1f} ms  ({ratio:.2f}x TF-IDF alone)")


if __name__ == "__main__":
    main()
