"""Concern categories (multi-label): TF-IDF -> one logistic head per concern, calibrated.

Each concern gets its own binary logistic regression on the shared word + char_wb TF-IDF
matrix (one-vs-rest), its own probability calibration (isotonic or sigmoid, whichever has
the lower cross-validated Brier score) and its own decision threshold (maximum F1 on
out-of-fold calibrated probabilities, subject to a minimum recall for the abuse
categories, where a missed concern costs far more than a false alarm).

See :mod:`models.calibration` for why a calibration split is used instead of K-fold
refits of the heads: the vectoriser is fitted once and its matrix reused throughout.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from joblib import Parallel, delayed
from numpy.typing import NDArray
from scipy import sparse
from scipy.special import expit, logit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import _check_sample_weight, check_is_fitted
from threadpoolctl import threadpool_limits

from models.calibration import (
    Calibrator,
    apply_calibrator,
    calibration_split,
    choose_calibration,
    choose_expected_threshold,
    choose_threshold,
    cross_fit_folds,
    cross_fit_rows,
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
    fold_copies,
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
    feature_blocks,
    tokenize_with_spans,
    unwrap_features,
)

DEFAULT_MIN_RECALL: dict[str, float] = {
    "physical_abuse": 0.9,
    "sexual_abuse": 0.9,
    "emotional_abuse": 0.9,
    "neglect": 0.9,
    "exploitation": 0.9,
    "harmful_practices": 0.9,
}
"""Default minimum recall per concern id (the abuse categories of the default taxonomy).

Used only when ``min_recall`` is None and ``concern_ids`` is given; ids the active scheme
lacks are ignored, so another authority's taxonomy is not refused for them.
"""

ERROR_Y_SHAPE = "Y must be a 2-D 0/1 indicator matrix (n_samples, n_concerns); got shape {shape}"
ERROR_Y_VALUES = "Y must hold only 0 and 1; found {values}"
ERROR_UNKNOWN_RECALL_ID = "min_recall names unknown concern {concern_id!r}; allowed: {allowed}"
ERROR_NO_TEXT_FEATURES = "evidence needs a text vectoriser; this model was fitted with passthrough"

EXPECTED = "expected"
THRESHOLD_RULES = ("empirical", EXPECTED)
ERROR_THRESHOLD_RULE = "threshold_rule={value!r} is not allowed; use 'empirical' or 'expected'"
PROBABILITY_CLIP = 1e-3
"""Calibrated probabilities are kept inside [0.001, 0.999]: isotonic steps can reach
exactly 0 or 1, and a reviewer should never be shown certainty the data cannot give."""

Evidence = tuple[int, int, str, float]


@dataclass(frozen=True)
class ConcernCalibration:
    """One calibration group's calibrator, method, Brier scores and threshold per concern."""

    calibrators: list[Calibrator]
    methods: list[str]
    brier: list[dict[str, float]]
    thresholds: NDArray[np.float64]


def _primary_source(names: list[str], groups: NDArray[np.str_], calibrate_on: Any) -> str:
    """The calibration ``thresholds_`` reports: the group most of ``calibrate_on``'s rows are in."""
    if len(names) == 1 or calibrate_on is None:
        return names[0]
    marked = groups[np.asarray(calibrate_on, bool)]
    counts = [int(np.sum(marked == name)) for name in names]
    return names[int(np.argmax(counts))]


def uncertain_flags(
    probability: NDArray[np.float64], thresholds: NDArray[np.float64], band: float
) -> NDArray[np.bool_]:
    """True where a probability lies within ``band`` log-odds of its concern's threshold."""
    clipped_thresholds = np.clip(thresholds, PROBABILITY_CLIP, 1.0 - PROBABILITY_CLIP)
    distance = np.abs(logit(np.clip(probability, PROBABILITY_CLIP, 1.0 - PROBABILITY_CLIP))
                      - logit(clipped_thresholds))
    return np.asarray(distance <= band)


def _fit_head(
    X: sparse.csr_matrix,
    y: NDArray[np.int64],
    *,
    C: float,
    class_weight: str | None,
    max_iter: int,
    sample_weight: NDArray[np.float64] | None = None,
) -> tuple[NDArray[np.float64], float, int]:
    """One binary logistic head; a column with one class gets a constant (zero-coef) head."""
    n_positive = int(y.sum())
    if n_positive == 0 or n_positive == len(y):
        rate = (n_positive + 1.0) / (len(y) + 2.0)
        return np.zeros(X.shape[1]), float(logit(rate)), 0
    model = LogisticRegression(C=C, class_weight=class_weight, max_iter=max_iter)
    # One BLAS thread: lbfgs on sparse input only does small dense vector work, where
    # thread start-up costs more than it saves (measured 2x slower with two threads).
    with threadpool_limits(limits=1):
        model.fit(X, y, sample_weight=sample_weight)
    return model.coef_[0].astype(np.float64), float(model.intercept_[0]), int(model.n_iter_[0])


class ConcernClassifier(TextFeaturesMixin, ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Multi-label concern classifier with calibrated probabilities and tuned thresholds.

    Parameters
    ----------
    vectorizer : None, "passthrough" or fitted transformer
        See :class:`models.text.TextFeaturesMixin`.
    word_ngram_range, char_ngram_range, min_df, max_features, sublinear_tf
        TF-IDF settings when ``vectorizer`` is None (``char_ngram_range=None`` drops the
        character n-grams).
    C : float
        Inverse regularisation strength of every head.
    class_weight : None or "balanced"
        Passed to each head; calibration undoes the probability distortion it causes.
    max_iter : int
        Iteration limit of each head.
    calibration : "auto", "isotonic" or "sigmoid"
        "auto" picks per concern by cross-validated Brier score on the calibration split.
    calibration_fraction : float
        Share of the training rows held out to calibrate and choose thresholds.
    calibration_cv : int
        Folds within the calibration split (method choice and out-of-fold thresholds).
    calibration_folds : int
        0: calibrate on a held-out split (``calibration_fraction``). k > 1: cross-fit
        instead: every calibration-eligible row is scored by heads fitted without its
        fold, so calibration and thresholds see all of them, and the final heads are
        fitted on every row. Costs k + 1 fits; worth it when the rows calibration may
        use are few (a few hundred hand-written referrals), so it applies only up to
        :data:`models.calibration.CROSS_FIT_MAX_ROWS` calibration rows; above that the
        held-out split is used.
    concern_ids : sequence of str or None
        Column names of ``Y``, so ``min_recall`` can be keyed by concern id.
    min_recall : mapping concern id (or column index) -> float, or None
        Minimum recall each threshold must reach on out-of-fold calibration data. None
        uses :data:`DEFAULT_MIN_RECALL` for the ids in ``concern_ids``.
    source_calibration : "pooled" or "per_source"
        ``pooled``: one calibration and one threshold per concern, on the rows
        ``calibrate_on`` allows. ``per_source``: each source named in ``fit``'s ``sources``
        gets its own calibrators and thresholds, on up to ``calibration_rows_per_source``
        of its rows; the source classifier of :mod:`models.sources` routes each referral.
        The same head score means a different probability in generated writing than in
        people's, and a threshold tuned on one source's rows misplaces the other's.
    calibration_rows_per_source : int
        ``per_source`` only: calibration rows drawn from each source at most.
    source_features : bool
        ``per_source`` only: each source also gets its own copy of the features
        (see :mod:`models.sources`).
    uncertainty_band : float
        A probability within this many log-odds of its threshold is flagged uncertain.
        Log-odds, not probability: a fixed 0.1 in probability around a threshold of
        0.007 covered almost every referral, while 0.5 log-odds there is 0.004-0.012,
        and around 0.5 it is 0.38-0.62.
    random_state : int or None
        Seed of the calibration split and folds.
    threshold_rule : {"empirical", "expected"}
        How each threshold is chosen on the calibration rows' out-of-fold probabilities:
        ``empirical`` maximises F1 against their labels; ``expected`` maximises expected
        F1, each row counting as its calibrated probability of a positive (smoother with
        few positives; :func:`models.calibration.choose_expected_threshold`). The recall
        floors apply to either.
    n_jobs : int or None
        Heads fitted in parallel (joblib).
    """

    def __init__(
        self,
        *,
        vectorizer: Any = None,
        word_ngram_range: tuple[int, int] = WORD_NGRAM_RANGE,
        char_ngram_range: tuple[int, int] | None = CHAR_NGRAM_RANGE,
        min_df: float = MIN_DF,
        max_features: int | None = MAX_FEATURES,
        sublinear_tf: bool = SUBLINEAR_TF,
        C: float = 4.0,
        class_weight: str | None = None,
        max_iter: int = 1000,
        calibration: str = "auto",
        calibration_fraction: float = 0.2,
        calibration_cv: int = 5,
        calibration_folds: int = 0,
        concern_ids: Sequence[str] | None = None,
        min_recall: Mapping[str | int, float] | None = None,
        source_calibration: str = POOLED,
        calibration_rows_per_source: int = 5000,
        source_features: bool = False,
        uncertainty_band: float = 0.5,
        threshold_rule: str = "empirical",
        random_state: int | None = 0,
        n_jobs: int | None = None,
    ) -> None:
        self.vectorizer = vectorizer
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.calibration = calibration
        self.calibration_fraction = calibration_fraction
        self.calibration_cv = calibration_cv
        self.calibration_folds = calibration_folds
        self.concern_ids = concern_ids
        self.min_recall = min_recall
        self.source_calibration = source_calibration
        self.calibration_rows_per_source = calibration_rows_per_source
        self.source_features = source_features
        self.uncertainty_band = uncertainty_band
        self.threshold_rule = threshold_rule
        self.random_state = random_state
        self.n_jobs = n_jobs

    def _min_recall_by_column(self, n_columns: int) -> NDArray[np.float64]:
        ids = list(self.concern_ids) if self.concern_ids is not None else None
        if ids is not None and len(ids) != n_columns:
            raise ValueError(
                f"concern_ids has {len(ids)} ids but Y has {n_columns} columns"
            )
        floors = np.zeros(n_columns)
        if self.min_recall is None:
            for concern_id, value in DEFAULT_MIN_RECALL.items():
                if ids is not None and concern_id in ids:
                    floors[ids.index(concern_id)] = value
            return floors
        for key, value in self.min_recall.items():
            if isinstance(key, str):
                if ids is None or key not in ids:
                    raise ValueError(
                        ERROR_UNKNOWN_RECALL_ID.format(concern_id=key, allowed=ids or [])
                    )
                floors[ids.index(key)] = float(value)
            else:
                floors[int(key)] = float(value)
        return floors

    def fit(
        self, X: Any, Y: Any, sample_weight: Any = None, calibrate_on: Any = None,
        sources: Any = None,
    ) -> ConcernClassifier:
        """Fit the heads, calibrate each concern and choose its threshold.

        Parameters
        ----------
        X : list of str (already redacted), or feature matrix (n_samples, n_features)
            Only redacted text may be fitted: the vocabulary is a copy of training n-grams.
        Y : array of shape (n_samples, n_concerns)
            0/1 indicators in the column order of ``concern_ids``.
        sample_weight : array of shape (n_samples,) or None
            Weight of each row in the heads' fit (a source's weight, e.g. hand-written
            referrals counted several times over generated ones).
        calibrate_on : bool array of shape (n_samples,) or None
            Rows a pooled calibration may draw from (default: all); with
            ``source_calibration="per_source"`` it names the source whose thresholds
            ``thresholds_`` reports.
        sources : array of str of shape (n_samples,) or None
            Each row's source, for ``source_calibration="per_source"`` and
            ``source_features`` (None: one source).

        Returns
        -------
        self
        """
        self._check_source_params()
        features, Y = self._fit_features(X, Y, multi_output=True)
        Y = np.asarray(Y)
        if Y.ndim != 2:
            raise ValueError(ERROR_Y_SHAPE.format(shape=Y.shape))
        values = np.unique(Y)
        if not np.isin(values, [0, 1]).all():
            raise ValueError(ERROR_Y_VALUES.format(values=values.tolist()))
        Y = Y.astype(np.int64)
        n_samples, n_concerns = Y.shape
        floors = self._min_recall_by_column(n_concerns)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, features)
        weight = None if sample_weight is None else np.asarray(sample_weight, float)
        groups = calibration_groups(
            n_samples, calibrate_on, sources, per_source=self.source_calibration == PER_SOURCE,
            rows_per_source=self.calibration_rows_per_source, random_state=self.random_state)
        eligible = None if (groups != "").all() else groups != ""
        self.feature_sources_ = copy_sources(self.source_features, sources)
        head_features = with_source_copies(features, np.asarray(sources, dtype=str), self.feature_sources_)
        cal_idx, scores = self._fit_and_score_calibration_rows(head_features, Y, weight, eligible)
        names = sorted(set(groups[cal_idx].tolist()))
        self.calibrations_ = {
            name: self._fit_calibration(scores[groups[cal_idx] == name],
                                        Y[cal_idx][groups[cal_idx] == name], floors)
            for name in names
        }
        self.source_gate_ = None
        if len(names) > 1:
            rows = np.flatnonzero(np.isin(groups, names))
            self.source_gate_ = fit_source_gate(features[rows], groups[rows])
        self.primary_source_ = _primary_source(names, groups, calibrate_on)
        primary = self.calibrations_[self.primary_source_]
        self.calibrators_ = primary.calibrators
        self.calibration_methods_ = primary.methods
        self.calibration_brier_ = primary.brier
        self.thresholds_ = primary.thresholds
        self.min_recall_ = floors
        self.n_concerns_ = n_concerns
        self.classes_ = np.array([0, 1])
        return self

    def _fit_and_score_calibration_rows(
        self, features: Any, Y: NDArray[np.int64], weight: NDArray[np.float64] | None,
        eligible: NDArray[np.bool_] | None,
    ) -> tuple[NDArray[np.int_], NDArray[np.float64]]:
        """Fit the heads; return the calibration rows and their held-out head scores.

        Cross-fitted when asked for and affordable (every calibration row scored by heads
        that never saw it, then a final fit on all rows); otherwise a held-out split.
        """
        n_samples = Y.shape[0]
        if use_cross_fit(self.calibration_folds, n_samples, eligible):
            cal_idx = cross_fit_rows(n_samples, eligible)
            scores = np.zeros((len(cal_idx), Y.shape[1]))
            for fit_rows, held in cross_fit_folds(n_samples, cal_idx, self.calibration_folds,
                                                  self.random_state):
                coef, intercept, _ = self._fit_heads(features, Y, weight, fit_rows)
                scores[np.searchsorted(cal_idx, held)] = features[held] @ coef.T + intercept
            self.coef_, self.intercept_, self.n_iter_ = self._fit_heads(
                features, Y, weight, np.arange(n_samples))
            return cal_idx, scores
        fit_idx, cal_idx = calibration_split(
            n_samples, fraction=self.calibration_fraction, random_state=self.random_state,
            eligible=eligible,
        )
        self.coef_, self.intercept_, self.n_iter_ = self._fit_heads(features, Y, weight, fit_idx)
        return cal_idx, self._scores(features[cal_idx])

    def _check_source_params(self) -> None:
        if self.source_calibration not in CALIBRATIONS:
            raise ValueError(ERROR_BAD_CALIBRATION.format(value=self.source_calibration))
        if self.source_features and self.source_calibration != PER_SOURCE:
            raise ValueError(ERROR_SOURCE_FEATURES)
        if self.threshold_rule not in THRESHOLD_RULES:
            raise ValueError(ERROR_THRESHOLD_RULE.format(value=self.threshold_rule))

    def _fit_calibration(
        self, scores: NDArray[np.float64], Y: NDArray[np.int64], floors: NDArray[np.float64]
    ) -> ConcernCalibration:
        """Calibrator and threshold of every concern on one calibration group's rows."""
        calibrators: list[Calibrator] = []
        methods: list[str] = []
        brier: list[dict[str, float]] = []
        thresholds = np.zeros(Y.shape[1])
        for j in range(Y.shape[1]):
            choice = choose_calibration(
                scores[:, j], Y[:, j], method=self.calibration,
                cv=self.calibration_cv, random_state=self.random_state,
            )
            calibrators.append(choice.calibrator)
            methods.append(choice.method)
            brier.append(choice.brier)
            if self.threshold_rule == EXPECTED:
                thresholds[j] = choose_expected_threshold(choice.oof_probability, min_recall=floors[j] or None)
            else:
                thresholds[j] = choose_threshold(choice.oof_probability, Y[:, j], min_recall=floors[j] or None)
        return ConcernCalibration(calibrators=calibrators, methods=methods, brier=brier,
                                  thresholds=thresholds)

    def _fit_heads(
        self, features: Any, Y: NDArray[np.int64], weight: NDArray[np.float64] | None,
        rows: NDArray[np.int_],
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], int]:
        """Fit one head per concern on ``rows``: (coef, intercept, iterations)."""
        X_fit = features[rows]
        weight_fit = None if weight is None else weight[rows]
        heads = Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_head)(
                X_fit, Y[rows, j], C=self.C, class_weight=self.class_weight,
                max_iter=self.max_iter, sample_weight=weight_fit,
            )
            for j in range(Y.shape[1])
        )
        coef = np.vstack([head[0] for head in heads]).astype(np.float64)
        return coef, np.array([head[1] for head in heads]), max(head[2] for head in heads)

    def _scores(self, features: Any) -> NDArray[np.float64]:
        raw = features @ self.coef_.T
        return np.asarray(raw + self.intercept_, dtype=np.float64)

    def source_of(self, X: Any) -> NDArray[np.str_]:
        """The calibration each referral is given (its predicted source, or "pooled")."""
        check_is_fitted(self, "coef_")
        return self._route(self.vectorize(X))

    def _route(self, features: Any) -> NDArray[np.str_]:
        return route(getattr(self, "source_gate_", None), self._primary(), features)

    def _primary(self) -> str:
        return str(getattr(self, "primary_source_", POOLED))

    def _calibration_of(self, name: str) -> ConcernCalibration:
        calibrations = getattr(self, "calibrations_", None)
        if calibrations is None:  # a model pickled before per-source calibration
            return ConcernCalibration(calibrators=self.calibrators_, methods=self.calibration_methods_,
                                      brier=self.calibration_brier_, thresholds=self.thresholds_)
        return calibrations[name]

    def _routed_scores(self, features: Any) -> tuple[NDArray[np.float64], NDArray[np.str_]]:
        routed = self._route(features)
        names = getattr(self, "feature_sources_", ())
        return self._scores(with_source_copies(features, routed, names)), routed

    def head_logits(self, X: Any) -> NDArray[np.float64]:
        """Uncalibrated logit of each head, shape (n_samples, n_concerns)."""
        check_is_fitted(self, "coef_")
        return self._routed_scores(self.vectorize(X))[0]

    def predict_uncalibrated_proba(self, X: Any) -> NDArray[np.float64]:
        """The heads' own probabilities (sigmoid of the logit), for comparison only."""
        return np.asarray(expit(self.head_logits(X)), dtype=np.float64)

    def predict_with_thresholds(self, X: Any) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Calibrated probabilities and each row's thresholds, from one pass over ``X``.

        Returns
        -------
        (probability, thresholds), both of shape (n_samples, n_concerns). A row's
        thresholds are those of the source it is routed to (``thresholds_`` everywhere
        under a pooled calibration).
        """
        check_is_fitted(self, "coef_")
        scores, routed = self._routed_scores(self.vectorize(X))
        probability = np.zeros_like(scores)
        thresholds = np.zeros_like(scores)
        for name in np.unique(routed):
            rows = routed == name
            calibration = self._calibration_of(str(name))
            probability[rows] = np.column_stack(
                [apply_calibrator(calibration.calibrators[j], scores[rows, j])
                 for j in range(self.n_concerns_)]
            ).reshape(int(rows.sum()), self.n_concerns_)
            thresholds[rows] = calibration.thresholds
        return np.clip(probability, PROBABILITY_CLIP, 1.0 - PROBABILITY_CLIP), thresholds

    def decision_function(self, X: Any) -> NDArray[np.float64]:
        """Calibrated probability minus threshold: positive exactly where a concern is suggested.

        Returns
        -------
        ndarray of shape (n_samples, n_concerns)
        """
        probability, thresholds = self.predict_with_thresholds(X)
        return np.asarray(probability - thresholds, dtype=np.float64)

    def predict_proba(self, X: Any) -> NDArray[np.float64]:
        """Calibrated probability of each concern.

        Returns
        -------
        ndarray of shape (n_samples, n_concerns)
            Independent probabilities in [0, 1] (rows need not sum to 1).
        """
        return self.predict_with_thresholds(X)[0]

    def predict(self, X: Any) -> NDArray[np.int64]:
        """0/1 suggestion per concern: calibrated probability above its threshold."""
        probability, thresholds = self.predict_with_thresholds(X)
        return (probability > thresholds).astype(np.int64)

    def uncertain(self, X: Any) -> NDArray[np.bool_]:
        """True where the probability lies within ``uncertainty_band`` log-odds of the threshold."""
        probability, thresholds = self.predict_with_thresholds(X)
        return uncertain_flags(probability, thresholds, self.uncertainty_band)

    def evidence(self, text: str, k_index: int, top: int = 5) -> list[Evidence]:
        """The n-grams pushing concern ``k_index`` up most, as spans of ``text``.

        Each feature's contribution is ``coef * tfidf``. A word n-gram's contribution is
        shared among its occurrences; a character n-gram's among the tokens containing it.
        A candidate span (one token or a word bigram) scores its own n-gram's share plus
        its tokens' character shares; the best non-overlapping positive spans are returned.

        Returns
        -------
        list of (start, end, text[start:end], weight), strongest first.
        """
        return self.evidence_for(text, [k_index], top=top)[k_index]

    def evidence_for(
        self, text: str, k_indices: Sequence[int], top: int = 5
    ) -> dict[int, list[Evidence]]:
        """:meth:`evidence` for several concerns of one text, vectorising it once."""
        check_is_fitted(self, "coef_")
        for k_index in k_indices:
            if not 0 <= k_index < self.n_concerns_:
                raise ValueError(f"k_index {k_index} out of range 0..{self.n_concerns_ - 1}")
        features = unwrap_features(self.vectorizer_)
        if features is None:
            raise ValueError(ERROR_NO_TEXT_FEATURES)
        tokens = tokenize_with_spans(text)
        if not tokens or not k_indices:
            return {k_index: [] for k_index in k_indices}
        row = sparse.csr_matrix(features.transform([text]))
        norms = [token.norm for token in tokens]
        # Where each feature occurs: (column, share) per token for char n-grams and
        # (column, share) per (first, last) token run for word n-grams.
        token_columns: list[list[tuple[int, float]]] = [[] for _ in tokens]
        run_columns: dict[tuple[int, int], list[tuple[int, float]]] = defaultdict(list)
        for name, vectorizer, offset in feature_blocks(features):
            vocabulary = vectorizer.vocabulary_
            if name == "char":
                analyzer = vectorizer.build_analyzer()
                per_token = [
                    [offset + vocabulary[gram] for gram in analyzer(norm) if gram in vocabulary]
                    for norm in norms
                ]
                occurrences: dict[int, int] = defaultdict(int)
                for columns in per_token:
                    for column in columns:
                        occurrences[column] += 1
                for i, columns in enumerate(per_token):
                    token_columns[i].extend((c, 1.0 / occurrences[c]) for c in columns)
                continue
            low, high = vectorizer.ngram_range
            found: dict[int, list[tuple[int, int]]] = defaultdict(list)
            for n in range(low, high + 1):
                for i in range(len(tokens) - n + 1):
                    column = vocabulary.get(" ".join(norms[i : i + n]))
                    if column is not None:
                        found[offset + column].append((i, i + n - 1))
            for column, places in found.items():
                for place in places:
                    run_columns[place].append((column, 1.0 / len(places)))
        coef = fold_copies(self.coef_, row.shape[1], getattr(self, "feature_sources_", ()),
                           str(self._route(row)[0]))
        result = {}
        for k_index in k_indices:
            contribution = np.zeros(row.shape[1])
            contribution[row.indices] = row.data * coef[k_index, row.indices]
            result[k_index] = _best_spans(
                text, tokens, token_columns, run_columns, contribution, top
            )
        return result

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = False
        tags.input_tags.sparse = True
        if self.vectorizer != "passthrough":
            tags.input_tags.two_d_array = False
            tags.input_tags.string = True
        return tags


def _best_spans(
    text: str,
    tokens: Sequence[Any],
    token_columns: list[list[tuple[int, float]]],
    run_columns: Mapping[tuple[int, int], list[tuple[int, float]]],
    contribution: NDArray[np.float64],
    top: int,
) -> list[Evidence]:
    """Greedy choice of the highest-weight non-overlapping positive spans."""

    def weight(columns: list[tuple[int, float]]) -> float:
        return float(sum(contribution[column] * share for column, share in columns))

    single = [weight(token_columns[i]) + weight(run_columns.get((i, i), [])) for i in range(len(tokens))]
    candidates: dict[tuple[int, int], float] = {(i, i): single[i] for i in range(len(tokens))}
    for (first, last), columns in run_columns.items():
        if last > first:
            candidates[(first, last)] = weight(columns) + sum(single[first : last + 1])
    chosen: list[Evidence] = []
    taken = np.zeros(len(tokens), dtype=bool)
    for (first, last), value in sorted(candidates.items(), key=lambda item: (-item[1], item[0])):
        if value <= 0 or len(chosen) >= top:
            break
        if taken[first : last + 1].any():
            continue
        taken[first : last + 1] = True
        start, end = tokens[first].start, tokens[last].end
        chosen.append((start, end, text[start:end], value))
    return chosen
