"""Training sources in the models: which rows calibrate for which source, and routing.

A model trained on generated and hand-written referrals together can keep one calibration
(and, for concerns, one set of thresholds) per source: the same score means a different
probability in the generator's writing than in people's. At prediction the source is not
known, so a logistic classifier on the same features routes each referral to the
calibration of the source its text reads like. Optionally each source also gets its own
copy of the features beside the shared one (feature augmentation, Daumé III 2007, "Frustratingly
easy domain adaptation"), so a model can learn what a phrase means in one source's writing
without forcing it on the other.

Both :class:`models.concerns.ConcernClassifier` and
:class:`models.need_level.NeedLevelClassifier` use these helpers, so the two models route
a referral the same way.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

POOLED = "pooled"
PER_SOURCE = "per_source"
CALIBRATIONS = (POOLED, PER_SOURCE)
ERROR_BAD_CALIBRATION = "calibration={value!r} is not allowed; use 'pooled' or 'per_source'"
ERROR_SOURCE_FEATURES = (
    "source_features needs calibration='per_source' (its source classifier routes each referral)"
)

SOURCE_GATE_C = 1.0
"""Regularisation of the source classifier (the two sources are far apart in wording)."""


def calibration_groups(
    n_samples: int, calibrate_on: Any, sources: Any, *, per_source: bool, rows_per_source: int,
    random_state: int | None,
) -> NDArray[np.str_]:
    """Each row's calibration group ("" = not a calibration row).

    Pooled (or no sources given): the rows ``calibrate_on`` allows, one group named
    "pooled". Per source: up to ``rows_per_source`` rows of every source, drawn at random,
    grouped by source name (every source takes part, whatever ``calibrate_on`` says).
    """
    if not per_source or sources is None:
        allowed = np.ones(n_samples, bool) if calibrate_on is None else np.asarray(calibrate_on, bool)
        if not allowed.any():
            allowed = np.ones(n_samples, bool)
        return np.where(allowed, POOLED, "")
    names = np.asarray(sources, dtype=str)
    if names.shape != (n_samples,):
        raise ValueError(f"sources must have one name per row; got shape {names.shape}")
    groups = np.full(n_samples, "", dtype=names.dtype)
    rng = np.random.default_rng(random_state)
    for name in np.unique(names):
        rows = np.flatnonzero(names == name)
        if len(rows) > rows_per_source:
            rows = rng.choice(rows, rows_per_source, replace=False)
        groups[rows] = name
    return groups


def fit_source_gate(features: Any, groups: NDArray[np.str_]) -> LogisticRegression:
    """A logistic classifier of each referral's source, from the model's features.

    Balanced classes, so a small source (1,840 hand-written rows against 20,000
    generated) is not swallowed: a referral unlike both is better routed to the
    calibration of the writing the model will serve.
    """
    gate = LogisticRegression(C=SOURCE_GATE_C, class_weight="balanced", max_iter=1000)
    with threadpool_limits(limits=1):  # see models.concerns._fit_head
        gate.fit(features, groups)
    return gate


def route(gate: LogisticRegression | None, default: str, features: Any) -> NDArray[np.str_]:
    """The source each row is treated as: the gate's choice, or ``default`` without a gate."""
    if gate is None:
        return np.full(features.shape[0], default)
    return np.asarray(gate.predict(features)).astype(str)


def copy_sources(source_features: bool, sources: Any) -> tuple[str, ...]:
    """The sources that get their own feature copy (none unless asked for and > 1 source)."""
    if not source_features or sources is None:
        return ()
    names = tuple(sorted(set(np.asarray(sources, dtype=str).tolist())))
    return names if len(names) > 1 else ()


def with_source_copies(features: Any, sources: NDArray[np.str_], names: tuple[str, ...]) -> Any:
    """[shared | copy for names[0] | copy for names[1] ...]: a row's own source's copy holds
    its features, the other copies are zero. ``features`` unchanged when ``names`` is empty."""
    if not names:
        return features
    matrix = sparse.csr_matrix(features)
    blocks = [matrix]
    for name in names:
        blocks.append(sparse.diags((np.asarray(sources) == name).astype(matrix.dtype)) @ matrix)
    return sparse.hstack(blocks, format="csr")


def fold_copies(coef: NDArray[np.float64], n_features: int, names: tuple[str, ...], source: str) -> NDArray[np.float64]:
    """The weights one source's referrals are scored with: shared + that source's copy.

    ``coef`` has shape (n_outputs, n_features * (1 + len(names))); the result has shape
    (n_outputs, n_features). Used where a single row's contributions are explained.
    """
    if not names:
        return coef
    index = names.index(source) + 1
    return coef[:, :n_features] + coef[:, index * n_features:(index + 1) * n_features]
