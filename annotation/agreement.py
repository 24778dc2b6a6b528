"""How far annotators agree, with one another and with the model, and how sure we are of it.

Published audits of a deployed screening tool found screeners disagreeing about a third of
the time, so a team's own labels are only as good as their agreement. This module measures:

- **Cohen's kappa** per annotator pair, per concern category (each category a yes/no
  question), and **weighted kappa** (quadratic and linear) for the ordinal need level;
- **Krippendorff's alpha** across all annotators at once, nominal for categories, ordinal
  (and interval) for the need level. Alpha takes any number of annotators and missing
  answers, which overlap designs always produce;
- **bootstrap confidence intervals** by resampling items (the unit a new sample would
  redraw), so a team with 60 doubly-labelled items sees how wide its figure really is;
- **annotator-vs-model** agreement: the same statistics with the model as one more "rater".

A kappa or alpha of 1 is perfect agreement and 0 is agreement at chance; a negative value is
systematic disagreement. ``nan`` means the figure is undefined (no item with two answers,
or every answer the same value), never a silent 0 or 1.

The functions here take plain arrays; :func:`agreement_report` takes answer records, so the
CLI now and the database-backed page later share one computation.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from annotation.answers import Answer
from referrals.labels import LabelScheme

Weighting = Literal["none", "linear", "quadratic"]
Level = Literal["nominal", "ordinal", "interval", "ratio"]

ERROR_WEIGHTING = "unknown weighting {value!r}; allowed: none, linear, quadratic"
ERROR_LEVEL = "unknown level of measurement {value!r}; allowed: nominal, ordinal, interval, ratio"
ERROR_SHAPES = "the two raters' answers differ in length ({first} and {second})"
ERROR_OUT_OF_DOMAIN = "value {value!r} is not one of the {count} allowed values"


def cohen_kappa(
    first: ArrayLike, second: ArrayLike, *, n_values: int, weighting: Weighting = "none"
) -> float:
    """Cohen's kappa between two raters on the same items, optionally weighted.

    Parameters
    ----------
    first, second : integer codes 0..n_values-1, one per item, in the same item order
    n_values : size of the value domain (2 for a yes/no category, 4 for need levels), so a
        value nobody used still counts in the weights (as ``labels=`` does in scikit-learn)
    weighting : ``linear`` or ``quadratic`` penalise a disagreement by its distance on the
        ordinal scale; ``none`` treats every disagreement alike

    Returns
    -------
    kappa, or ``nan`` when chance disagreement is zero (both raters constant and equal).
    """
    a = np.asarray(first, dtype=np.int64)
    b = np.asarray(second, dtype=np.int64)
    if a.shape != b.shape:
        raise ValueError(ERROR_SHAPES.format(first=a.shape, second=b.shape))
    return float(_kappa_from_counts(_pair_counts(a[None, :], b[None, :], n_values), n_values, weighting)[0])


def _pair_counts(a: NDArray[np.int64], b: NDArray[np.int64], n_values: int) -> NDArray[np.float64]:
    """(batch, n_values²) confusion counts of rows of codes (one row per bootstrap draw)."""
    _check_domain(a, n_values)
    _check_domain(b, n_values)
    codes = a * n_values + b
    return np.stack([(codes == k).sum(axis=1) for k in range(n_values * n_values)], axis=1).astype(float)


def _check_domain(codes: NDArray[np.int64], n_values: int) -> None:
    bad = codes[(codes < 0) | (codes >= n_values)]
    if bad.size:
        raise ValueError(ERROR_OUT_OF_DOMAIN.format(value=int(bad[0]), count=n_values))


def _disagreement_weights(n_values: int, weighting: Weighting) -> NDArray[np.float64]:
    index = np.arange(n_values)
    distance = np.abs(index[:, None] - index[None, :]).astype(float)
    if weighting == "none":
        return np.asarray(distance > 0, dtype=np.float64)
    if weighting == "linear":
        return np.asarray(distance, dtype=np.float64)
    if weighting == "quadratic":
        return np.asarray(distance**2, dtype=np.float64)
    raise ValueError(ERROR_WEIGHTING.format(value=weighting))


def _kappa_from_counts(
    counts: NDArray[np.float64], n_values: int, weighting: Weighting
) -> NDArray[np.float64]:
    """Kappa per row of flattened confusion counts: 1 - observed / expected weighted disagreement."""
    weights = _disagreement_weights(n_values, weighting).ravel()
    table = counts.reshape(len(counts), n_values, n_values)
    total = table.sum(axis=(1, 2))
    expected = np.einsum("bi,bj->bij", table.sum(axis=2), table.sum(axis=1)).reshape(len(counts), -1)
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = expected / total[:, None]
        return np.asarray(1.0 - (counts @ weights) / (expected @ weights), dtype=np.float64)


def krippendorff_alpha(
    ratings: ArrayLike, *, level: Level = "nominal", domain: Sequence[float] | None = None
) -> float:
    """Krippendorff's alpha for items × raters with missing answers as ``nan``.

    Parameters
    ----------
    ratings : array of shape (n_items, n_raters); ``nan`` where a rater did not answer
    level : ``nominal`` (categories), ``ordinal`` (ranks: distance from how many answers lie
        between two values), ``interval`` (squared difference) or ``ratio``
    domain : the ordered values a rater could give; values nobody used still matter for
        ``ordinal`` only through the marginals, so the default (values seen) is usually fine

    Returns
    -------
    alpha, or ``nan`` when no item has two answers or every pairable answer is the same.
    """
    counts, values = value_counts(ratings, domain=domain)
    return float(_alpha_from_unit_counts(counts, values, level, weights=None)[0])


def value_counts(ratings: ArrayLike, *, domain: Sequence[float] | None = None) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(n_items, n_values) answer counts per item, and the ordered value domain."""
    matrix = np.asarray(ratings, dtype=float)
    if matrix.ndim != 2:
        raise ValueError(f"ratings must be 2-D (items × raters); got shape {matrix.shape}")
    seen = np.unique(matrix[~np.isnan(matrix)])
    values = np.asarray(sorted(domain), dtype=float) if domain is not None else seen
    unknown = np.setdiff1d(seen, values)
    if unknown.size:
        raise ValueError(ERROR_OUT_OF_DOMAIN.format(value=float(unknown[0]), count=len(values)))
    counts = np.stack([(matrix == value).sum(axis=1) for value in values], axis=1).astype(float)
    return counts, values


def _unit_coincidences(counts: NDArray[np.float64]) -> NDArray[np.float64]:
    """(n_items, V²) each item's contribution to the coincidence matrix (pairable items only)."""
    answers = counts.sum(axis=1)
    pairable = answers >= 2
    per_item = np.einsum("uc,uk->uck", counts, counts)
    index = np.arange(counts.shape[1])
    per_item[:, index, index] -= counts
    scale = np.where(pairable, 1.0 / np.maximum(answers - 1, 1), 0.0)
    return np.asarray((per_item * scale[:, None, None]).reshape(len(counts), -1), dtype=np.float64)


def _alpha_from_unit_counts(
    counts: NDArray[np.float64], values: NDArray[np.float64], level: Level,
    weights: NDArray[np.float64] | None,
) -> NDArray[np.float64]:
    """Alpha per row of ``weights`` (how often each item is drawn; None: each item once)."""
    per_item = _unit_coincidences(counts)
    draws = np.ones((1, len(counts))) if weights is None else weights
    coincidences = (draws @ per_item).reshape(len(draws), len(values), len(values))
    marginals = coincidences.sum(axis=2)
    total = marginals.sum(axis=1)
    delta = _delta(values, marginals, level)
    observed = np.einsum("bck,bck->b", coincidences, delta)
    expected = np.einsum("bc,bk,bck->b", marginals, marginals, delta)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(1.0 - (total - 1.0) * observed / expected, dtype=np.float64)


def _delta(values: NDArray[np.float64], marginals: NDArray[np.float64], level: Level) -> NDArray[np.float64]:
    """(batch, V, V) squared difference function of the level of measurement."""
    batch = len(marginals)
    if level == "nominal":
        return np.broadcast_to(1.0 - np.eye(len(values)), (batch, len(values), len(values)))
    if level == "interval":
        return np.broadcast_to((values[:, None] - values[None, :]) ** 2, (batch, len(values), len(values)))
    if level == "ratio":
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = ((values[:, None] - values[None, :]) / (values[:, None] + values[None, :])) ** 2
        return np.broadcast_to(np.nan_to_num(ratio), (batch, len(values), len(values)))
    if level == "ordinal":
        cumulative = np.cumsum(marginals, axis=1)
        low = np.minimum.outer(np.arange(len(values)), np.arange(len(values)))
        high = np.maximum.outer(np.arange(len(values)), np.arange(len(values)))
        between = cumulative[:, high] - cumulative[:, low] + marginals[:, low]
        return np.asarray((between - (marginals[:, low] + marginals[:, high]) / 2.0) ** 2)
    raise ValueError(ERROR_LEVEL.format(value=level))


@dataclass(frozen=True)
class Estimate:
    """A statistic with its bootstrap percentile interval over items."""

    value: float
    low: float
    high: float
    n_items: int
    """Items that entered the figure (for alpha: items with at least two answers)."""


def bootstrap_draws(n_items: int, *, samples: int, seed: int) -> NDArray[np.float64]:
    """(samples, n_items) how often each item is drawn in each bootstrap resample."""
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, n_items, size=(samples, n_items))
    return np.stack([np.bincount(row, minlength=n_items) for row in picks]).astype(float)


def _interval(value: float, draws: NDArray[np.float64], confidence: float, n_items: int) -> Estimate:
    finite = draws[np.isfinite(draws)]
    if not np.isfinite(value) or finite.size == 0:
        return Estimate(value, float("nan"), float("nan"), n_items)
    tail = (1.0 - confidence) / 2.0
    return Estimate(value, float(np.quantile(finite, tail)), float(np.quantile(finite, 1 - tail)), n_items)


def alpha_with_interval(
    ratings: ArrayLike, *, level: Level, domain: Sequence[float] | None = None,
    samples: int = 1000, confidence: float = 0.95, seed: int = 0,
) -> Estimate:
    """Krippendorff's alpha with a bootstrap interval from resampling items."""
    counts, values = value_counts(ratings, domain=domain)
    pairable = counts[counts.sum(axis=1) >= 2]
    if len(pairable) == 0:
        return Estimate(float("nan"), float("nan"), float("nan"), 0)
    value = float(_alpha_from_unit_counts(pairable, values, level, None)[0])
    draws = _alpha_from_unit_counts(pairable, values, level, bootstrap_draws(len(pairable), samples=samples, seed=seed))
    return _interval(value, draws, confidence, len(pairable))


def kappa_with_interval(
    first: ArrayLike, second: ArrayLike, *, n_values: int, weighting: Weighting = "none",
    samples: int = 1000, confidence: float = 0.95, seed: int = 0,
) -> Estimate:
    """Cohen's kappa with a bootstrap interval from resampling the items both raters answered."""
    a = np.asarray(first, dtype=np.int64)
    b = np.asarray(second, dtype=np.int64)
    if len(a) == 0:
        return Estimate(float("nan"), float("nan"), float("nan"), 0)
    value = cohen_kappa(a, b, n_values=n_values, weighting=weighting)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(a), size=(samples, len(a)))
    draws = _kappa_from_counts(_pair_counts(a[picks], b[picks], n_values), n_values, weighting)
    return _interval(value, draws, confidence, len(a))


@dataclass(frozen=True)
class PairKappa:
    """Agreement of two raters (an annotator or ``model``) on one question."""

    first: str
    second: str
    kappa: Estimate


@dataclass(frozen=True)
class QuestionAgreement:
    """Agreement on one question (a concern category, or the need level)."""

    question: str
    alpha: Estimate
    """Nominal alpha for a category; ordinal alpha for the need level."""
    pairs: list[PairKappa]
    """Cohen's kappa per annotator pair (quadratic-weighted for the need level)."""
    versus_model: list[PairKappa]
    """Each annotator against the suggestions they were shown (empty without suggestions)."""
    linear_pairs: list[PairKappa] | None = None
    """Need level only: linearly weighted kappa per pair."""


@dataclass(frozen=True)
class AgreementReport:
    """Every agreement figure for a set of answers."""

    annotators: list[str]
    n_items: int
    n_items_overlap: int
    """Items with answers from two or more annotators (the only ones that measure agreement)."""
    n_not_enough_information: int
    """Answers that said "not enough information": left out of the figures, counted here."""
    concerns: list[QuestionAgreement]
    need_level: QuestionAgreement


@dataclass(frozen=True)
class AgreementSettings:
    """Bootstrap settings (from ``annotation.yaml``'s ``agreement`` section)."""

    samples: int = 1000
    confidence: float = 0.95
    seed: int = 0


def agreement_report(
    answers: Sequence[Answer], scheme: LabelScheme, settings: AgreementSettings | None = None
) -> AgreementReport:
    """Agreement per concern and for the need level, across annotators and against the model.

    An answer flagged "not enough information" carries no labels to compare and is left out;
    each annotator's latest answer per item counts.
    """
    settings = settings or AgreementSettings()
    usable = [a for a in latest_answers(answers) if not a.not_enough_information]
    annotators = sorted({a.annotator for a in usable})
    items = sorted({a.item_id for a in usable})
    row = {item: i for i, item in enumerate(items)}
    column = {name: j for j, name in enumerate(annotators)}
    n_levels = len(scheme.need_level_ids)
    need = np.full((len(items), len(annotators)), np.nan)
    concern = np.full((len(scheme.concern_ids), len(items), len(annotators)), np.nan)
    model_need = np.full(len(items), np.nan)
    model_concern = np.full((len(scheme.concern_ids), len(items)), np.nan)
    for answer in usable:
        i, j = row[answer.item_id], column[answer.annotator]
        if answer.need_level is not None:
            need[i, j] = scheme.rank_of(answer.need_level)
        concern[:, i, j] = [c in answer.concerns for c in scheme.concern_ids]
        if answer.suggestion is not None:
            model_concern[:, i] = [c in answer.suggestion.concerns for c in scheme.concern_ids]
            if answer.suggestion.need_level is not None:
                model_need[i] = scheme.rank_of(answer.suggestion.need_level)
    question = _question_figures(settings)
    return AgreementReport(
        annotators=annotators, n_items=len(items),
        n_items_overlap=int(((~np.isnan(concern[0])).sum(axis=1) >= 2).sum()) if len(items) else 0,
        n_not_enough_information=sum(a.not_enough_information for a in latest_answers(answers)),
        concerns=[question(cid, concern[k], model_concern[k], annotators, 2, "nominal", "none")
                  for k, cid in enumerate(scheme.concern_ids)],
        need_level=question("need_level", need, model_need, annotators, n_levels, "ordinal", "quadratic"),
    )


def _question_figures(settings: AgreementSettings) -> Callable[..., QuestionAgreement]:
    def figures(
        name: str, ratings: NDArray[np.float64], model: NDArray[np.float64], annotators: list[str],
        n_values: int, level: Level, weighting: Weighting,
    ) -> QuestionAgreement:
        options = {"samples": settings.samples, "confidence": settings.confidence, "seed": settings.seed}
        alpha = alpha_with_interval(ratings, level=level, domain=list(range(n_values)), samples=settings.samples,
                                    confidence=settings.confidence, seed=settings.seed)
        pairs = _pairwise(ratings, annotators, n_values, weighting, options)
        linear = _pairwise(ratings, annotators, n_values, "linear", options) if weighting != "none" else None
        versus = []
        for j, name_j in enumerate(annotators):
            both = ~np.isnan(ratings[:, j]) & ~np.isnan(model)
            if both.any():
                kappa = kappa_with_interval(ratings[both, j], model[both], n_values=n_values, weighting=weighting,
                                            samples=settings.samples, confidence=settings.confidence,
                                            seed=settings.seed)
                versus.append(PairKappa(name_j, "model", kappa))
        return QuestionAgreement(name, alpha, pairs, versus, linear)

    return figures


def _pairwise(
    ratings: NDArray[np.float64], annotators: list[str], n_values: int, weighting: Weighting,
    options: dict[str, float],
) -> list[PairKappa]:
    pairs = []
    for (i, first), (j, second) in itertools.combinations(enumerate(annotators), 2):
        both = ~np.isnan(ratings[:, i]) & ~np.isnan(ratings[:, j])
        if both.any():
            kappa = kappa_with_interval(ratings[both, i], ratings[both, j], n_values=n_values,
                                        weighting=weighting, samples=int(options["samples"]),
                                        confidence=float(options["confidence"]), seed=int(options["seed"]))
            pairs.append(PairKappa(first, second, kappa))
    return pairs


def latest_answers(answers: Sequence[Answer]) -> list[Answer]:
    """Each annotator's last answer per item (a corrected answer replaces the first)."""
    latest: dict[tuple[str, str], Answer] = {}
    for answer in answers:
        latest[(answer.item_id, answer.annotator)] = answer
    return list(latest.values())
