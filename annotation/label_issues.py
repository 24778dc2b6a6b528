"""Likely wrong labels, found by confident learning on out-of-fold probabilities.

Each item's probabilities come from a model that never saw it, fitted on folds that keep a
writer (or a case) on one side, because a model that has read a writer's other referrals
recognises their style and would "agree" with their labels for the wrong reason. cleanlab's
``find_label_issues`` then flags items whose given label the out-of-fold model contradicts
more confidently than the estimated noise allows (multi-label for the concerns, multi-class
for the need level). Its label-quality scores rank them.

The ranking puts flagged items first (lowest quality first), then every other item by its
quality score. An item's quality is the lower of its concern and need-level scores, so a
wrong need level and a wrong concern both surface. Flagged items go back to the queue
(:func:`annotation.queue.queue_order`'s ``front``) for a second look: the ranking suggests,
a person decides.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from models.bundle import TriageBundle, fit_models
from referrals.labelled import LabelledData
from referrals.labels import LabelScheme

FAST_MODEL_PARAMS: dict[str, dict[str, Any]] = {
    "features": {"word_ngram_range": (1, 2), "char_ngram_range": None, "min_df": 2, "embeddings": None},
    "concerns": {"calibration_folds": 0, "min_recall": {}, "calibration": "sigmoid", "calibration_cv": 2},
    "need_level": {"calibration_folds": 0},
}
"""Settings for out-of-fold fits: word TF-IDF, one calibration split and sigmoid calibration
(no per-concern choice of method, which cost three quarters of a fit), so k folds cost
about k quick fits. Ranking needs probabilities that order items, not the shipped model's
last point of F1."""

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutOfFold:
    """Probabilities for every item from a model fitted without its fold."""

    concern_prob: NDArray[np.float64]
    need_prob: NDArray[np.float64]
    fold: NDArray[np.int_]


def out_of_fold_probabilities(
    data: LabelledData, scheme: LabelScheme, *, folds: int = 5, seed: int = 0,
    model_params: dict[str, dict[str, Any]] | None = None,
) -> OutOfFold:
    """Grouped k-fold out-of-fold probabilities: a group (writer or case) stays in one fold.

    Folds are stratified on the need level where the groups allow it, so every fold's model
    sees every level.
    """
    from sklearn.model_selection import StratifiedGroupKFold

    params = model_params if model_params is not None else FAST_MODEL_PARAMS
    n_groups = len(set(data.groups))
    if n_groups < folds:
        raise ValueError(f"{n_groups} group(s) (writers or cases) cannot fill {folds} folds")
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    concern_prob = np.zeros(data.concerns.shape, dtype=float)
    need_prob = np.zeros((len(data), len(scheme.need_level_ids)), dtype=float)
    fold_of = np.full(len(data), -1, dtype=np.int_)
    for fold, (train_index, test_index) in enumerate(splitter.split(data.texts, data.need_rank, data.groups)):
        bundle = fit_quick_bundle(data.subset(train_index), scheme, params, seed)
        predictions = bundle.predict_arrays([data.texts[i] for i in test_index])
        concern_prob[test_index] = predictions.concern_prob
        need_prob[test_index] = predictions.need.probability
        fold_of[test_index] = fold
    return OutOfFold(concern_prob, need_prob, fold_of)


def fit_quick_bundle(
    data: LabelledData, scheme: LabelScheme, params: dict[str, dict[str, Any]], seed: int
) -> TriageBundle:
    """Both models on ``data`` through the shared model code, wrapped so one call predicts."""
    concern_model, need_model = fit_models(
        data.texts, data.concerns, data.need_rank, scheme=scheme,
        feature_params=params.get("features"),
        concern_params={"random_state": seed, **params.get("concerns", {})},
        need_params={"random_state": seed, **params.get("need_level", {})},
        sample_weight=data.weights, calibrate_on=data.calibrate,
    )
    return TriageBundle(concern_model=concern_model, need_model=need_model, scheme=scheme,
                        redaction_config_name="(in memory)", redaction_config_hash="",
                        training_data_fingerprint=data.fingerprint(), model_version="annotation")


@dataclass(frozen=True)
class LabelIssue:
    """One item's label check: is it flagged, how good its labels look, what the model expects."""

    item_id: str
    rank: int
    """0 is the most likely wrong label."""
    flagged_concerns: bool
    flagged_need_level: bool
    concern_quality: float
    need_quality: float
    given_concerns: list[str]
    given_need_level: str
    likely_concerns: list[str]
    """Concerns the out-of-fold model puts above 0.5."""
    likely_need_level: str

    @property
    def flagged(self) -> bool:
        """True when confident learning flags either label."""
        return self.flagged_concerns or self.flagged_need_level


def rank_label_issues(data: LabelledData, scheme: LabelScheme, oof: OutOfFold) -> list[LabelIssue]:
    """Every item, most likely wrong first (see the module docstring for the order)."""
    from cleanlab.filter import find_label_issues
    from cleanlab.multilabel_classification.rank import (
        get_label_quality_scores as multilabel_quality,
    )
    from cleanlab.rank import get_label_quality_scores

    given = [list(np.flatnonzero(row)) for row in data.concerns]
    with warnings.catch_warnings(record=True) as caught:
        # A class with very few items cannot be checked fully; cleanlab warns, and so do we, once.
        warnings.simplefilter("always")
        flagged_concerns = np.asarray(find_label_issues(labels=given, pred_probs=oof.concern_prob, multi_label=True))
        flagged_need = np.asarray(find_label_issues(labels=data.need_rank, pred_probs=oof.need_prob))
    if any("too few examples" in str(w.message) for w in caught):
        logger.warning("some labels have too few examples for every issue among them to be flagged; "
                       "they are still ranked by label quality")
    concern_quality = np.asarray(multilabel_quality(given, oof.concern_prob))
    need_quality = np.asarray(get_label_quality_scores(data.need_rank, oof.need_prob))
    flagged = flagged_concerns | flagged_need
    quality = np.minimum(concern_quality, need_quality)
    order = np.lexsort((quality, ~flagged))
    ids = np.array(scheme.concern_ids)
    return [
        LabelIssue(
            item_id=data.ids[i], rank=rank, flagged_concerns=bool(flagged_concerns[i]),
            flagged_need_level=bool(flagged_need[i]), concern_quality=float(concern_quality[i]),
            need_quality=float(need_quality[i]), given_concerns=ids[data.concerns[i] == 1].tolist(),
            given_need_level=scheme.need_level_ids[int(data.need_rank[i])],
            likely_concerns=ids[oof.concern_prob[i] > 0.5].tolist(),
            likely_need_level=scheme.need_level_ids[int(np.argmax(oof.need_prob[i]))],
        )
        for rank, i in enumerate(order)
    ]


def find_issues(
    data: LabelledData, scheme: LabelScheme, *, folds: int = 5, seed: int = 0,
    model_params: dict[str, dict[str, Any]] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[LabelIssue]:
    """Out-of-fold probabilities, then the ranking: the one call the CLI and the page make."""
    if progress:
        progress(f"fitting {folds} grouped out-of-fold models on {len(data)} items")
    oof = out_of_fold_probabilities(data, scheme, folds=folds, seed=seed, model_params=model_params)
    return rank_label_issues(data, scheme, oof)
