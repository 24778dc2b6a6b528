"""NeedLevelClassifier: estimator checks, calibrated rows, monotone ordinal, conformal range."""

from __future__ import annotations

import joblib
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from models_testdata import FAST_FEATURES, Dataset, sklearn_checks

from models.need_level import NeedLevelClassifier, cumulative_to_class
from models.sources import calibration_groups
from referrals.labels import LabelScheme

COVERAGE_TOLERANCE = 0.05


@sklearn_checks(
    [
        NeedLevelClassifier(vectorizer="passthrough", kind="ordinal"),
        NeedLevelClassifier(vectorizer="passthrough", kind="multinomial"),
    ],
    lambda estimator: {
        name: "weights scale the level model's fit; the calibration split is drawn over rows, "
        "so a weight of 2 is not the same as a repeated row"
        for name in ("check_sample_weight_equivalence_on_dense_data",
                     "check_sample_weight_equivalence_on_sparse_data")
    },
)
def test_sklearn_compatible_on_array_input(estimator, check) -> None:  # type: ignore[no-untyped-def]
    check(estimator)


@given(arrays(np.float64, (5, 3), elements=st.floats(0.0, 1.0)))
def test_ordinal_class_probabilities_are_non_negative_and_sum_to_one(at_least) -> None:  # type: ignore[no-untyped-def]
    probability = cumulative_to_class(at_least)
    assert (probability >= -1e-12).all()
    np.testing.assert_allclose(probability.sum(axis=1), 1.0)


@pytest.mark.parametrize("kind", ["ordinal", "multinomial"])
def test_rows_sum_to_one_and_cumulative_probabilities_are_monotone(
    kind: str, scheme: LabelScheme, train_data: Dataset, test_data: Dataset
) -> None:
    model = NeedLevelClassifier(kind=kind, n_levels=len(scheme.need_levels), **FAST_FEATURES)
    probability = model.fit(train_data.texts, train_data.y).predict_proba(test_data.texts)
    assert probability.shape == (len(test_data.texts), len(scheme.need_levels))
    assert ((probability >= 0) & (probability <= 1)).all()
    np.testing.assert_allclose(probability.sum(axis=1), 1.0)
    at_least = np.cumsum(probability[:, ::-1], axis=1)[:, ::-1]
    assert (np.diff(at_least, axis=1) <= 1e-12).all()
    assert (model.predict(test_data.texts) == test_data.y).mean() > 0.75


def test_conformal_upper_end_covers_the_target_share_on_held_out_data(
    need_model: NeedLevelClassifier, test_data: Dataset
) -> None:
    low, high = need_model.predict_range(test_data.texts)
    assert (low <= high).all()
    assert (high >= test_data.y).mean() >= need_model.coverage - COVERAGE_TOLERANCE


def test_abstains_exactly_when_range_is_wide_or_top_probability_is_low(
    need_model: NeedLevelClassifier, test_data: Dataset
) -> None:
    output = need_model.predict_all(test_data.texts)
    expected = (output.high > output.low) | (
        output.probability.max(axis=1) < need_model.probability_floor
    )
    np.testing.assert_array_equal(output.abstain, expected)
    np.testing.assert_array_equal(need_model.abstain(test_data.texts), expected)
    assert not output.abstain.all(), "a clean tiny task should not abstain everywhere"


def test_when_probability_floor_is_near_one_then_nearly_everything_abstains(
    scheme: LabelScheme, train_data: Dataset, test_data: Dataset
) -> None:
    model = NeedLevelClassifier(
        n_levels=len(scheme.need_levels), probability_floor=0.999, **FAST_FEATURES
    ).fit(train_data.texts, train_data.y)
    assert model.abstain(test_data.texts).mean() > 0.9


def test_when_ranks_are_out_of_range_then_error_names_the_allowed_range(
    train_data: Dataset,
) -> None:
    with pytest.raises(ValueError, match=r"ranks must be integers in 0\.\.3; found \[0, 7\]"):
        NeedLevelClassifier(n_levels=4).fit(train_data.texts[:4], [0, 7, 0, 7])


def test_overfit_then_joblib_round_trip_gives_identical_probabilities(
    need_model: NeedLevelClassifier, test_data: Dataset, tmp_path  # type: ignore[no-untyped-def]
) -> None:
    joblib.dump(need_model, tmp_path / "need.joblib")
    reloaded = joblib.load(tmp_path / "need.joblib")
    np.testing.assert_array_equal(
        reloaded.predict_proba(test_data.texts), need_model.predict_proba(test_data.texts)
    )
    for ours, theirs in zip(reloaded.predict_range(test_data.texts), need_model.predict_range(test_data.texts)):
        np.testing.assert_array_equal(ours, theirs)


def test_same_seed_gives_same_predictions(scheme: LabelScheme, train_data: Dataset) -> None:
    texts, y = train_data.texts[:200], train_data.y[:200]
    params = {"n_levels": len(scheme.need_levels), "random_state": 3, **FAST_FEATURES}
    first = NeedLevelClassifier(**params).fit(texts, y).predict_proba(texts)
    second = NeedLevelClassifier(**params).fit(texts, y).predict_proba(texts)
    np.testing.assert_array_equal(first, second)


def test_under_triage_weight_moves_suggestions_up_never_down(
    scheme: LabelScheme, train_data: Dataset, test_data: Dataset
) -> None:
    plain = NeedLevelClassifier(n_levels=4, under_triage_weight=1.0, **FAST_FEATURES).fit(
        train_data.texts, train_data.y)
    cautious = NeedLevelClassifier(n_levels=4, under_triage_weight=50.0, **FAST_FEATURES).fit(
        train_data.texts, train_data.y)
    low = plain.predict_all(test_data.texts).level
    high = cautious.predict_all(test_data.texts).level
    assert np.all(high >= low)
    top = test_data.y == 3
    assert np.mean(high[top] <= 1) <= np.mean(low[top] <= 1)


def test_top_label_calibration_keeps_the_argmax_and_rows_summing_to_one(
    scheme: LabelScheme, train_data: Dataset, test_data: Dataset
) -> None:
    calibrated = NeedLevelClassifier(n_levels=4, **FAST_FEATURES).fit(train_data.texts, train_data.y)
    plain = NeedLevelClassifier(n_levels=4, top_label_calibration=False, **FAST_FEATURES).fit(
        train_data.texts, train_data.y)
    p, q = calibrated.predict_proba(test_data.texts), plain.predict_proba(test_data.texts)
    assert np.allclose(p.sum(axis=1), 1.0)
    assert np.array_equal(p.argmax(axis=1), q.argmax(axis=1))
    assert p.max() <= 0.99 + 1e-9


@given(arrays(np.float64, (40, 4), elements=st.floats(0.0, 1.0)), st.floats(1.0, 20.0))
def test_the_cost_rule_never_suggests_below_the_most_probable_level(raw, weight) -> None:  # type: ignore[no-untyped-def]
    probability = (raw + 1e-9) / (raw + 1e-9).sum(axis=1, keepdims=True)
    suggested = NeedLevelClassifier(under_triage_weight=weight)._decide(probability)
    assert np.all(suggested >= probability.argmax(axis=1))


def test_a_spread_out_row_is_suggested_at_its_most_probable_level_not_its_median() -> None:
    # Weighted median: early help; expected cost at weight 2.5: child in need; mode: protection.
    probability = np.array([[0.3, 0.3, 0.0, 0.4]])
    assert NeedLevelClassifier(under_triage_weight=2.5)._decide(probability).tolist() == [3]


def test_a_narrow_range_is_widened_to_hold_the_suggestion_never_pulls_it_down(
    scheme: LabelScheme, train_data: Dataset, test_data: Dataset
) -> None:
    # Coverage 0.05: the conformal upper end sits low, under many a most probable level.
    model = NeedLevelClassifier(n_levels=4, coverage=0.05, under_triage_weight=2.5, **FAST_FEATURES).fit(
        train_data.texts, train_data.y)
    output = model.predict_all(test_data.texts)
    assert np.array_equal(output.level, model._decide(output.probability))
    assert np.all(output.level >= output.probability.argmax(axis=1))
    assert np.all((output.low <= output.level) & (output.level <= output.high))


def _two_sources(data: Dataset, noise: float, seed: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The same referrals twice: source "a" as labelled, source "b" marked in its text and
    with ``noise`` of its levels moved at random, so the model is right less often on it."""
    rng = np.random.default_rng(seed)
    noisy = data.y.copy()
    moved = rng.random(len(noisy)) < noise
    noisy[moved] = rng.integers(0, 4, size=int(moved.sum()))
    texts = list(data.texts) + [f"zzgenerated {t} zzgenerated" for t in data.texts]
    sources = np.array(["a"] * len(data.texts) + ["b"] * len(data.texts))
    return texts, np.r_[data.y, noisy], sources


def test_per_source_calibration_gives_each_source_its_own_calibration_and_routes_by_text(
    scheme: LabelScheme, train_data: Dataset, test_data: Dataset
) -> None:
    texts, y, sources = _two_sources(train_data, noise=0.5, seed=0)
    only_a = sources == "a"
    per_source = NeedLevelClassifier(n_levels=4, calibration="per_source", calibration_folds=5,
                                     **FAST_FEATURES).fit(texts, y, calibrate_on=only_a, sources=sources)
    pooled = NeedLevelClassifier(n_levels=4, calibration_folds=5, **FAST_FEATURES).fit(
        texts, y, calibrate_on=only_a, sources=sources)
    assert set(per_source.calibrations_) == {"a", "b"}, "per source: every source calibrates"
    assert set(pooled.calibrations_) == {"pooled"} and pooled.source_gate_ is None
    marked = [f"zzgenerated {t} zzgenerated" for t in test_data.texts]
    assert np.mean(per_source.source_of(marked) == "b") > 0.95
    assert np.mean(per_source.source_of(test_data.texts) == "a") > 0.95
    # Half of b's levels are noise: its calibration is less sure of the same referral.
    sure_b = per_source.predict_proba(marked).max(axis=1).mean()
    sure_a = per_source.predict_proba(test_data.texts).max(axis=1).mean()
    assert sure_b < sure_a - 0.1
    with pytest.raises(ValueError, match="calibration='bogus'"):
        NeedLevelClassifier(calibration="bogus").fit(texts, y)


def test_per_source_calibration_rows_are_capped_per_source(
    scheme: LabelScheme, train_data: Dataset
) -> None:
    texts, _y, sources = _two_sources(train_data, noise=0.0, seed=1)
    groups = calibration_groups(len(texts), None, sources, per_source=True, rows_per_source=100,
                                random_state=0)
    assert np.sum(groups == "a") == 100 and np.sum(groups == "b") == 100
    assert np.sum(groups == "") == len(texts) - 200


def test_source_features_let_a_phrase_mean_different_levels_in_each_source(
    scheme: LabelScheme, train_data: Dataset, test_data: Dataset
) -> None:
    # Source "b" reads the same referrals (marked) at the opposite level: only a model
    # with a feature copy per source can follow both.
    texts = list(train_data.texts) + [f"zzgenerated {t} zzgenerated" for t in train_data.texts]
    y = np.r_[train_data.y, 3 - train_data.y]
    sources = np.array(["a"] * len(train_data.texts) + ["b"] * len(train_data.texts))
    marked = [f"zzgenerated {t} zzgenerated" for t in test_data.texts]
    params = {"n_levels": 4, "calibration": "per_source", "decision": "argmax", **FAST_FEATURES}
    copies = NeedLevelClassifier(source_features=True, **params).fit(texts, y, sources=sources)
    shared = NeedLevelClassifier(**params).fit(texts, y, sources=sources)
    assert copies.feature_sources_ == ("a", "b") and shared.feature_sources_ == ()
    assert copies.coef_.shape[1] == 3 * shared.coef_.shape[1]

    def accuracy(model: NeedLevelClassifier) -> tuple[float, float]:
        on_a = np.mean(model.predict_all(test_data.texts).level == test_data.y)
        on_b = np.mean(model.predict_all(marked).level == 3 - test_data.y)
        return float(on_a), float(on_b)

    copies_a, copies_b = accuracy(copies)
    shared_a, shared_b = accuracy(shared)
    assert min(copies_a, copies_b) > min(shared_a, shared_b) + 0.2
    assert copies_a > 0.6 and copies_b > 0.6
    with pytest.raises(ValueError, match="source_features needs calibration='per_source'"):
        NeedLevelClassifier(source_features=True).fit(texts, y, sources=sources)
