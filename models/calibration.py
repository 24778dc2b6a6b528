"""Calibration building blocks shared by the concern and need-level models.

Why a calibration split rather than K-fold out-of-fold scores for the base model: the
base logistic models are the expensive part (one per concern on a 100k+ column sparse
matrix), and out-of-fold scores would cost K extra fits of every head. Fitting the heads
once on most of the data and calibrating on a held-out share is the scikit-learn
``FrozenEstimator`` + ``CalibratedClassifierCV`` pattern; it keeps 50k referrals well
inside the training-time budget. The calibrators themselves are one-dimensional and
cheap, so *within* the calibration split we can afford K-fold cross-validation to choose
isotonic or sigmoid per concern and to get honest out-of-fold calibrated probabilities for
choosing thresholds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize_scalar
from scipy.special import expit, log_softmax, softmax
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, ShuffleSplit, StratifiedKFold, StratifiedShuffleSplit

CALIBRATION_METHODS = ("isotonic", "sigmoid")
ERROR_BAD_METHOD = "calibration={value!r} is not allowed; use 'auto', 'isotonic' or 'sigmoid'"
ERROR_TOO_FEW = "need at least {minimum} samples to fit and calibrate; got {count} sample(s)"
MIN_SAMPLES = 4

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def calibration_split(
    n_samples: int,
    *,
    fraction: float,
    random_state: int | None,
    stratify: NDArray[np.int64] | None = None,
    eligible: NDArray[np.bool_] | None = None,
) -> tuple[IntArray, IntArray]:
    """Indices (fit, calibration): stratified on ``stratify`` when every class allows it.

    ``eligible`` limits the calibration rows to one part of the data (``fraction`` of
    that part); every other row is fitted. Probabilities and thresholds are then set on
    the writing the model will be used on (hand-written referrals), not on whichever
    source is most numerous (generated ones).
    """
    if eligible is not None:
        eligible = np.asarray(eligible, dtype=bool)
        if eligible.any() and not eligible.all() and eligible.sum() >= MIN_SAMPLES:
            pool = np.flatnonzero(eligible)
            _, pool_cal = calibration_split(
                len(pool), fraction=fraction, random_state=random_state,
                stratify=None if stratify is None else np.asarray(stratify)[pool],
            )
            cal_idx = pool[pool_cal]
            return np.setdiff1d(np.arange(n_samples), cal_idx), np.sort(cal_idx)
    if n_samples < MIN_SAMPLES:
        raise ValueError(ERROR_TOO_FEW.format(minimum=MIN_SAMPLES, count=n_samples))
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"calibration_fraction must lie in (0, 1); got {fraction}")
    n_cal = min(max(round(fraction * n_samples), 2), n_samples - 2)
    placeholder = np.zeros(n_samples)
    if stratify is not None:
        _, counts = np.unique(stratify, return_counts=True)
        if counts.min() >= 2 and n_cal >= len(counts) and n_samples - n_cal >= len(counts):
            splitter = StratifiedShuffleSplit(
                n_splits=1, test_size=n_cal, random_state=random_state
            )
            fit_idx, cal_idx = next(splitter.split(placeholder, stratify))
            return np.sort(fit_idx), np.sort(cal_idx)
    plain = ShuffleSplit(n_splits=1, test_size=n_cal, random_state=random_state)
    fit_idx, cal_idx = next(plain.split(placeholder))
    return np.sort(fit_idx), np.sort(cal_idx)


@dataclass
class SigmoidCalibrator:
    """Platt scaling: p = expit(slope * score + offset), fitted by logistic regression."""

    slope: float = 1.0
    offset: float = 0.0

    def fit(self, scores: FloatArray, y: NDArray[np.int_]) -> SigmoidCalibrator:
        """Fit slope and offset on one-dimensional scores."""
        model = LogisticRegression(C=1e4, max_iter=1000).fit(scores.reshape(-1, 1), y)
        self.slope = float(model.coef_[0, 0])
        self.offset = float(model.intercept_[0])
        return self

    def predict(self, scores: FloatArray) -> FloatArray:
        """Calibrated probabilities."""
        return np.asarray(expit(self.slope * scores + self.offset), dtype=np.float64)


@dataclass
class ConstantCalibrator:
    """Used when the calibration labels hold one class only: the smoothed prevalence."""

    probability: float = 0.5

    def fit(self, scores: FloatArray, y: NDArray[np.int_]) -> ConstantCalibrator:
        """Store the add-one smoothed rate of positives."""
        self.probability = float((y.sum() + 1.0) / (len(y) + 2.0))
        return self

    def predict(self, scores: FloatArray) -> FloatArray:
        """The same probability for every score."""
        return np.full(len(scores), self.probability, dtype=np.float64)


Calibrator: TypeAlias = Any
"""An IsotonicRegression, SigmoidCalibrator or ConstantCalibrator: ``fit`` and ``predict``."""


def make_calibrator(method: str) -> Calibrator:
    """An unfitted one-dimensional calibrator for ``method``."""
    if method == "isotonic":
        return IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0)
    if method == "sigmoid":
        return SigmoidCalibrator()
    if method == "constant":
        return ConstantCalibrator()
    raise ValueError(ERROR_BAD_METHOD.format(value=method))


def apply_calibrator(calibrator: Calibrator, scores: FloatArray) -> FloatArray:
    """Calibrated probabilities in [0, 1] for one-dimensional scores."""
    return np.clip(np.asarray(calibrator.predict(scores), dtype=np.float64), 0.0, 1.0)


CROSS_FIT_MAX_ROWS = 10_000
"""Above this many calibration-eligible rows a held-out split already gives every concern
hundreds of calibration cases, and cross-fitting's k extra fits buy nothing but time."""


def use_cross_fit(folds: int, n_samples: int, eligible: NDArray[np.bool_] | None,
                  max_rows: int = CROSS_FIT_MAX_ROWS) -> bool:
    """Cross-fit only when asked for (folds > 1) and calibration rows are scarce."""
    if not folds or folds < 2:
        return False
    return len(cross_fit_rows(n_samples, eligible)) <= max_rows


def cross_fit_rows(n_samples: int, eligible: NDArray[np.bool_] | None) -> IntArray:
    """The rows cross-fitting scores out of fold: the eligible ones, or all."""
    if eligible is None or not np.asarray(eligible).any():
        return np.arange(n_samples)
    return np.flatnonzero(np.asarray(eligible, dtype=bool))


def cross_fit_folds(
    n_samples: int, cal_idx: IntArray, folds: int, random_state: int | None
) -> Iterator[tuple[IntArray, IntArray]]:
    """(rows to fit, calibration rows held out) per fold: each held-out row is scored by a
    model that never saw it; every other row (other sources included) is fitted."""
    if len(cal_idx) < max(folds, MIN_SAMPLES):
        raise ValueError(ERROR_TOO_FEW.format(minimum=max(folds, MIN_SAMPLES), count=len(cal_idx)))
    splitter = KFold(n_splits=folds, shuffle=True, random_state=random_state)
    for _, held_pos in splitter.split(cal_idx):
        held = np.sort(cal_idx[held_pos])
        yield np.setdiff1d(np.arange(n_samples), held), held


@dataclass
class CalibrationChoice:
    """The chosen method, its fitted calibrator and out-of-fold probabilities."""

    method: str
    calibrator: Calibrator
    oof_probability: FloatArray
    brier: dict[str, float]


def choose_calibration(
    scores: FloatArray,
    y: NDArray[np.int_],
    *,
    method: str,
    cv: int,
    random_state: int | None,
) -> CalibrationChoice:
    """Choose isotonic or sigmoid by K-fold Brier score on ``(scores, y)``, then refit.

    With ``method`` fixed, the K folds still provide out-of-fold probabilities (used to
    choose thresholds without rewarding the calibrator for memorising). When a class has
    fewer than two members no folds are possible: sigmoid (or a constant when only one
    class is present) is fitted on everything and its in-sample output returned.
    """
    if method not in ("auto", *CALIBRATION_METHODS):
        raise ValueError(ERROR_BAD_METHOD.format(value=method))
    y = np.asarray(y, dtype=np.int64)
    n_positive = int(y.sum())
    n_negative = len(y) - n_positive
    if n_positive == 0 or n_negative == 0:
        constant = ConstantCalibrator().fit(scores, y)
        return CalibrationChoice("constant", constant, constant.predict(scores), {})
    candidates = list(CALIBRATION_METHODS) if method == "auto" else [method]
    n_splits = min(cv, n_positive, n_negative)
    if n_splits < 2:
        chosen = "sigmoid" if method == "auto" else method
        calibrator = make_calibrator(chosen).fit(scores, y)
        return CalibrationChoice(chosen, calibrator, apply_calibrator(calibrator, scores), {})
    folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    oof = {name: np.zeros(len(y)) for name in candidates}
    for train_idx, test_idx in folds.split(scores.reshape(-1, 1), y):
        for name in candidates:
            fold_calibrator = make_calibrator(name).fit(scores[train_idx], y[train_idx])
            oof[name][test_idx] = apply_calibrator(fold_calibrator, scores[test_idx])
    brier = {name: float(np.mean((oof[name] - y) ** 2)) for name in candidates}
    # Ties go to sigmoid: two parameters generalise better than a step function.
    chosen = min(candidates, key=lambda name: (brier[name], name != "sigmoid"))
    calibrator = make_calibrator(chosen).fit(scores, y)
    return CalibrationChoice(chosen, calibrator, oof[chosen], brier)


RECALL_FLOOR_MIN_PRECISION = 0.3
"""A recall floor is met only down to this precision. Below it the flag would mostly be
wrong (measured: a floor of 0.9 once pushed the harmful-practices threshold to 0.007,
flagging 6% of referrals at 17% precision), so the threshold stops at the highest
recall that keeps this precision."""


def choose_threshold(
    probability: FloatArray, y: NDArray[Any], *, min_recall: float | None = None,
    min_precision: float = RECALL_FLOOR_MIN_PRECISION,
) -> float:
    """Threshold maximising F1, among those whose recall is at least ``min_recall``.

    Candidates are the distinct probabilities; the returned threshold is the midpoint
    between the chosen one and the next lower distinct value (or zero), so the rule
    ``probability > threshold`` keeps the same positives with a margin. Without positives
    there is nothing to tune: 0.5. The recall floor is honoured only at a precision of at
    least ``min_precision``; where it cannot be, the highest recall that keeps that
    precision is taken (and, if none does, the plain F1 optimum).

    ``y`` is 0/1 labels, or each row's probability of being positive: with the calibrated
    probabilities themselves (:func:`choose_expected_threshold`) the counts become expected
    counts and the rule maximises expected F1.
    """
    y = np.asarray(y, dtype=np.float64)
    n_positive = float(y.sum())
    if n_positive <= 0:
        return 0.5
    order = np.argsort(-probability, kind="stable")
    sorted_p = probability[order]
    true_positive = np.cumsum(y[order])
    predicted = np.arange(1, len(y) + 1)
    # Only the last index of each run of equal probabilities is a real cut point.
    last_of_run = np.r_[sorted_p[1:] != sorted_p[:-1], True]
    recall = true_positive / n_positive
    f1 = 2 * true_positive / (predicted + n_positive)
    precision = true_positive / predicted
    score = f1
    allowed = last_of_run & (recall >= (min_recall or 0.0) - 1e-12)
    if min_recall:
        allowed &= precision >= min_precision
        if not allowed.any():
            allowed = last_of_run & (precision >= min_precision)
            score = recall + 1e-9 * f1  # the floor is out of reach: as close as precision allows
            if not allowed.any():
                allowed, score = last_of_run, f1
    best = int(np.flatnonzero(allowed)[np.argmax(score[allowed])])
    cut = float(sorted_p[best])
    lower = float(sorted_p[best + 1]) if best + 1 < len(sorted_p) else 0.0
    return (cut + lower) / 2.0


def choose_expected_threshold(
    probability: FloatArray, *, min_recall: float | None = None,
    min_precision: float = RECALL_FLOOR_MIN_PRECISION,
) -> float:
    """:func:`choose_threshold` on expected counts: each row counts as ``probability``
    of a positive, so no label is read.

    Why: with a few hundred labels a concern has a few dozen positives, and the F1 curve
    over them jumps with every one, so the chosen threshold moves by chance from one fit
    to the next. With calibrated probabilities the expected F1 curve is smooth
    (the plug-in rule, Nan et al. 2012, "Optimizing F-measure: a tale of two
    approaches"). It relies on calibration, which the probabilities given here
    (out-of-fold, calibrated) have.
    """
    probability = np.asarray(probability, dtype=np.float64)
    return choose_threshold(probability, probability, min_recall=min_recall, min_precision=min_precision)


def fit_temperature(probability: FloatArray, y_index: NDArray[np.int_]) -> float:
    """Temperature T minimising the log loss of ``softmax(log p / T)`` on labelled rows.

    One parameter, so it barely uses the calibration data that conformal prediction then
    reuses, and it preserves each row's ranking of levels.
    """
    log_p = np.log(np.clip(probability, 1e-12, 1.0))
    rows = np.arange(len(y_index))

    def nll(log_t: float) -> float:
        return float(-log_softmax(log_p / np.exp(log_t), axis=1)[rows, y_index].mean())

    result = minimize_scalar(nll, bounds=(-3.0, 3.0), method="bounded")
    return float(np.exp(result.x))


def apply_temperature(probability: FloatArray, temperature: float) -> FloatArray:
    """Rows of ``softmax(log p / T)``; each sums to 1."""
    log_p = np.log(np.clip(probability, 1e-12, 1.0))
    return np.asarray(softmax(log_p / temperature, axis=1), dtype=np.float64)
