"""Label issues: how many labels flipped on purpose does the ranking put in its top 15%?

Run: ``nice .venv/bin/python bench/label_issues.py [--share 0.1] [--folds 5] [--seed 1]``.

The hand-written TRAINING writers (1,840 referrals, gold personal-data spans replaced by
their type in memory; nothing is written) get ``share`` of their items' labels flipped: half
of those items get a different need level (uniformly among the others), half one concern
toggled (added or removed). :func:`annotation.label_issues.find_issues` fits grouped
out-of-fold models (a writer stays in one fold) and ranks every item; the figure is the
share of flipped items in the top 15% of the ranking (chance: 15%). The test writers are
not used.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from annotation.label_issues import find_issues
from referrals.contract import Referral, read_referrals
from referrals.labelled import to_labelled
from referrals.labels import load_scheme

TRAIN = Path(__file__).resolve().parent.parent / "data" / "handwritten" / "train.jsonl"


def masked(referral: Referral) -> Referral:
    """Gold spans replaced by ``[TYPE]``, as the redactor would replace them."""
    text = referral.text
    for span in sorted(referral.pii or [], key=lambda s: -s.start):
        text = text[: span.start] + f"[{span.type}]" + text[span.end :]
    return referral.model_copy(update={"text": text, "pii": None})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--share", type=float, default=0.1)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    scheme = load_scheme()
    data = to_labelled([masked(r) for r in read_referrals(TRAIN, scheme).referrals], scheme)
    rng = np.random.default_rng(args.seed)
    flipped = rng.choice(len(data), int(args.share * len(data)), replace=False)
    need_flips, concern_flips = flipped[: len(flipped) // 2], flipped[len(flipped) // 2 :]
    need, concerns = data.need_rank.copy(), data.concerns.copy()
    for i in need_flips:
        need[i] = rng.choice([level for level in range(len(scheme.need_level_ids)) if level != need[i]])
    for i in concern_flips:
        column = rng.integers(concerns.shape[1])
        concerns[i, column] = 1 - concerns[i, column]
    started = time.perf_counter()
    issues = find_issues(replace(data, need_rank=need, concerns=concerns), scheme, folds=args.folds, seed=0)
    top = {issue.item_id for issue in issues[: int(0.15 * len(data))]}
    ids = np.array(data.ids)

    def recall(rows: np.ndarray) -> float:
        return float(np.mean([item in top for item in ids[rows]]))

    print(f"{len(data)} items, {len(flipped)} flipped ({len(need_flips)} need level, {len(concern_flips)} concern); "
          f"{sum(i.flagged for i in issues)} flagged; {time.perf_counter() - started:.0f} s")
    print(f"flipped items in the top 15%: all {recall(flipped):.1%}, need level {recall(need_flips):.1%}, "
          f"concern {recall(concern_flips):.1%} (chance 15%)")


if __name__ == "__main__":
    main()
