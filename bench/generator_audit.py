"""Audit a model's under-triage on generated referrals against the scenario behind each label.

Run: ``TRIAGE_HOME=... .venv/bin/python bench/generator_audit.py --redacted TEST.redacted.jsonl
--seed 11 [--model models:/referral-triage@candidate] [--sample 40] [--out audit.json]``.

The redacted file must be ``triage generate --seed SEED`` output passed through ``triage
redact``; the generator is rerun here (same seed, same config) to recover each record's
latent scenario. Every recorded child-protection referral that the model suggests as advice
or early help is put in one of three bins, so "the model is wrong" and "the label is not
supported by the text" can be counted apart (issue 10):

- ``screening or noise``: the true level is below child protection; an authority's habit or
  label noise raised the recorded one (by design, a perfect score is impossible);
- ``backed``: a concern's own level is child protection, and its sentence is in the text;
- ``raised without a protection-level concern``: context (a baby, a previous plan, several
  concerns) lifted a lower level, the reasons listed.

It also reports the need-level top-label ECE against the recorded and against the true
(noise-free) levels, which separates the generator's noise from the model's calibration.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
from collections import Counter
from typing import Any

import numpy as np

from referrals.contract import read_referrals
from referrals.labels import LabelScheme, load_scheme
from referrals.settings import Settings
from referrals.synthetic.config import load_generator_config
from referrals.synthetic.generator import Engine
from tracking.registry import load_model

ECE_BINS = 10
CONFIDENT = 0.8


def latent_rows(redacted: str, seed: int, scheme: LabelScheme) -> list[dict[str, Any]]:
    """Each redacted record beside the scenario the generator drew for it."""
    engine = Engine.build(load_generator_config(), seed, scheme)
    rule = engine.config.need_rule
    rows = []
    for index, record in enumerate(read_referrals(redacted, scheme).referrals):
        referral, scenario, rendered = engine.record(index)
        if (referral.id, referral.need_level, referral.concerns) != (
                record.id, record.need_level, record.concerns):
            raise SystemExit(f"{redacted} is not this generator's seed {seed} output ({record.id})")
        own = {c: scheme.rank_of(rule.concern_levels.get(c, rule.default_levels)[s - 1])
               for c, s in scenario.concerns.items()}
        rows.append({
            "id": referral.id, "text": record.text, "raw": referral.text,
            "concerns": dict(scenario.concerns), "own_top": max(own.values(), default=0),
            "infant": scenario.infant, "history": scenario.history,
            "history_written": ("history", None) in rendered.mentions,
            "serious": sum(s >= 2 for s in scenario.concerns.values()),
            "true": scenario.true_rank, "recorded": scenario.recorded_rank,
        })
    return rows


def origin(row: dict[str, Any], top: int, cumulative_min: int) -> str:
    """Why a recorded child-protection label is there (see the module docstring)."""
    if row["true"] < top:
        return "screening or noise"
    if row["own_top"] >= top:
        return "backed"
    reasons = []
    if row["serious"] >= cumulative_min:
        reasons.append("several concerns")
    if row["infant"] and row["serious"]:
        reasons.append("baby")
    if row["history"] == "previous_plan":
        reasons.append("previous plan" + ("" if row["history_written"] else " (not written)"))
    return "raised without a protection-level concern: " + (" + ".join(reasons) or "other")


def top_label_ece(probability: Any, labels: Any) -> float:
    """Expected calibration error of the top class, equal-width bins."""
    confidence, chosen = probability.max(axis=1), probability.argmax(axis=1)
    correct = chosen == labels
    edges = np.linspace(0.0, 1.0, ECE_BINS + 1)
    total = 0.0
    for low, high in itertools.pairwise(edges):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            total += inside.mean() * abs(confidence[inside].mean() - correct[inside].mean())
    return float(total)


def confident_disagreements(rows: list[dict[str, Any]], probability: Any, top: int) -> dict[str, int]:
    """Where the model is sure (top probability >= CONFIDENT) and the recorded label differs: why.

    These referrals carry most of the calibration error, so binning them says how much of
    the ECE is the generator's labels and how much is the model.
    """
    bins: Counter[str] = Counter()
    for row, p in zip(rows, probability, strict=True):
        if p.max() < CONFIDENT or int(p.argmax()) == row["recorded"]:
            continue
        if row["recorded"] != row["true"]:
            bins["recorded level moved by screening or noise"] += 1
        elif row["true"] == top and row["own_top"] < top:
            bins["protection raised without a protection-level concern"] += 1
        else:
            bins["label is the rule's level"] += 1
    return dict(bins)


def audit(rows: list[dict[str, Any]], model_uri: str,
          scheme: LabelScheme) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Score the texts, bin the under-triaged referrals, and compare ECE on both labels."""
    bundle = load_model(model_uri, scheme, Settings()).bundle
    need = bundle.predict_arrays([r["text"] for r in rows]).need
    top = len(scheme.need_levels) - 1
    cumulative_min = load_generator_config().need_rule.cumulative_min
    for row, level in zip(rows, need.level, strict=True):
        row["suggested"] = int(level)  # the need model's classes are ranks
    recorded = np.array([r["recorded"] for r in rows])
    true = np.array([r["true"] for r in rows])
    under = [r for r in rows if r["recorded"] == top and r["suggested"] <= 1]
    protection = [r for r in rows if r["recorded"] == top]
    return {
        "n": len(rows), "recorded_protection": len(protection), "under_triaged": len(under),
        "under_triage": len(under) / max(len(protection), 1),
        "under_triaged_by_origin": dict(Counter(origin(r, top, cumulative_min) for r in under)),
        "recorded_protection_by_origin": dict(Counter(origin(r, top, cumulative_min)
                                                      for r in protection)),
        "ece_recorded": top_label_ece(need.probability, recorded),
        "ece_true": top_label_ece(need.probability, true),
        "recorded_differs_from_true": float((recorded != true).mean()),
        "confident_disagreements_by_origin": confident_disagreements(rows, need.probability, top),
        "suggested_below_most_probable": int((np.array([r["suggested"] for r in rows])
                                              < need.probability.argmax(axis=1)).sum()),
    }, under


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redacted", required=True, help="triage redact output of a generated set")
    parser.add_argument("--seed", type=int, required=True, help="the seed it was generated with")
    parser.add_argument("--model", default="models:/referral-triage@candidate")
    parser.add_argument("--sample", type=int, default=0, help="print this many under-triaged")
    parser.add_argument("--out", default=None, help="write the figures as JSON here")
    args = parser.parse_args()
    scheme = load_scheme()
    rows = latent_rows(args.redacted, args.seed, scheme)
    figures, under = audit(rows, args.model, scheme)
    print(json.dumps(figures, indent=2))
    names = ("advice", "early help", "child in need", "protection")
    top = len(names) - 1
    for row in random.Random(0).sample(under, min(args.sample, len(under))):
        print(f"\n== {row['id']} true {names[row['true']]}, suggested {names[row['suggested']]}; "
              f"{origin(row, top, 3)}; concerns {row['concerns']}, baby {row['infant']}, "
              f"history {row['history']}\n{row['raw']}")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            json.dump({**figures, "home": os.environ.get("TRIAGE_HOME")}, handle, indent=2)


if __name__ == "__main__":
    main()
