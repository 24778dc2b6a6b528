"""Agreement statistics against published worked examples, scikit-learn, and their own properties."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from annotation.agreement import (
    AgreementSettings,
    agreement_report,
    alpha_with_interval,
    cohen_kappa,
    kappa_with_interval,
    krippendorff_alpha,
)
from annotation.answers import Answer

N = np.nan
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 observers × 12 units,
# missing values, published alpha: nominal .743, ordinal .815, interval .849, ratio .797.
KRIPPENDORFF_2011 = np.array([
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]).T
# The worked example of the Wikipedia article (3 coders × 15 units): nominal .691, interval .811.
WIKIPEDIA = np.array([
    [N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3],
    [1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N],
    [N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4],
]).T


@pytest.mark.parametrize(("level", "published"), [
    ("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)])
def test_alpha_matches_krippendorffs_published_reliability_data(level: str, published: float) -> None:
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, level=level), 3) == published  # type: ignore[arg-type]


@pytest.mark.parametrize(("level", "published"), [("nominal", 0.691), ("interval", 0.811)])
def test_alpha_matches_the_wikipedia_worked_example(level: str, published: float) -> None:
    assert round(krippendorff_alpha(WIKIPEDIA, level=level), 3) == published  # type: ignore[arg-type]


def test_alpha_does_not_depend_on_rater_or_item_order() -> None:
    rng = np.random.default_rng(3)
    shuffled = KRIPPENDORFF_2011[rng.permutation(12)][:, rng.permutation(4)]
    assert krippendorff_alpha(shuffled, level="ordinal") == pytest.approx(krippendorff_alpha(KRIPPENDORFF_2011, level="ordinal"))


def test_alpha_is_undefined_without_an_item_answered_twice() -> None:
    assert np.isnan(krippendorff_alpha([[1, N], [N, 2]]))


def test_alpha_is_one_for_identical_raters_and_near_zero_for_independent_ones() -> None:
    rng = np.random.default_rng(0)
    values = rng.integers(0, 4, 2000).astype(float)
    assert krippendorff_alpha(np.stack([values, values], axis=1), level="ordinal") == 1.0
    independent = np.stack([values, rng.integers(0, 4, 2000)], axis=1)
    assert abs(krippendorff_alpha(independent)) < 0.05


@pytest.mark.parametrize("weighting", ["none", "linear", "quadratic"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_kappa_matches_scikit_learn(weighting: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    first = rng.integers(0, 4, 60)
    second = np.clip(first + rng.integers(-2, 3, 60), 0, 3)
    expected = cohen_kappa_score(first, second, labels=[0, 1, 2, 3],
                                 weights=None if weighting == "none" else weighting)
    assert cohen_kappa(first, second, n_values=4, weighting=weighting) == pytest.approx(expected)  # type: ignore[arg-type]


def test_two_rater_nominal_alpha_approaches_kappa_on_many_items() -> None:
    rng = np.random.default_rng(5)
    first = rng.integers(0, 2, 3000)
    second = np.where(rng.random(3000) < 0.8, first, 1 - first)
    alpha = krippendorff_alpha(np.stack([first, second], axis=1).astype(float))
    assert alpha == pytest.approx(cohen_kappa(first, second, n_values=2), abs=0.01)


def test_interval_contains_the_estimate_and_narrows_with_more_items() -> None:
    rng = np.random.default_rng(1)

    def width(n: int) -> float:
        first = rng.integers(0, 4, n)
        second = np.where(rng.random(n) < 0.7, first, rng.integers(0, 4, n))
        estimate = kappa_with_interval(first, second, n_values=4, weighting="quadratic", samples=400)
        assert estimate.low <= estimate.value <= estimate.high
        return estimate.high - estimate.low

    assert width(800) < width(50)


def test_alpha_interval_is_reproducible_for_a_seed() -> None:
    one = alpha_with_interval(KRIPPENDORFF_2011, level="nominal", samples=300, seed=4)
    two = alpha_with_interval(KRIPPENDORFF_2011, level="nominal", samples=300, seed=4)
    assert one == two and one.n_items == 11


def test_report_gives_higher_agreement_to_careful_annotators(scheme, make_answers) -> None:  # type: ignore[no-untyped-def]
    careful, _ = make_answers(150, ["a", "b"], noise=0.02, seed=1)
    careless, _ = make_answers(150, ["a", "b"], noise=0.3, seed=1)
    settings = AgreementSettings(samples=100)
    high = agreement_report(careful, scheme, settings)
    low = agreement_report(careless, scheme, settings)
    assert high.need_level.alpha.value > low.need_level.alpha.value
    assert high.concerns[0].pairs[0].kappa.value > low.concerns[0].pairs[0].kappa.value
    assert high.n_items_overlap == 150


def test_report_leaves_out_not_enough_information_and_compares_with_the_model(scheme, make_answers) -> None:  # type: ignore[no-untyped-def]
    answers, _ = make_answers(80, ["a", "b", "c"], noise=0.1, seed=2, mode="suggestion_first")
    answers.append(Answer(item_id="item-0", annotator="d", flags=["not_enough_information"]))
    report = agreement_report(answers, scheme, AgreementSettings(samples=100))
    assert report.n_not_enough_information == 1
    assert "d" not in report.annotators
    assert {p.first for p in report.need_level.versus_model} == {"a", "b", "c"}
    assert len(report.need_level.pairs) == 3 and report.need_level.linear_pairs is not None
