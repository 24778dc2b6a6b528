"""Who labels which item, and in which mode.

Agreement can only be measured on items two or more people labelled, so a configurable
share of items (the *overlap*) goes to several annotators; the rest go to one, which is
where the labelling effort pays. Load is balanced: each item goes to the annotators with
the fewest items so far. A configurable share of assignments is **decide-first**: the
annotator commits before seeing the model's suggestions, so :mod:`annotation.bias` can
compare how often people follow a wrong suggestion with and without seeing it first.

Everything is deterministic for a seed and independent of the order items arrive in, so
re-running an assignment (or the database layer calling this) gives the same plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

ShownMode = Literal["suggestion_first", "decide_first"]

ERROR_TOO_FEW_ANNOTATORS = "overlap items need {needed} annotators each but only {given} were given"
ERROR_DUPLICATE = "{what} repeat(s): {value!r}"


@dataclass(frozen=True)
class Assignment:
    """One item for one annotator."""

    item_id: str
    annotator: str
    mode: ShownMode
    overlap: bool
    """True when the item also goes to other annotators (it will count towards agreement)."""


def assign(
    item_ids: Sequence[str], annotators: Sequence[str], *, overlap: float,
    annotators_per_overlap_item: int = 2, decide_first: float = 0.0, seed: int = 0,
) -> list[Assignment]:
    """Assign every item: ``overlap`` of them to several annotators, the rest to one.

    Parameters
    ----------
    overlap : share of items (rounded to whole items) labelled by ``annotators_per_overlap_item``
    decide_first : share of assignments (rounded) whose suggestions appear only after commit
    """
    _unique(item_ids, "item ids")
    _unique(annotators, "annotators")
    if overlap > 0 and annotators_per_overlap_item > len(annotators):
        raise ValueError(ERROR_TOO_FEW_ANNOTATORS.format(needed=annotators_per_overlap_item, given=len(annotators)))
    if not annotators:
        raise ValueError("no annotators given")
    rng = np.random.default_rng(seed)
    items = sorted(item_ids)
    items = [items[i] for i in rng.permutation(len(items))]
    n_overlap = round(overlap * len(items))
    load = {name: 0 for name in sorted(annotators)}
    tie_break = {name: float(r) for name, r in zip(sorted(annotators), rng.random(len(annotators)))}
    plan: list[tuple[str, str, bool]] = []
    for index, item in enumerate(items):
        shared = index < n_overlap
        wanted = annotators_per_overlap_item if shared else 1
        chosen = sorted(load, key=lambda name: (load[name], tie_break[name]))[:wanted]
        for name in chosen:
            load[name] += 1
            plan.append((item, name, shared))
    n_decide_first = round(decide_first * len(plan))
    decide = set(rng.permutation(len(plan))[:n_decide_first].tolist())
    return [Assignment(item, name, "decide_first" if i in decide else "suggestion_first", shared)
            for i, (item, name, shared) in enumerate(plan)]


def _unique(values: Sequence[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(ERROR_DUPLICATE.format(what=what, value=value))
        seen.add(value)


def decide_first_sample(item_ids: Sequence[str], *, share: float, seed: int = 0) -> set[str]:
    """Items whose every assignment is decide-first (for a project that samples by item)."""
    _unique(item_ids, "item ids")
    rng = np.random.default_rng(seed)
    ordered = sorted(item_ids)
    picked = rng.permutation(len(ordered))[: round(share * len(ordered))]
    return {ordered[i] for i in picked}
