"""Need level (ordinal): calibrated class probabilities and a one-sided conformal range.

Two model kinds share the same features and calibration:

- ``multinomial``: one softmax logistic regression over the levels (ignores their order);
- ``ordinal``: one binary logistic model per cut "level >= k" (k = 1..L-1). Their
  probabilities are made monotone with a cumulative minimum over k (so P(>=k) never
  rises with k) and differenced into class probabilities. It uses the order, needs only
  L-1 binary fits, and its errors tend to land on neighbouring levels.

Features are the TF-IDF of the text only (no stacking of concern probabilities): stacking
would need honest out-of-fold concern probabilities on every training row, and the linear
model on the same n-grams already sees the words the concern heads see. To share one
vocabulary with the concern model, pass its fitted vectoriser (see ``vectorizer``).

Calibration: a held-out calibration split (or cross-fitting); a single temperature on the
log class probabilities (one parameter, ranking-preserving) fitted by log loss, then a
top-label isotonic map. ``calibration="per_source"`` fits one such calibration per training
source and routes each referral to one by a source classifier on its text: the model is
right far less often on generated referrals than on hand-written ones at the same raw
confidence, so one map calibrated on either source is off on the other.

The suggested level is chosen by expected cost from the calibrated probabilities and is
never below the most probable level; the conformal range is widened to hold it.

Conformal range, using crepes' ``ConformalClassifier`` on the same calibration split.
The upper end is the safety-relevant side, so it is calibrated one-sided: the
nonconformity of level k for a referral is ``1 - P(level >= k)``, non-decreasing in k, so
crepes' prediction set at confidence ``coverage`` is always {0, ..., high}; ``high`` is at
or above the true level for at least ``coverage`` of exchangeable referrals. The lower end
is the mirror image with ``1 - P(level <= k)`` at ``lower_coverage``. Each end holds its
own guarantee; the pair together covers at least ``coverage + lower_coverage - 1``. The
temperature is fitted on the calibration rows too; with one parameter the effect on
exchangeability is negligible and measured coverage is tested on held-out data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from crepes import ConformalClassifier
from joblib import Parallel, delayed
from numpy.typing import NDArray
from scipy import sparse
from scipy.special import expit, logit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import _check_sample_weight, check_is_fitted
from threadpoolctl import threadpool_limits

from models.calibration import (
    apply_temperature,
    calibration_split,
    cross_fit_folds,
    cross_fit_rows,
    fit_temperature,
    use_cross_fit,
)
from models.sources import (
    CALIBRATIONS,
    ERROR_BAD_CALIBRATION,
    ERROR_SOURCE_FEATURES,
    PER_SOURCE,
    POOLED,
    calibration_groups,
    copy_sources,
    fit_source_gate,
    route,
    with_source_copies,
)
from models.text import (
    CHAR_NGRAM_RANGE,
    MAX_FEATURES,
    MIN_DF,
    SUBLINEAR_TF,
    WORD_NGRAM_RANGE,
    TextFeaturesMixin,
)

KINDS = ("ordinal", "multinomial")
ERROR_BAD_KIND = "kind={value!r} is not allowed; use 'ordinal' or 'multinomial'"
ERROR_BAD_DECISION = "decision={value!r} is not allowed; use 'cost' or 'argmax'"
DECISIONS = ("cost", "argmax")
TOP_LABEL_CEILING = 0.99
ERROR_RANK_RANGE = "need-level ranks must be integers in 0..{top}; found {values}"


@dataclass(frozen=True)
class NeedLevelOutput:
    """Everything the bundle shows for a batch: probabilities, level, range, abstain."""

    probability: NDArray[np.float64]
    level: NDArray[Any]
    low: NDArray[Any]
    high: NDArray[Any]
    abstain: NDArray[np.bool_]


@dataclass
class LevelCalibration:
    """One calibration of the raw level probabilities: temperature, top-label, conformal ends.

    A pooled model has one; ``calibration="per_source"`` keeps one per training source,
    because one map cannot fit two sources on which the model is right at different rates
    at the same raw confidence (measured: temperature 0.51 on hand-written rows, 1.06 with
    generated rows pooled in).
    """

    temperature: float
    top_label: IsotonicRegression | None
    upper: ConformalClassifier
    lower: ConformalClassifier


def _fit_binary(
    X: sparse.csr_matrix, y: NDArray[np.int64], *, C: float, class_weight: str | None,
    max_iter: int, sample_weight: NDArray[np.float64] | None = None,
) -> tuple[NDArray[np.float64], float, int]:
    """One cut model; a cut with one class gets a constant (zero-coef) model."""
    n_positive = int(y.sum())
    if n_positive == 0 or n_positive == len(y):
        return np.zeros(X.shape[1]), float(logit((n_positive + 1.0) / (len(y) + 2.0))), 0
    model = LogisticRegression(C=C, class_weight=class_weight, max_iter=max_iter)
    with threadpool_limits(limits=1):  # see models.concerns._fit_head
        model.fit(X, y, sample_weight=sample_weight)
    return model.coef_[0].astype(np.float64), float(model.intercept_[0]), int(model.n_iter_[0])


def cumulative_to_class(at_least: NDArray[np.float64]) -> NDArray[np.float64]:
    """Class probabilities from P(level >= k), k = 1..L-1, made monotone first.

    Parameters
    ----------
    at_least : array of shape (n_samples, n_levels - 1)

    Returns
    -------
    ndarray of shape (n_samples, n_levels), rows summing to 1.
    """
    monotone = np.minimum.accumulate(np.clip(at_least, 0.0, 1.0), axis=1)
    n = len(monotone)
    bounded = np.hstack([np.ones((n, 1)), monotone, np.zeros((n, 1))])
    return np.asarray(bounded[:, :-1] - bounded[:, 1:], dtype=np.float64)


class NeedLevelClassifier(TextFeaturesMixin, ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Ordinal or multinomial need-level classifier with a conformal level range.

    Parameters
    ----------
    kind : "ordinal" or "multinomial"
    vectorizer : None, "passthrough" or fitted transformer
        See :class:`models.text.TextFeaturesMixin`; pass the concern model's
        ``FrozenEstimator(vectorizer_)`` to share its vocabulary.
    word_ngram_range, char_ngram_range, min_df, max_features, sublinear_tf
        TF-IDF settings when ``vectorizer`` is None.
    C, class_weight, max_iter
        Logistic regression settings (every cut model, or the multinomial model).
    n_levels : int or None
        Number of levels; ``y`` then holds ranks 0..n_levels-1 and every level gets a
        column even if absent from training. None: the classes are ``np.unique(y)`` in
        sorted order, taken as the rank order.
    calibration_fraction : float
        Share of rows held out for temperature and conformal calibration.
    calibration_folds : int
        0: that hold-out split. k > 1: cross-fit instead (as in
        :class:`models.concerns.ConcernClassifier`): temperature, top-label calibration and
        the conformal range see every calibration-eligible row, scored out of fold.
    coverage : float
        Target share of referrals whose true level is at or below the range's upper end.
    lower_coverage : float or None
        Target share at or above the lower end; None uses ``coverage``.
    probability_floor : float
        Abstain when the top class probability is below this.
    top_label_calibration : bool
        After temperature scaling, recalibrate the top class's probability with isotonic
        regression on the calibration split (top-label calibration, Gupta & Ramdas 2022)
        and rescale the other classes to fill the rest. Temperature alone leaves the
        ordinal model underconfident in the middle and overconfident at the top.
    calibration : "pooled" or "per_source"
        ``pooled``: one calibration on the rows ``calibrate_on`` allows. ``per_source``:
        one per source named in ``fit``'s ``sources`` (every source takes part, whatever
        ``calibrate_on`` says), each fitted on its own rows; a logistic source classifier
        on the same features picks the calibration for each referral at prediction.
    calibration_rows_per_source : int
        ``per_source`` only: at most this many rows of each source are calibration rows
        (drawn at random), so cross-fitting stays affordable with 20,000 generated rows.
    source_features : bool
        ``per_source`` only: besides the shared features, each source gets its own copy
        of them (feature augmentation, Daumé III 2007), so the level model can learn what
        a phrase means in one source's writing without forcing it on the other (the
        generator's phrases carry its need rule; people's writing carries the
        guideline's). A referral is scored with the shared copy plus the copy of the
        source the source classifier routes it to. False: one set of weights for all.
    under_triage_weight : float
        The suggested level minimises expected |suggested - true| rank distance, with the
        cost of suggesting two or more levels below the top level multiplied by this
        (under-triage of a child-protection referral is the error that matters most).
        It only ever raises the suggestion: never below the most probable level.
    decision : "cost" or "argmax"
        How the suggested level is chosen from the probabilities. The conformal range is
        widened to hold the suggestion; it never pulls the suggestion down (clipping to
        the range's upper end, calibrated on other writing, once suggested 714 of 5,000
        generated referrals below their most probable level).
    random_state : int or None
    n_jobs : int or None
        Cut models fitted in parallel (ordinal kind).
    """

    def __init__(
        self,
        *,
        kind: str = "ordinal",
        vectorizer: Any = None,
        word_ngram_range: tuple[int, int] = WORD_NGRAM_RANGE,
        char_ngram_range: tuple[int, int] | None = CHAR_NGRAM_RANGE,
        min_df: float = MIN_DF,
        max_features: int | None = MAX_FEATURES,
        sublinear_tf: bool = SUBLINEAR_TF,
        C: float = 4.0,
        class_weight: str | None = None,
        max_iter: int = 1000,
        n_levels: int | None = None,
        calibration_fraction: float = 0.2,
        calibration_folds: int = 0,
        coverage: float = 0.9,
        lower_coverage: float | None = None,
        probability_floor: float = 0.6,
        top_label_calibration: bool = True,
        calibration: str = POOLED,
        calibration_rows_per_source: int = 5000,
        source_features: bool = False,
        under_triage_weight: float = 2.0,
        decision: str = "cost",
        random_state: int | None = 0,
        n_jobs: int | None = None,
    ) -> None:
        self.kind = kind
        self.vectorizer = vectorizer
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.n_levels = n_levels
        self.calibration_fraction = calibration_fraction
        self.calibration_folds = calibration_folds
        self.coverage = coverage
        self.lower_coverage = lower_coverage
        self.probability_floor = probability_floor
        self.top_label_calibration = top_label_calibration
        self.calibration = calibration
        self.calibration_rows_per_source = calibration_rows_per_source
        self.source_features = source_features
        self.under_triage_weight = under_triage_weight
        self.decision = decision
        self.random_state = random_state
        self.n_jobs = n_jobs

    def _ranks(self, y: NDArray[Any]) -> NDArray[np.int64]:
        check_classification_targets(y)
        if self.n_levels is None:
            self.classes_ = np.unique(y)
            return np.searchsorted(self.classes_, y).astype(np.int64)
        values = np.unique(y)
        top = self.n_levels - 1
        if values.dtype.kind not in "iu" or values.min() < 0 or values.max() > top:
            raise ValueError(ERROR_RANK_RANGE.format(top=top, values=values.tolist()))
        self.classes_ = np.arange(self.n_levels)
        return np.asarray(y, dtype=np.int64)

    def fit(
        self, X: Any, y: Any, sample_weight: Any = None, calibrate_on: Any = None,
        sources: Any = None,
    ) -> NeedLevelClassifier:
        """Fit the level model, its calibration(s) and the conformal range(s).

        Parameters
        ----------
        X : list of str (already redacted), or feature matrix (n_samples, n_features)
        y : array of shape (n_samples,)
            Ranks 0..n_levels-1 (lowest need first), or any labels when ``n_levels`` is
            None (sorted order is taken as rank order).
        sample_weight : array of shape (n_samples,) or None
            Weight of each row in the level model's fit (a source's weight).
        calibrate_on : bool array of shape (n_samples,) or None
            Rows a pooled calibration (temperature, top-label calibration, conformal
            range) may draw from (default: all).
        sources : array of str of shape (n_samples,) or None
            Each row's source; with ``calibration="per_source"`` each gets its own
            calibration (None: one source).

        Returns
        -------
        self
        """
        self._check_params()
        features, y = self._fit_features(X, y, multi_output=False)
        y = np.asarray(y)
        if y.ndim != 1:
            raise ValueError(f"y must be 1-D; got shape {y.shape}")
        ranks = self._ranks(y)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, features)
        weight = None if sample_weight is None else np.asarray(sample_weight, float)
        groups = calibration_groups(
            len(ranks), calibrate_on, sources, per_source=self.calibration == PER_SOURCE,
            rows_per_source=self.calibration_rows_per_source, random_state=self.random_state)
        eligible = groups != ""
        self.feature_sources_ = copy_sources(self.source_features, sources)
        level_features = with_source_copies(features, np.asarray(sources, dtype=str), self.feature_sources_)
        cal_idx, raw_cal = self._fit_and_score_calibration_rows(level_features, ranks, weight, eligible)
        names = sorted(set(groups[cal_idx].tolist()))
        self.calibrations_ = {
            name: self._fit_calibration(raw_cal[groups[cal_idx] == name],
                                        ranks[cal_idx][groups[cal_idx] == name])
            for name in names
        }
        self.source_gate_ = None
        if len(names) > 1:
            rows = np.flatnonzero(np.isin(groups, names))
            self.source_gate_ = fit_source_gate(features[rows], groups[rows])
        return self

    def _check_params(self) -> None:
        """Refuse settings outside their allowed values before any fitting."""
        if self.kind not in KINDS:
            raise ValueError(ERROR_BAD_KIND.format(value=self.kind))
        if self.decision not in DECISIONS:
            raise ValueError(ERROR_BAD_DECISION.format(value=self.decision))
        if self.calibration not in CALIBRATIONS:
            raise ValueError(ERROR_BAD_CALIBRATION.format(value=self.calibration))
        if self.source_features and self.calibration != PER_SOURCE:
            raise ValueError(ERROR_SOURCE_FEATURES)
        if not self.under_triage_weight >= 1.0:
            raise ValueError(f"under_triage_weight must be >= 1; got {self.under_triage_weight}")
        for name in ("coverage", "lower_coverage", "probability_floor"):
            value = getattr(self, name)
            if value is not None and not 0.0 < value < 1.0:
                raise ValueError(f"{name} must lie in (0, 1); got {value}")

    def _fit_and_score_calibration_rows(
        self, features: Any, ranks: NDArray[np.int64], weight: NDArray[np.float64] | None,
        eligible: NDArray[np.bool_],
    ) -> tuple[NDArray[np.int_], NDArray[np.float64]]:
        """Fit the level model; return the calibration rows and their held-out raw probabilities.

        Cross-fitted when asked for and affordable (every calibration row scored by a
        model that never saw it, then a final fit on all rows); otherwise a held-out split.
        """
        n_levels = len(self.classes_)
        calibrate_on = None if eligible.all() else eligible
        if use_cross_fit(self.calibration_folds, len(ranks), calibrate_on) and n_levels > 1:
            cal_idx = cross_fit_rows(len(ranks), calibrate_on)
            raw_cal = np.zeros((len(cal_idx), n_levels))
            for fit_rows, held in cross_fit_folds(len(ranks), cal_idx, self.calibration_folds,
                                                  self.random_state):
                self._fit_level_model(features, ranks, weight, fit_rows, n_levels)
                raw_cal[np.searchsorted(cal_idx, held)] = self._raw_proba(features[held])
            self._fit_level_model(features, ranks, weight, np.arange(len(ranks)), n_levels)
            return cal_idx, raw_cal
        fit_idx, cal_idx = calibration_split(
            len(ranks), fraction=self.calibration_fraction, random_state=self.random_state,
            stratify=ranks, eligible=calibrate_on,
        )
        self._fit_level_model(features, ranks, weight, fit_idx, n_levels)
        return cal_idx, self._raw_proba(features[cal_idx])

    def _fit_calibration(self, raw: NDArray[np.float64], r_cal: NDArray[np.int64]) -> LevelCalibration:
        """Temperature, top-label isotonic map and both conformal ends on one group's rows."""
        n_levels = raw.shape[1]
        temperature = fit_temperature(raw, r_cal) if n_levels > 1 else 1.0
        probability = apply_temperature(raw, temperature)
        top_label = None
        if self.top_label_calibration and n_levels > 1:
            # Capped below 1: a reviewer should never be shown certainty about a need level.
            top_label = IsotonicRegression(
                y_min=1.0 / n_levels, y_max=TOP_LABEL_CEILING, out_of_bounds="clip"
            ).fit(probability.max(axis=1), (probability.argmax(axis=1) == r_cal).astype(float))
        rows = np.arange(len(r_cal))
        return LevelCalibration(
            temperature=temperature, top_label=top_label,
            upper=ConformalClassifier().fit(1.0 - _at_least(probability)[rows, r_cal]),
            lower=ConformalClassifier().fit(1.0 - _at_most(probability)[rows, r_cal]),
        )

    def _fit_level_model(
        self, features: Any, ranks: NDArray[np.int64], weight: NDArray[np.float64] | None,
        rows: NDArray[np.int_], n_levels: int,
    ) -> None:
        """Fit the ordinal cuts or the multinomial model on ``rows`` (sets coef_, intercept_)."""
        X_fit, r_fit = features[rows], ranks[rows]
        w_fit = None if weight is None else weight[rows]
        self.n_iter_ = 0
        if n_levels == 1:
            self.coef_ = np.zeros((0, features.shape[1]), dtype=np.float64)
            self.intercept_ = np.zeros(0)
        elif self.kind == "ordinal":
            cuts = Parallel(n_jobs=self.n_jobs)(
                delayed(_fit_binary)(
                    X_fit, (r_fit >= k).astype(np.int64), C=self.C,
                    class_weight=self.class_weight, max_iter=self.max_iter, sample_weight=w_fit,
                )
                for k in range(1, n_levels)
            )
            self.coef_ = np.vstack([cut[0] for cut in cuts]).astype(np.float64)
            self.intercept_ = np.array([cut[1] for cut in cuts])
            self.n_iter_ = max(cut[2] for cut in cuts)
        else:
            self._fit_multinomial(X_fit, r_fit, n_levels, w_fit)

    def _fit_multinomial(
        self, X_fit: sparse.csr_matrix, r_fit: NDArray[np.int64], n_levels: int,
        sample_weight: NDArray[np.float64] | None = None,
    ) -> None:
        present = np.unique(r_fit)
        coef = np.zeros((n_levels, X_fit.shape[1]))
        # Absent levels get a very low intercept: near-zero probability before calibration.
        intercept = np.full(n_levels, -30.0)
        if len(present) == 1:
            intercept[present[0]] = 0.0
        else:
            model = LogisticRegression(
                C=self.C, class_weight=self.class_weight, max_iter=self.max_iter
            ).fit(X_fit, r_fit, sample_weight=sample_weight)
            self.n_iter_ = int(model.n_iter_.max())
            if len(present) == 2:
                # Binary LogisticRegression keeps one coefficient row; spread it evenly.
                coef[present[1]], coef[present[0]] = model.coef_[0] / 2, -model.coef_[0] / 2
                intercept[present[1]] = model.intercept_[0] / 2
                intercept[present[0]] = -model.intercept_[0] / 2
            else:
                coef[present] = model.coef_
                intercept[present] = model.intercept_
        self.coef_ = coef.astype(np.float64)
        self.intercept_ = intercept

    def _raw_proba(self, features: Any) -> NDArray[np.float64]:
        n_levels = len(self.classes_)
        if n_levels == 1:
            return np.ones((features.shape[0], 1))
        scores = np.asarray(features @ self.coef_.T, dtype=np.float64) + self.intercept_
        if self.kind == "ordinal":
            return cumulative_to_class(expit(scores))
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True), dtype=np.float64)

    def predict_proba(self, X: Any) -> NDArray[np.float64]:
        """Calibrated level probabilities.

        Returns
        -------
        ndarray of shape (n_samples, n_levels)
            Columns in rank order (``classes_``); each row sums to 1.
        """
        return self._calibrated(self.vectorize(X))[1]

    def source_of(self, X: Any) -> NDArray[np.str_]:
        """The calibration each referral is given (its predicted source, or "pooled")."""
        check_is_fitted(self, "calibrations_")
        return self._route(self.vectorize(X))

    def _route(self, features: Any) -> NDArray[np.str_]:
        return route(self.source_gate_, next(iter(self.calibrations_)), features)

    def _calibrated(
        self, features: Any
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
        """(temperature-scaled, calibrated probabilities, range low, range high), each row
        through the calibration of its (predicted) source."""
        check_is_fitted(self, "calibrations_")
        routed = self._route(features)
        raw = self._raw_proba(with_source_copies(features, routed, getattr(self, "feature_sources_", ())))
        base, probability = np.empty_like(raw), np.empty_like(raw)
        low, high = np.zeros(len(raw), np.int64), np.zeros(len(raw), np.int64)
        for name, calibration in self.calibrations_.items():
            rows = routed == name
            if rows.any():
                base[rows] = apply_temperature(raw[rows], calibration.temperature)
                probability[rows] = _top_label(base[rows], calibration.top_label)
                low[rows], high[rows] = self._range_index(base[rows], calibration)
        return base, probability, low, high

    def _decide(self, probability: NDArray[np.float64]) -> NDArray[np.int64]:
        """Rank index of the suggested level (see ``decision`` and ``under_triage_weight``).

        The cost rule may only raise the suggestion above the most probable level: with a
        spread-out row the weighted median can fall below the mode, which is under-triage
        the costs were meant to prevent.
        """
        most_probable = np.asarray(probability.argmax(axis=1), dtype=np.int64)
        if self.decision == "argmax":
            return most_probable
        n_levels = probability.shape[1]
        ranks = np.arange(n_levels)
        cost = np.abs(ranks[:, None] - ranks[None, :]).astype(np.float64)  # [suggested, true]
        if n_levels >= 3:
            cost[: n_levels - 2, n_levels - 1] *= self.under_triage_weight
        return np.maximum((probability @ cost.T).argmin(axis=1), most_probable).astype(np.int64)

    def predict(self, X: Any) -> NDArray[Any]:
        """Most probable level (scikit-learn's contract: the argmax of ``predict_proba``).

        The level the bundle *suggests* is ``predict_all(X).level``, chosen by expected
        cost (see ``decision``); the conformal range is widened to hold it.
        """
        probability = self.predict_proba(X)
        return np.asarray(self.classes_[np.argmax(probability, axis=1)])

    def _range_index(
        self, probability: NDArray[np.float64], calibration: LevelCalibration
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        upper = calibration.upper.predict_set(
            1.0 - _at_least(probability), confidence=self.coverage, smoothing=False
        )
        lower = calibration.lower.predict_set(
            1.0 - _at_most(probability),
            confidence=self.coverage if self.lower_coverage is None else self.lower_coverage,
            smoothing=False,
        )
        n_levels = probability.shape[1]
        high = n_levels - 1 - np.argmax(upper[:, ::-1] > 0, axis=1)
        low = np.argmax(lower > 0, axis=1)
        return np.minimum(low, high).astype(np.int64), high.astype(np.int64)

    def predict_range(self, X: Any) -> tuple[NDArray[Any], NDArray[Any]]:
        """Conformal range (low, high) of levels, each an array of ``classes_`` values.

        ``high`` is at or above the true level for at least ``coverage`` of referrals
        like the calibration rows, and never below the suggested level.
        """
        output = self.predict_all(X)
        return output.low, output.high

    def abstain(self, X: Any) -> NDArray[np.bool_]:
        """True where the range spans several levels or the top probability is below the floor."""
        return self.predict_all(X).abstain

    def predict_all(self, X: Any) -> NeedLevelOutput:
        """Probabilities, level, range and abstain flags from one pass over ``X``.

        The range is widened to hold the suggested level rather than the level clipped
        into the range: an upper end below the suggestion would otherwise pull it down.
        """
        _base, probability, low, high = self._calibrated(self.vectorize(X))
        level = self._decide(probability)
        low, high = np.minimum(low, level), np.maximum(high, level)
        abstain = (high > low) | (probability.max(axis=1) < self.probability_floor)
        return NeedLevelOutput(
            probability=probability,
            level=self.classes_[level],
            low=self.classes_[low],
            high=self.classes_[high],
            abstain=abstain,
        )

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        if self.vectorizer != "passthrough":
            tags.input_tags.two_d_array = False
            tags.input_tags.string = True
        return tags


def _at_least(probability: NDArray[np.float64]) -> NDArray[np.float64]:
    """P(level >= k) for every k: reverse cumulative sums, shape (n, L)."""
    at_least = np.clip(np.cumsum(probability[:, ::-1], axis=1)[:, ::-1], 0.0, 1.0)
    at_least[:, 0] = 1.0  # exactly, so the lowest level is never excluded by rounding
    return at_least


def _at_most(probability: NDArray[np.float64]) -> NDArray[np.float64]:
    """P(level <= k) for every k: cumulative sums, shape (n, L)."""
    at_most = np.clip(np.cumsum(probability, axis=1), 0.0, 1.0)
    at_most[:, -1] = 1.0
    return at_most


def _top_label(probability: NDArray[np.float64], calibrator: IsotonicRegression | None) -> NDArray[np.float64]:
    """Replace each row's top probability by its isotonic estimate; rescale the rest."""
    if calibrator is None:
        return probability
    rows = np.arange(len(probability))
    top_index = probability.argmax(axis=1)
    top = probability[rows, top_index]
    second = np.sort(probability, axis=1)[:, -2] if probability.shape[1] > 1 else np.zeros_like(top)
    # Keep the top class on top: after rescaling, the runner-up must not overtake it.
    floor = second / np.clip(1.0 - top + second, 1e-12, None)
    new_top = np.clip(np.maximum(calibrator.predict(top), floor + 1e-6), 0.0, 1.0)
    rest = np.clip(1.0 - top, 1e-12, None)
    adjusted = probability * ((1.0 - new_top) / rest)[:, None]
    adjusted[rows, top_index] = new_top
    return np.asarray(adjusted / adjusted.sum(axis=1, keepdims=True), dtype=np.float64)
