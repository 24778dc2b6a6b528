"""Training splits: leakage-free held-out parts of labelled referrals.

Re-referrals of one family share a ``case_id`` and much of their wording, so every
split keeps a case on one side. Within that constraint, splits are stratified for the
multi-label concerns and the need level by iterative stratification (Sechidis et al.,
via ``iterative-stratification``) over case-level label sets, or cut by time when the
user asks for a forward-looking test (``received_at``). Hand-written referrals are
grouped by writer, so held-out figures are cross-writer. The label matrices themselves
(``LabelledData``) live in the core, ``referrals.labelled``, because evaluation and
annotation build them too.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from iterstrat.ml_stratifiers import MultilabelStratifiedShuffleSplit
from numpy.typing import NDArray

from referrals.errors import TriageError
from referrals.labelled import LabelledData

SplitMethod = Literal["stratified", "time"]

ERROR_NO_DATES = "time split asked for, but {count} referral(s) have no received_at"


def _group_index(groups: list[str]) -> tuple[list[str], NDArray[np.int_]]:
    names = sorted(set(groups))
    position = {name: index for index, name in enumerate(names)}
    return names, np.array([position[g] for g in groups], dtype=np.int_)


def grouped_stratified_split(
    data: LabelledData, *, test_size: float, seed: int
) -> tuple[NDArray[np.int_], NDArray[np.int_]]:
    """Split rows so that no case straddles the split and label mixes match.

    Each case becomes one sample whose label set is the union of its referrals'
    concerns plus its highest need level; iterative stratification splits cases.
    """
    names, group_of_row = _group_index(data.groups)
    n_levels = int(data.need_rank.max()) + 1
    case_labels = np.zeros((len(names), data.concerns.shape[1] + n_levels), dtype=np.int_)
    for row, group in enumerate(group_of_row):
        case_labels[group, : data.concerns.shape[1]] |= data.concerns[row]
        case_labels[group, data.concerns.shape[1] + data.need_rank[row]] = 1
    splitter = MultilabelStratifiedShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
    _train_cases, test_cases = next(splitter.split(np.zeros(len(names)), case_labels))
    in_test = np.zeros(len(names), dtype=bool)
    in_test[test_cases] = True
    rows = np.arange(len(data))
    return rows[~in_test[group_of_row]], rows[in_test[group_of_row]]


def time_split(data: LabelledData, *, test_size: float) -> tuple[NDArray[np.int_], NDArray[np.int_]]:
    """Latest cases (by their last referral) form the test side: a forward-looking check."""
    missing = sum(1 for value in data.received_at if value is None)
    if missing:
        raise TriageError(ERROR_NO_DATES.format(count=missing))
    names, group_of_row = _group_index(data.groups)
    latest = [""] * len(names)
    for row, group in enumerate(group_of_row):
        latest[group] = max(latest[group], data.received_at[row] or "")
    order = sorted(range(len(names)), key=lambda g: (latest[g], names[g]))
    n_test_cases = max(1, round(test_size * len(names)))
    in_test = np.zeros(len(names), dtype=bool)
    in_test[order[-n_test_cases:]] = True
    rows = np.arange(len(data))
    return rows[~in_test[group_of_row]], rows[in_test[group_of_row]]


def split(
    data: LabelledData, *, method: SplitMethod, test_size: float, seed: int
) -> tuple[LabelledData, LabelledData]:
    """Train and held-out parts by the configured method."""
    if not 0.0 < test_size < 0.5:
        raise TriageError(f"test_size must lie in (0, 0.5), got {test_size}")
    if method == "stratified":
        train_rows, test_rows = grouped_stratified_split(data, test_size=test_size, seed=seed)
    elif method == "time":
        train_rows, test_rows = time_split(data, test_size=test_size)
    else:
        raise TriageError(f"unknown split method {method!r}; allowed: stratified, time")
    return data.subset(train_rows), data.subset(test_rows)
