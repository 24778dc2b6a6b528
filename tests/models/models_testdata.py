"""Tiny hand-written generator of redacted-looking referrals for the model tests.

Invented phrases, placeholders for every name: the model tests need already-redacted
text in a few hundred rows so each test stays within seconds on two shared cores, and
they must not change when the richer ``referrals.synthetic`` generator does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray
from sklearn.utils.estimator_checks import parametrize_with_checks

from referrals.labels import LabelScheme

PHRASES: dict[str, tuple[str, ...]] = {
    "neglect": ("the children were left without food", "the home was filthy and unsafe"),
    "emotional_abuse": ("mother screams at the child and calls her useless",),
    "physical_abuse": ("bruising on the upper arm", "said dad hit him with a belt"),
    "sexual_abuse": ("disclosed inappropriate touching by an adult",),
    "domestic_abuse": ("police attended a domestic incident", "father assaulted mother"),
    "parental_mental_health": ("mum has severe depression", "parent was sectioned"),
    "parental_substance_misuse": ("father drinks heavily every day", "mother uses heroin"),
    "child_mental_health": ("the young person self-harms", "reports suicidal thoughts"),
    "child_substance_misuse": ("the child was found drunk", "smokes cannabis daily"),
    "exploitation": ("older males give him gifts and lifts", "involved in county lines"),
    "going_missing": ("was missing overnight", "reported missing from home twice"),
    "disability_or_illness": ("the child has autism", "mother has multiple sclerosis"),
    "young_carer": ("cares for her disabled mother", "does all the cooking for the family"),
    "behaviour": ("excluded for fighting", "anti-social behaviour in the community"),
    "harmful_practices": ("risk of FGM was raised", "a forced marriage is planned"),
    "housing_or_financial": ("the family are homeless", "rent arrears and an eviction notice"),
}
SEVERE = ("physical_abuse", "sexual_abuse", "exploitation", "harmful_practices")
FILLER = (
    "[PERSON_{a}] attends [SCHOOL_{b}] and a teacher raised this on [DATE_{a}].",
    "The referral came from the health visitor.",
    "There are {n} siblings at home.",
    "[PERSON_{b}] lives at [ADDRESS_{a}] with the children.",
    "Attendance this term is {n}0 percent.",
    "No previous involvement with the family.",
)


@dataclass(frozen=True)
class Dataset:
    """Redacted texts with concern indicators (scheme order) and need ranks."""

    texts: list[str]
    Y: NDArray[np.int64]
    y: NDArray[np.int64]


def make_dataset(scheme: LabelScheme, n: int, seed: int) -> Dataset:
    """Invented redacted referrals: concern phrases among filler, need level from a noisy rule."""
    rng = np.random.default_rng(seed)
    ids = scheme.concern_ids
    top = len(scheme.need_levels) - 1
    texts, rows, ranks = [], [], []
    for _ in range(n):
        chosen = rng.choice(len(ids), size=int(rng.integers(0, 4)), replace=False)
        row = np.zeros(len(ids), dtype=np.int64)
        parts = [
            FILLER[j].format(a=rng.integers(1, 9), b=rng.integers(1, 9), n=rng.integers(1, 9))
            for j in rng.choice(len(FILLER), size=3, replace=False)
        ]
        for j in chosen:
            row[j] = 1
            options = PHRASES[ids[j]]
            sentence = options[int(rng.integers(len(options)))]
            parts.insert(int(rng.integers(len(parts) + 1)), sentence.capitalize() + ".")
        severe = any(ids[j] in SEVERE for j in chosen)
        rank = top if severe else min(len(chosen), top - 1)
        if rng.random() < 0.1:
            rank = int(np.clip(rank + rng.choice([-1, 1]), 0, top))
        texts.append(" ".join(parts))
        rows.append(row)
        ranks.append(rank)
    return Dataset(texts, np.array(rows), np.array(ranks, dtype=np.int64))


FAST_FEATURES: dict[str, object] = {"char_ngram_range": (3, 4), "min_df": 2, "max_features": 20_000}


def sklearn_checks(estimators: Sequence[Any], expected_failed: Callable[[Any], dict[str, str]]) -> Any:
    """scikit-learn's estimator checks as a pytest parametrization over a list: its own
    ``parametrize_with_checks`` hands pytest a generator, which pytest deprecates (a
    warning at every collection). Same checks, same ids, same expected failures."""
    mark = parametrize_with_checks(list(estimators), expected_failed_checks=expected_failed)
    names, values = mark.args
    return pytest.mark.parametrize(names, list(values), **mark.kwargs)
