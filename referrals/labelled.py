"""Labelled referrals as arrays: the label matrices training, evaluation and annotation share.

Every row keeps its split group: re-referrals of one family share a ``case_id`` and
much of their wording, and a hand-written referral's ``writer`` runs through everything
they write, so both are groups that a split must keep on one side (training's splits
read them). Training may mix sources (generated and hand-written, say); each row keeps
its source's name, weight and whether calibration may draw on it. The fingerprint
identifies the data a model saw without holding any of it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from referrals.contract import Referral
from referrals.errors import TriageError
from referrals.labels import LabelScheme

ERROR_UNLABELLED = "{count} referral(s) lack concerns or need_level (first: {first}); training needs labels"
ERROR_TOO_FEW = "only {count} labelled referral(s); training needs at least {minimum}"
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
        return training_data_fingerprint(self.texts, self.concerns, self.need_rank)


def to_labelled(referrals: list[Referral], scheme: LabelScheme, *, minimum: int = MINIMUM_REFERRALS) -> LabelledData:
    """Build label matrices; raise if any referral lacks labels (nothing silently dropped).

    ``minimum`` is the fewest referrals training can use; one source among several (a few
    dozen adjudicated labels beside thousands of generated ones) passes 1, and the total is
    checked when the sources are combined.
    """
    unlabelled = [r.id for r in referrals if not r.is_labelled]
    if unlabelled:
        raise TriageError(ERROR_UNLABELLED.format(count=len(unlabelled), first=unlabelled[0]))
    if len(referrals) < minimum:
        raise TriageError(ERROR_TOO_FEW.format(count=len(referrals), minimum=minimum))
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
    total = sum(len(part) for _, part in parts)
    if total < MINIMUM_REFERRALS:
        raise TriageError(ERROR_TOO_FEW.format(count=total, minimum=MINIMUM_REFERRALS))
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

def training_data_fingerprint(
    texts: Sequence[str], concerns: NDArray[Any], need_ranks: NDArray[Any]
) -> str:
    """SHA-256 over the redacted texts and their labels (length-prefixed, in order).

    Identifies the training data for reproducibility without storing any of it.
    """
    Y = np.asarray(concerns, dtype=np.int64)
    y = np.asarray(need_ranks, dtype=np.int64)
    if len(Y) != len(texts) or len(y) != len(texts):
        raise ValueError("texts, concerns and need_ranks must have the same length")
    digest = hashlib.sha256()
    for text, row, rank in zip(texts, Y, y):
        encoded = text.encode("utf-8")
        digest.update(len(encoded).to_bytes(8, "little"))
        digest.update(encoded)
        digest.update(",".join(map(str, row.tolist())).encode() + b"|" + str(int(rank)).encode())
    return digest.hexdigest()
