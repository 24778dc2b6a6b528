"""The order in which unlabelled items reach annotators.

**Uncertainty first** puts the items the model knows least about at the front: the mean
binary entropy of the concern probabilities (0 when every concern is near 0 or 1, 1 when
every one is a coin toss) plus the need level's *margin* (1 minus the gap between its two
most likely levels). A label there teaches the model most per minute of an annotator's time.

Uncertainty alone also favours outliers: a referral unlike any other is uncertain, and its
label teaches the model little about the rest. ``density_power`` > 0 weights each score
by how typical the item is of the pool (:func:`pool_density`). It is off by default: in
the simulation it bought concern F1 by starving the need level (README, Annotation).

Pure uncertainty order has a further known failure: one unusual cluster (say, a batch of forms from
one agency that the model cannot read) fills the whole queue, and the labels are all alike.
The **diversity guard** clusters the items on TF-IDF and multiplies an item's score by
``penalty`` for every item already queued from its cluster, so the front of the queue
spreads over clusters while still preferring the uncertain ones.

**Random** order is for evaluation sets, whose value is that nothing chose them.

The model is refreshed every ``refresh_every`` answers (:class:`RefreshSchedule`); items
flagged by :mod:`annotation.label_issues` can be put back at the front.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from annotation.config import QueueConfig

EPSILON = 1e-12


def concern_entropy(
    concern_prob: NDArray[np.float64], weights: NDArray[np.float64] | None = None
) -> NDArray[np.float64]:
    """Mean binary entropy (bits) over concern columns, per item: 0 certain, 1 coin tosses.

    With ``weights`` (mean 1, e.g. :func:`rare_concern_weights`) the mean is weighted, so
    doubt about some concerns counts more.
    """
    p = np.clip(np.asarray(concern_prob, dtype=float), EPSILON, 1 - EPSILON)
    per_concern = -(p * np.log2(p) + (1 - p) * np.log2(1 - p))
    if weights is None:
        return np.asarray(per_concern.mean(axis=1), dtype=np.float64)
    weights = np.asarray(weights, dtype=float)
    return np.asarray(per_concern @ weights / len(weights), dtype=np.float64)


def need_margin(need_prob: NDArray[np.float64]) -> NDArray[np.float64]:
    """Gap between the two most likely need levels per item (1 certain, 0 a tie)."""
    ordered = np.sort(np.asarray(need_prob, dtype=float), axis=1)
    return np.asarray(ordered[:, -1] - ordered[:, -2], dtype=np.float64)


def rare_concern_weights(prevalence: NDArray[np.float64], *, power: float) -> NDArray[np.float64]:
    """Per-concern weights ``(1 / prevalence) ** power``, scaled to mean 1 (power 0: all 1).

    ``prevalence`` is each concern's share of items (labelled counts over labelled items, or
    the mean predicted probability over the pool); it is floored at 1/1000 so a concern never
    seen does not take every weight.
    """
    share = np.clip(np.asarray(prevalence, dtype=float), 1e-3, 1.0)
    weights = share ** -float(power)
    return np.asarray(weights / weights.mean(), dtype=np.float64)


def uncertainty_scores(
    concern_prob: NDArray[np.float64], need_prob: NDArray[np.float64], *, need_margin_weight: float = 1.0,
    concern_weights: NDArray[np.float64] | None = None, positive_weight: float = 0.0,
) -> NDArray[np.float64]:
    """Concern entropy plus weighted need-level uncertainty (1 - margin); higher goes first.

    With ``concern_weights`` the concern entropy is a weighted mean over concerns (weights of
    mean 1, e.g. :func:`rare_concern_weights`): uncertainty about a rare concern counts more.
    """
    score = concern_entropy(concern_prob, concern_weights) + need_margin_weight * (
        1.0 - need_margin(need_prob))
    if positive_weight > 0:
        p = np.asarray(concern_prob, dtype=float)
        weights = np.ones(p.shape[1]) if concern_weights is None else np.asarray(concern_weights, dtype=float)
        score = score + positive_weight * (p @ weights / len(weights))
    return np.asarray(score, dtype=np.float64)


def pool_density(texts: Sequence[str]) -> NDArray[np.float64]:
    """How typical each text is of the items being ordered, in [0, 1]: the cosine similarity
    of its TF-IDF vector to their mean direction (information density, Settles and Craven
    2008). An uncertain outlier teaches the model about one odd referral; an uncertain
    typical one, about many like it."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < 2:
        return np.ones(len(texts), dtype=np.float64)
    try:
        matrix = TfidfVectorizer(sublinear_tf=True, min_df=2, max_features=20000).fit_transform(texts)
    except ValueError:  # no word in two texts: nothing is typical
        return np.ones(len(texts), dtype=np.float64)
    centre = np.asarray(matrix.mean(axis=0)).ravel()
    norm = float(np.linalg.norm(centre))
    if norm == 0:
        return np.ones(len(texts), dtype=np.float64)
    return np.asarray(np.clip(np.asarray(matrix @ (centre / norm)).ravel(), 0.0, 1.0), dtype=np.float64)


def cluster_texts(texts: Sequence[str], *, n_clusters: int, seed: int = 0) -> NDArray[np.int_]:
    """Cluster ids from k-means on word TF-IDF (the diversity guard's notion of "alike")."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) <= n_clusters:
        return np.arange(len(texts), dtype=np.int_)
    matrix = TfidfVectorizer(sublinear_tf=True, min_df=2, max_features=20000).fit_transform(texts)
    model = KMeans(n_clusters=n_clusters, n_init=3, random_state=seed)
    return np.asarray(model.fit_predict(matrix), dtype=np.int_)


def diverse_order(
    scores: NDArray[np.float64], clusters: NDArray[np.int_], *, penalty: float
) -> list[int]:
    """Indices by score, each score times ``penalty`` per item already taken from its cluster.

    Greedy and exact: every step takes the best adjusted score, which is always some
    cluster's best remaining item, so one heap over clusters suffices (O(n log k)).
    """
    scores = np.asarray(scores, dtype=float)
    if np.any(scores < 0):
        raise ValueError("scores must be non-negative for a multiplicative penalty")
    members: dict[int, list[int]] = {}
    for index in np.argsort(-scores, kind="stable"):
        members.setdefault(int(clusters[index]), []).append(int(index))
    taken = {cluster: 0 for cluster in members}
    heap = [(-scores[items[0]], items[0], cluster) for cluster, items in members.items()]
    heapq.heapify(heap)
    order: list[int] = []
    while heap:
        _, index, cluster = heapq.heappop(heap)
        order.append(index)
        taken[cluster] += 1
        if taken[cluster] < len(members[cluster]):
            following = members[cluster][taken[cluster]]
            heapq.heappush(heap, (-scores[following] * penalty ** taken[cluster], following, cluster))
    return order


def queue_order(
    item_ids: Sequence[str], *, config: QueueConfig, texts: Sequence[str] | None = None,
    concern_prob: NDArray[np.float64] | None = None, need_prob: NDArray[np.float64] | None = None,
    front: Sequence[str] = (), concern_prevalence: NDArray[np.float64] | None = None,
) -> list[str]:
    """Item ids in queue order; ids in ``front`` (e.g. likely label errors) go first, as given.

    Uncertainty order needs the model's probabilities and the texts (for clusters); random
    order needs neither and is fixed by the config's seed. With ``rare_concern_power`` > 0
    each concern's entropy is weighted by :func:`rare_concern_weights` of
    ``concern_prevalence`` (e.g. the labelled share of each concern) or, when that is not
    given, of the mean predicted probability over these items. With ``density_power`` > 0
    each score is multiplied by :func:`pool_density` to that power, so typical referrals
    go before outliers that are as uncertain.
    """
    ids = list(item_ids)
    if config.order == "random":
        ranked = [ids[i] for i in np.random.default_rng(config.seed).permutation(len(ids))]
    else:
        if concern_prob is None or need_prob is None or texts is None:
            raise ValueError("uncertainty order needs texts, concern_prob and need_prob")
        weights = None
        if config.rare_concern_power > 0:
            prevalence = (np.asarray(concern_prob, dtype=float).mean(axis=0) if concern_prevalence is None
                          else concern_prevalence)
            weights = rare_concern_weights(prevalence, power=config.rare_concern_power)
        scores = uncertainty_scores(concern_prob, need_prob, need_margin_weight=config.need_margin_weight,
                                    concern_weights=weights, positive_weight=config.rare_positive_weight)
        if config.density_power > 0:
            scores = scores * pool_density(texts) ** config.density_power
        clusters = cluster_texts(texts, n_clusters=config.clusters, seed=config.seed)
        ranked = [ids[i] for i in diverse_order(scores, clusters, penalty=config.diversity_penalty)]
    first = [item for item in dict.fromkeys(front) if item in set(ids)]
    chosen = set(first)
    return first + [item for item in ranked if item not in chosen]


@dataclass
class RefreshSchedule:
    """Refit the queue's model every ``every`` answers."""

    every: int
    answers_since_refresh: int = 0

    def record_answer(self) -> bool:
        """Count one answer; True when the model is due for a refresh (the count restarts)."""
        self.answers_since_refresh += 1
        if self.answers_since_refresh >= self.every:
            self.answers_since_refresh = 0
            return True
        return False
