"""Training data: label matrices and leakage-free splits.

Re-referrals of one family share a ``case_id`` and much of their wording, so every
split keeps a case on one side. Within that constraint, splits are stratified for the
multi-label concerns and the need level by iterative stratification (Sechidis et al.,
via ``iterative-stratification``) over case-level label sets, or cut by time when the
user asks for a forward-looking test (``received_at``).

Hand-written referrals carry their ``writer``: a writer's habits run through every
referral they write, so a writer is a group like a case, and held-out figures are
cross-writer. Training may mix sources (generated and hand-written, say); each row
keeps its source's name, weight and whether calibration may draw on it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

import numpy as np
from iterstrat.ml_stratifiers import MultilabelStratifiedShuffleSplit
from numpy.typing import NDArray

from referrals.contract import Referral
from referrals.errors import TriageError
from referrals.labels import LabelScheme

SplitMethod = Literal["stratified", "time"]

ERROR_UNLABELLED = "{count} referral(s) lack concerns or need_level (first: {first}); training needs labels"
ERROR_TOO_FEW = "only {count} labelled referral(s); training needs at least {minimum}"
ERROR_NO_DATES = "time split asked for, but {count} referral(s) have no received_at"
MINIMUM_REFERRALS = 40


@dataclass(frozen=True)
class LabelledData:
    """Redacted texts with their label matrices, in the scheme's column order."""

    ids: list[str]
    texts: list[str]
    concerns: NDArray[np.int_]
    """(n, n_concerns) 0/1 matrix."""
    need_rank: NDArray[np.int_]
    """(n,) need-level ranks."""
    groups: list[str]
    received_at: list[str | None]
    sources: list[str] | None = None
    """Name of the source file each row came from (None: one unnamed source)."""
    weights: NDArray[np.float64] | None = None
    """Per-row fit weight (None: all 1)."""
    calibrate: NDArray[np.bool_] | None = None
    """Rows calibration may draw on (None: all)."""

    def subset(self, index: NDArray[np.int_]) -> LabelledData:
        """The rows at ``index``, in that order."""
        rows = [int(i) for i in index]
        return LabelledData(
            ids=[self.ids[i] for i in rows],
            texts=[self.texts[i] for i in rows],
            concerns=self.concerns[rows],
            need_rank=self.need_rank[rows],
            groups=[self.groups[i] for i in rows],
            received_at=[self.received_at[i] for i in rows],
            sources=None if self.sources is None else [self.sources[i] for i in rows],
            weights=None if self.weights is None else self.weights[rows],
            calibrate=None if self.calibrate is None else self.calibrate[rows],
        )

    def of_source(self, name: str) -> LabelledData:
        """Only the rows from source ``name`` (all rows when sources are unnamed)."""
        if self.sources is None:
            return self
        return self.subset(np.array([i for i, s in enumerate(self.sources) if s == name], dtype=np.int_))

    def source_names(self) -> list[str]:
        """Source names in first-seen order."""
        return list(dict.fromkeys(self.sources or []))

    def __len__(self) -> int:
        return len(self.ids)

    def fingerprint(self) -> str:
        """SHA-256 over redacted texts and labels: identifies the data, never holds it."""
        from models.bundle import training_data_fingerprint

        return training_data_fingerprint(self.texts, self.concerns, self.need_rank)


def to_labelled(referrals: list[Referral], scheme: LabelScheme) -> LabelledData:
    """Build label matrices; raise if any referral lacks labels (nothing silently dropped)."""
    unlabelled = [r.id for r in referrals if not r.is_labelled]
    if unlabelled:
        raise TriageError(ERROR_UNLABELLED.format(count=len(unlabelled), first=unlabelled[0]))
    if len(referrals) < MINIMUM_REFERRALS:
        raise TriageError(ERROR_TOO_FEW.format(count=len(referrals), minimum=MINIMUM_REFERRALS))
    column = {concern: index for index, concern in enumerate(scheme.concern_ids)}
    matrix = np.zeros((len(referrals), len(column)), dtype=np.int_)
    for row, referral in enumerate(referrals):
        for concern in referral.concerns or []:
            matrix[row, column[concern]] = 1
    ranks = np.array([scheme.rank_of(r.need_level or "") for r in referrals], dtype=np.int_)
    return LabelledData(
        ids=[r.id for r in referrals],
        texts=[r.text for r in referrals],
        concerns=matrix,
        need_rank=ranks,
        groups=[_group_of(r) for r in referrals],
        received_at=[r.received_at.isoformat() if r.received_at else None for r in referrals],
    )


def _group_of(referral: Referral) -> str:
    """A writer's referrals form one group; otherwise a case's; otherwise the referral alone."""
    if referral.writer:
        return f"__writer__{referral.writer}"
    return referral.case_id or f"__single__{referral.id}"


@dataclass(frozen=True)
class SourceSpec:
    """One training source: its name, fit weight and whether calibration may use it."""

    name: str
    weight: float = 1.0
    calibrate: bool = True


def combine_sources(parts: list[tuple[SourceSpec, LabelledData]]) -> LabelledData:
    """One LabelledData from several sources, each row tagged with its source's settings.

    Ids must stay unique across sources: two files sharing an id would make a group
    or a fingerprint ambiguous, so that is an error, not a silent merge.
    """
    if not parts:
        raise TriageError("no training data given")
    ids = [i for _, part in parts for i in part.ids]
    repeated = [i for i, count in Counter(ids).items() if count > 1]
    if repeated:
        raise TriageError(f"referral id {repeated[0]!r} appears in more than one source; ids must be unique")
    if not any(spec.calibrate for spec, _ in parts):
        raise TriageError("no source may be used for calibration; mark at least one calibrate: true")
    return LabelledData(
        ids=ids,
        texts=[t for _, part in parts for t in part.texts],
        concerns=np.vstack([part.concerns for _, part in parts]),
        need_rank=np.concatenate([part.need_rank for _, part in parts]),
        groups=[f"{spec.name}:{g}" for spec, part in parts for g in part.groups],
        received_at=[r for _, part in parts for r in part.received_at],
        sources=[spec.name for spec, part in parts for _ in part.ids],
        weights=np.concatenate([np.full(len(part), spec.weight, dtype=np.float64) for spec, part in parts]),
        calibrate=np.concatenate([np.full(len(part), spec.calibrate, dtype=bool) for spec, part in parts]),
    )


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
