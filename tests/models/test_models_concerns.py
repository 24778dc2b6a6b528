"""ConcernClassifier: estimator checks, calibration, thresholds, evidence, round trip."""

from __future__ import annotations

import joblib
import numpy as np
import pytest
from models_testdata import FAST_FEATURES, Dataset, sklearn_checks
from scipy.special import logit
from sklearn.metrics import brier_score_loss, f1_score, recall_score

from models.calibration import choose_expected_threshold, choose_threshold
from models.concerns import DEFAULT_MIN_RECALL, ConcernClassifier

MULTI_LABEL_ONLY = (
    "multi-label only: fit takes a 2-D 0/1 indicator matrix, this check fits a 1-D target"
)
ONE_D_TARGET_CHECKS = (
    "check_fit_score_takes_y", "check_estimators_overwrite_params",
    "check_dont_overwrite_parameters", "check_estimators_fit_returns_self",
    "check_readonly_memmap_input", "check_positive_only_tag_during_fit",
    "check_estimators_dtypes", "check_dtype_object", "check_estimator_sparse_tag",
    "check_estimator_sparse_array", "check_estimator_sparse_matrix",
    "check_f_contiguous_array_estimator", "check_classifier_data_not_an_array",
    "check_classifiers_one_label", "check_classifiers_classes", "check_classifiers_train",
    "check_classifiers_regression_target", "check_class_weight_classifiers",
    "check_non_transformer_estimators_n_iter", "check_decision_proba_consistency",
    "check_methods_sample_order_invariance", "check_methods_subset_invariance",
    "check_fit2d_1feature", "check_dict_unchanged", "check_fit2d_predict1d",
)
SAMPLE_WEIGHT_NOT_REPETITION = {
    name: "weights scale the fit of the heads; the calibration split is drawn over rows, so a "
    "weight of 2 is not the same as a repeated row"
    for name in ("check_sample_weight_equivalence_on_dense_data",
                 "check_sample_weight_equivalence_on_sparse_data")
} | {
    name: "multi-label only: these weight checks fit a 1-D target"
    for name in ("check_sample_weights_pandas_series", "check_sample_weights_not_an_array",
                 "check_sample_weights_list", "check_sample_weights_shape",
                 "check_sample_weights_not_overwritten", "check_classifiers_one_label_sample_weights")
}
EXPECTED_FAILED = {name: MULTI_LABEL_ONLY for name in ONE_D_TARGET_CHECKS} | {
    "check_classifier_multioutput": (
        "thresholds are tuned per concern, so predict is not predict_proba rounded at 0.5"
    ),
} | SAMPLE_WEIGHT_NOT_REPETITION


@sklearn_checks(
    [ConcernClassifier(vectorizer="passthrough")],
    lambda estimator: EXPECTED_FAILED,
)
def test_sklearn_compatible_on_array_input(estimator, check) -> None:  # type: ignore[no-untyped-def]
    check(estimator)


def test_probabilities_lie_in_unit_interval(
    concern_model: ConcernClassifier, test_data: Dataset
) -> None:
    probability = concern_model.predict_proba(test_data.texts)
    assert probability.shape == test_data.Y.shape
    assert ((probability >= 0) & (probability <= 1)).all()


def test_calibrated_brier_is_no_worse_than_uncalibrated_on_held_out(
    concern_model: ConcernClassifier, test_data: Dataset
) -> None:
    calibrated = concern_model.predict_proba(test_data.texts)
    raw = concern_model.predict_uncalibrated_proba(test_data.texts)
    brier_calibrated = brier_score_loss(test_data.Y.ravel(), calibrated.ravel())
    brier_raw = brier_score_loss(test_data.Y.ravel(), raw.ravel())
    assert brier_calibrated <= brier_raw + 1e-3


def test_calibration_method_is_chosen_per_concern(concern_model: ConcernClassifier) -> None:
    assert len(concern_model.calibration_methods_) == concern_model.n_concerns_
    assert set(concern_model.calibration_methods_) <= {"isotonic", "sigmoid", "constant"}


def test_learns_the_tiny_task(concern_model: ConcernClassifier, test_data: Dataset) -> None:
    assert f1_score(test_data.Y, concern_model.predict(test_data.texts), average="macro") > 0.9


def test_thresholds_respect_min_recall_on_held_out_data(
    scheme, concern_model: ConcernClassifier, test_data: Dataset  # type: ignore[no-untyped-def]
) -> None:
    predicted = concern_model.predict(test_data.texts)
    for concern_id, floor in DEFAULT_MIN_RECALL.items():
        j = scheme.concern_ids.index(concern_id)
        assert concern_model.min_recall_[j] == floor
        assert recall_score(test_data.Y[:, j], predicted[:, j]) >= floor - 0.05


def test_when_min_recall_is_high_then_threshold_gives_up_precision_for_recall() -> None:
    probability = np.array([0.9, 0.8, 0.7, 0.4, 0.3, 0.2, 0.1])
    y = np.array([1, 1, 0, 0, 0, 0, 1])
    plain = choose_threshold(probability, y)
    strict = choose_threshold(probability, y, min_recall=1.0)
    assert ((probability > strict) & (y == 1)).sum() == 3
    assert strict < plain
    assert ((probability > plain) & (y == 1)).sum() == 2


def test_when_recall_floor_needs_a_useless_precision_then_threshold_stops_short() -> None:
    # one positive far down a long run of negatives: reaching recall 1.0 costs precision 3/10
    probability = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.15, 0.1, 0.05])
    y = np.array([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    strict = choose_threshold(probability, y, min_recall=1.0)
    assert ((probability > strict) & (y == 1)).sum() == 2  # floor given up, 2 of 3 kept
    relaxed = choose_threshold(probability, y, min_recall=1.0, min_precision=0.2)
    assert ((probability > relaxed) & (y == 1)).sum() == 3  # allowed to go that low


def expected_counts(probability: np.ndarray, threshold: float) -> tuple[float, float]:
    """Expected recall and F1 at ``threshold`` when each row is positive with its probability."""
    chosen = probability > threshold
    true_positive, positives = probability[chosen].sum(), probability.sum()
    return true_positive / positives, 2 * true_positive / (chosen.sum() + positives)


def test_expected_threshold_maximises_expected_f1_and_keeps_the_recall_floor() -> None:
    probability = np.random.default_rng(3).beta(0.6, 3.0, size=400)
    plain = choose_expected_threshold(probability)
    grid = np.linspace(0.0, 1.0, 401)
    best = max(expected_counts(probability, t)[1] for t in grid)
    assert expected_counts(probability, plain)[1] >= best - 1e-9
    floored = choose_expected_threshold(probability, min_recall=0.9, min_precision=0.0)
    assert floored < plain
    assert expected_counts(probability, floored)[0] >= 0.9
    assert choose_expected_threshold(np.zeros(5)) == 0.5  # no expected positive: nothing to tune


def test_expected_threshold_moves_less_than_the_empirical_one_between_small_samples() -> None:
    """With calibrated probabilities and a few dozen positives, the labels' F1 curve jumps
    with each positive; the expected F1 curve does not, so its threshold is steadier."""
    rng = np.random.default_rng(11)
    empirical, expected = [], []
    for _ in range(200):
        probability = rng.beta(0.6, 3.0, size=250)
        labels = (rng.random(250) < probability).astype(int)  # calibrated by construction
        empirical.append(choose_threshold(probability, labels))
        expected.append(choose_expected_threshold(probability))
    assert np.std(expected) < 0.5 * np.std(empirical)
    assert abs(np.mean(expected) - np.mean(empirical)) < 0.1


def test_threshold_rule_expected_sets_other_thresholds_and_a_bad_rule_is_refused(
    train_data: Dataset, scheme  # type: ignore[no-untyped-def]
) -> None:
    texts, Y = train_data.texts[:300], train_data.Y[:300].copy()
    noise = np.random.default_rng(5).random(Y.shape) < 0.15  # generated text separates cleanly;
    Y[noise] = 1 - Y[noise]  # with noisy labels the probabilities are not all 0 or 1
    settings = {"concern_ids": scheme.concern_ids, "calibration": "sigmoid", **FAST_FEATURES}
    empirical = ConcernClassifier(**settings).fit(texts, Y)
    expected = ConcernClassifier(threshold_rule="expected", **settings).fit(texts, Y)
    assert not np.allclose(empirical.thresholds_, expected.thresholds_)
    np.testing.assert_allclose(empirical.predict_proba(texts[:20]), expected.predict_proba(texts[:20]))
    with pytest.raises(ValueError, match="threshold_rule='median' is not allowed"):
        ConcernClassifier(threshold_rule="median", **settings).fit(texts, Y)


def test_when_min_recall_names_unknown_concern_then_error_lists_allowed(
    train_data: Dataset, scheme  # type: ignore[no-untyped-def]
) -> None:
    model = ConcernClassifier(concern_ids=scheme.concern_ids, min_recall={"scurvy": 0.9})
    with pytest.raises(ValueError, match="unknown concern 'scurvy'; allowed: .*neglect"):
        model.fit(train_data.texts[:50], train_data.Y[:50])


def test_uncertain_flags_probabilities_near_the_threshold(
    concern_model: ConcernClassifier, test_data: Dataset
) -> None:
    probability = concern_model.predict_proba(test_data.texts)
    distance = np.abs(logit(probability) - logit(concern_model.thresholds_))
    expected = distance <= concern_model.uncertainty_band
    np.testing.assert_array_equal(concern_model.uncertain(test_data.texts), expected)


def test_evidence_offsets_point_at_the_right_substring(
    scheme, concern_model: ConcernClassifier  # type: ignore[no-untyped-def]
) -> None:
    text = "Referral: [PERSON_4] has  Bruising on the upper arm. The family are homeless."
    j = scheme.concern_ids.index("physical_abuse")
    spans = concern_model.evidence(text, j, top=3)
    assert spans, "expected evidence for physical abuse"
    for start, end, span, weight in spans:
        assert text[start:end] == span
        assert weight > 0
    assert any("Bruising" in span or "arm" in span for _, _, span, _ in spans)
    weights = [weight for *_, weight in spans]
    assert weights == sorted(weights, reverse=True)


def test_overfit_then_joblib_round_trip_gives_identical_probabilities(
    scheme, train_data: Dataset, tmp_path  # type: ignore[no-untyped-def]
) -> None:
    texts, Y = train_data.texts[:300], train_data.Y[:300]
    model = ConcernClassifier(concern_ids=scheme.concern_ids, C=100.0, **FAST_FEATURES)
    model.fit(texts, Y)
    assert f1_score(Y, model.predict(texts), average="micro") > 0.95
    joblib.dump(model, tmp_path / "concerns.joblib")
    reloaded = joblib.load(tmp_path / "concerns.joblib")
    np.testing.assert_array_equal(reloaded.predict_proba(texts), model.predict_proba(texts))


def test_same_seed_gives_same_predictions(scheme, train_data: Dataset) -> None:  # type: ignore[no-untyped-def]
    texts, Y = train_data.texts[:200], train_data.Y[:200]
    params = {"concern_ids": scheme.concern_ids, "random_state": 7, **FAST_FEATURES}
    first = ConcernClassifier(**params).fit(texts, Y).predict_proba(texts)
    second = ConcernClassifier(**params).fit(texts, Y).predict_proba(texts)
    np.testing.assert_array_equal(first, second)


def _two_sources(data: Dataset) -> tuple[list[str], np.ndarray, np.ndarray, int]:
    """The same referrals twice: source "b" marked in its text, with one concern's labels
    reversed there, so its phrases mean the opposite in b's writing."""
    column = 4  # domestic abuse in the default scheme
    flipped = data.Y.copy()
    flipped[:, column] = 1 - flipped[:, column]
    texts = list(data.texts) + [f"zzgenerated {t} zzgenerated" for t in data.texts]
    sources = np.array(["a"] * len(data.texts) + ["b"] * len(data.texts))
    return texts, np.vstack([data.Y, flipped]), sources, column


def test_per_source_calibration_and_feature_copies_follow_each_source(
    scheme, train_data: Dataset, test_data: Dataset  # type: ignore[no-untyped-def]
) -> None:
    texts, Y, sources, column = _two_sources(train_data)
    marked = [f"zzgenerated {t} zzgenerated" for t in test_data.texts]
    params = {"concern_ids": scheme.concern_ids, "calibration_folds": 3, **FAST_FEATURES}
    copies = ConcernClassifier(source_calibration="per_source", source_features=True, **params).fit(
        texts, Y, calibrate_on=sources == "a", sources=sources)
    pooled = ConcernClassifier(**params).fit(texts, Y, calibrate_on=sources == "a", sources=sources)
    assert set(copies.calibrations_) == {"a", "b"} and copies.primary_source_ == "a"
    np.testing.assert_array_equal(copies.thresholds_, copies.calibrations_["a"].thresholds)
    assert np.mean(copies.source_of(marked) == "b") > 0.95
    assert np.mean(copies.source_of(test_data.texts) == "a") > 0.95
    _, row_thresholds = copies.predict_with_thresholds(marked[:3] + list(test_data.texts[:3]))
    np.testing.assert_array_equal(row_thresholds[:3], np.tile(copies.calibrations_["b"].thresholds, (3, 1)))
    np.testing.assert_array_equal(row_thresholds[3:], np.tile(copies.calibrations_["a"].thresholds, (3, 1)))

    def f1_on_column(model: ConcernClassifier) -> tuple[float, float]:
        on_a = f1_score(test_data.Y[:, column], model.predict(test_data.texts)[:, column])
        on_b = f1_score(1 - test_data.Y[:, column], model.predict(marked)[:, column])
        return float(on_a), float(on_b)

    copies_a, copies_b = f1_on_column(copies)
    pooled_a, pooled_b = f1_on_column(pooled)
    assert min(copies_a, copies_b) > 0.8
    assert min(copies_a, copies_b) > min(pooled_a, pooled_b) + 0.2
    # Evidence reads the routed source's weights: the concern's phrase is evidence in a's
    # writing; in b's writing the same phrase argues against the concern and is not.
    phrase = "police attended a domestic incident"
    text_a = f"Report: {phrase}. There are 2 siblings at home."
    assert any(phrase.split()[-1] in span for _, _, span, _ in copies.evidence(text_a, column))
    text_b = f"zzgenerated Report: {phrase}. There are 2 siblings at home. zzgenerated"
    assert not any(phrase.split()[-1] in span for _, _, span, _ in copies.evidence(text_b, column))
    with pytest.raises(ValueError, match="source_features needs calibration='per_source'"):
        ConcernClassifier(source_features=True, **params).fit(texts, Y, sources=sources)
    with pytest.raises(ValueError, match="calibration='bogus'"):
        ConcernClassifier(source_calibration="bogus", **params).fit(texts, Y, sources=sources)
