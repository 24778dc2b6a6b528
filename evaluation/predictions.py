"""What an evaluation sees: ids, redacted text, labels, suggestions and group columns.

The report is built only from this object. Raw narratives never enter it: the caller
redacts first (``referrals.redaction``), so nothing downstream can leak personal data
even by accident (the canary test relies on this boundary).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

GROUP_COLUMNS: tuple[str, ...] = (
    "ethnicity",
    "gender",
    "age_band",
    "disability",
    "authority",
    "referral_source",
)
MISSING_GROUP = "(missing)"

SHAPE_MISMATCH = "{name} has shape {shape}; expected {expected}"
MISSING_GROUP_COLUMNS = "groups is missing columns {missing}; required: {required}"
RANK_OUT_OF_RANGE = "{name} holds ranks outside 0..{top}"


def normalise_groups(groups: pd.DataFrame, n_rows: int) -> pd.DataFrame:
    """Group columns as strings with missing values spelled ``(missing)``.

    Missing demographics are kept as their own group rather than dropped, so a
    disparity affecting children whose ethnicity was not recorded stays visible.
    """
    missing = [column for column in GROUP_COLUMNS if column not in groups.columns]
    if missing:
        raise ValueError(
            MISSING_GROUP_COLUMNS.format(missing=missing, required=list(GROUP_COLUMNS))
        )
    if len(groups) != n_rows:
        raise ValueError(
            SHAPE_MISMATCH.format(name="groups", shape=(len(groups),), expected=(n_rows,))
        )
    result = pd.DataFrame(index=pd.RangeIndex(n_rows))
    for column in GROUP_COLUMNS:
        values = groups[column].to_numpy(dtype=object)
        cleaned = [
            MISSING_GROUP if value is None or (isinstance(value, float) and np.isnan(value))
            or str(value).strip() == "" else str(value)
            for value in values
        ]
        result[column] = cleaned
    return result


@dataclass(kw_only=True)
class EvaluationInput:
    """Labels and suggestions for ``n`` referrals, aligned row by row.

    Parameters
    ----------
    ids, redacted_texts : length n; the only per-referral text the report may show
    concerns_true, concerns_pred : array (n, k) of 0/1, columns in scheme concern order
    concerns_prob : array (n, k) of calibrated probabilities
    need_true, need_pred : array (n,) of need-level ranks (0 = lowest)
    need_prob : array (n, L) of need-level probabilities, columns in rank order
    range_low, range_high : array (n,) conformal rank range per referral
    abstain : array (n,) of bool, True where the model declined to suggest a level
    groups : DataFrame with GROUP_COLUMNS (normalised on construction)
    redaction_recall : optional ``origin -> (names found, names in gold spans)``
    concerns_uncertain : optional array (n, k) of bool, the "uncertain" flags shown
    """

    ids: list[str]
    redacted_texts: list[str]
    concerns_true: NDArray[Any]
    concerns_pred: NDArray[Any]
    concerns_prob: NDArray[Any]
    need_true: NDArray[Any]
    need_pred: NDArray[Any]
    need_prob: NDArray[Any]
    range_low: NDArray[Any]
    range_high: NDArray[Any]
    abstain: NDArray[Any]
    groups: pd.DataFrame
    redaction_recall: dict[str, tuple[int, int]] | None = field(default=None)
    concerns_uncertain: NDArray[Any] | None = field(default=None)
    """(n, k) bool: the concern was flagged "uncertain, needs human judgement"."""

    def __post_init__(self) -> None:
        n = len(self.ids)
        if len(self.redacted_texts) != n:
            raise ValueError(
                SHAPE_MISMATCH.format(
                    name="redacted_texts", shape=(len(self.redacted_texts),), expected=(n,)
                )
            )
        self.ids = [str(value) for value in self.ids]
        self.concerns_true = np.asarray(self.concerns_true, dtype=np.int8)
        self.concerns_pred = np.asarray(self.concerns_pred, dtype=np.int8)
        self.concerns_prob = np.asarray(self.concerns_prob, dtype=float)
        k = self.concerns_true.shape[1] if self.concerns_true.ndim == 2 else -1
        for name in ("concerns_true", "concerns_pred", "concerns_prob"):
            value = getattr(self, name)
            if value.shape != (n, k):
                raise ValueError(SHAPE_MISMATCH.format(name=name, shape=value.shape, expected=(n, k)))
        self.need_prob = np.asarray(self.need_prob, dtype=float)
        if self.need_prob.ndim != 2 or self.need_prob.shape[0] != n:
            raise ValueError(
                SHAPE_MISMATCH.format(name="need_prob", shape=self.need_prob.shape,
                                      expected=(n, "n_levels"))
            )
        top = self.need_prob.shape[1] - 1
        for name in ("need_true", "need_pred", "range_low", "range_high"):
            value = np.asarray(getattr(self, name), dtype=int)
            if value.shape != (n,):
                raise ValueError(SHAPE_MISMATCH.format(name=name, shape=value.shape, expected=(n,)))
            if n and (value.min() < 0 or value.max() > top):
                raise ValueError(RANK_OUT_OF_RANGE.format(name=name, top=top))
            setattr(self, name, value)
        self.abstain = np.asarray(self.abstain, dtype=bool)
        if self.abstain.shape != (n,):
            raise ValueError(
                SHAPE_MISMATCH.format(name="abstain", shape=self.abstain.shape, expected=(n,))
            )
        self.groups = normalise_groups(self.groups, n)
        if self.concerns_uncertain is not None:
            self.concerns_uncertain = np.asarray(self.concerns_uncertain, dtype=bool)
            if self.concerns_uncertain.shape != (n, k):
                raise ValueError(SHAPE_MISMATCH.format(
                    name="concerns_uncertain", shape=self.concerns_uncertain.shape, expected=(n, k)))

    @property
    def n_referrals(self) -> int:
        """Number of referrals (rows)."""
        return len(self.ids)

    @property
    def n_levels(self) -> int:
        """Number of need levels (columns of ``need_prob``)."""
        return int(self.need_prob.shape[1])
