"""Assignment (overlap, balance, decide-first) and queue order (uncertainty, diversity, refresh)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from annotation.assignment import assign, decide_first_sample
from annotation.config import load_annotation_config
from annotation.queue import (
    RefreshSchedule,
    concern_entropy,
    diverse_order,
    need_margin,
    pool_density,
    queue_order,
    rare_concern_weights,
    uncertainty_scores,
)

ITEMS = [f"r{i:03d}" for i in range(200)]
PEOPLE = ["ana", "ben", "cat", "dev"]


def test_overlap_share_goes_to_exactly_two_distinct_annotators() -> None:
    plan = assign(ITEMS, PEOPLE, overlap=0.25, annotators_per_overlap_item=2, seed=1)
    per_item = Counter(a.item_id for a in plan)
    shared = {a.item_id for a in plan if a.overlap}
    assert len(shared) == 50 and set(per_item.values()) == {1, 2}
    assert all(per_item[item] == 2 for item in shared)
    assert all(len({a.annotator for a in plan if a.item_id == item}) == 2 for item in shared)
    assert set(per_item) == set(ITEMS)


def test_load_is_balanced_and_plan_ignores_input_order() -> None:
    plan = assign(ITEMS, PEOPLE, overlap=0.3, seed=2)
    load = Counter(a.annotator for a in plan)
    assert max(load.values()) - min(load.values()) <= 1
    assert assign(list(reversed(ITEMS)), PEOPLE, overlap=0.3, seed=2) == plan
    assert assign(ITEMS, PEOPLE, overlap=0.3, seed=3) != plan


def test_decide_first_share_is_exact() -> None:
    plan = assign(ITEMS, PEOPLE, overlap=0.2, decide_first=0.25, seed=0)
    assert sum(a.mode == "decide_first" for a in plan) == round(0.25 * len(plan))
    assert len(decide_first_sample(ITEMS, share=0.1, seed=0)) == 20


def test_assignment_refuses_too_few_annotators_and_repeated_ids() -> None:
    with pytest.raises(ValueError, match="need 3 annotators"):
        assign(ITEMS, ["ana", "ben"], overlap=0.1, annotators_per_overlap_item=3)
    with pytest.raises(ValueError, match="repeat"):
        assign(["a", "a"], PEOPLE, overlap=0.0)


def test_uncertainty_is_highest_for_coin_tosses() -> None:
    concern = np.array([[0.5, 0.5], [0.01, 0.99]])
    need = np.array([[0.25, 0.25, 0.25, 0.25], [0.97, 0.01, 0.01, 0.01]])
    assert concern_entropy(concern) == pytest.approx([1.0, 0.0808], abs=1e-3)
    assert need_margin(need) == pytest.approx([0.0, 0.96])
    scores = uncertainty_scores(concern, need, need_margin_weight=1.0)
    assert scores[0] > scores[1]


def test_without_a_penalty_the_order_is_by_score_and_with_one_clusters_interleave() -> None:
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.1])
    clusters = np.array([0, 0, 0, 0, 0, 1])
    assert diverse_order(scores, clusters, penalty=1.0) == [0, 1, 2, 3, 4, 5]
    guarded = diverse_order(scores, clusters, penalty=0.1)
    assert guarded[:2] == [0, 5] and sorted(guarded) == list(range(6))


def test_uncertainty_queue_spreads_over_clusters() -> None:
    rng = np.random.default_rng(0)
    texts = [f"police attended domestic incident shouting {i}" for i in range(30)] + \
            [f"school attendance nursery hygiene lunch {i}" for i in range(30)]
    concern = np.vstack([np.full((30, 3), 0.5), np.full((30, 3), 0.3)]) + rng.random((60, 3)) * 0.01
    need = np.tile([0.4, 0.3, 0.2, 0.1], (60, 1))
    config = load_annotation_config().queue.model_copy(update={"clusters": 2, "diversity_penalty": 0.5})
    ids = [str(i) for i in range(60)]
    order = queue_order(ids, config=config, texts=texts, concern_prob=concern, need_prob=need)
    assert any(int(i) >= 30 for i in order[:10])
    unguarded = config.model_copy(update={"diversity_penalty": 1.0})
    assert all(int(i) < 30 for i in queue_order(ids, config=unguarded, texts=texts, concern_prob=concern,
                                                need_prob=need)[:10])


def test_rare_concern_weighting_puts_doubt_about_a_rare_concern_first() -> None:
    # Column 0 is a rare concern (few items lean to it), column 1 a common one. Item "rare" is
    # unsure about the rare concern, item "common" slightly more unsure about the common one.
    others = np.tile([0.01, 0.9], (20, 1))
    concern = np.vstack([[[0.35, 0.99]], [[0.01, 0.5]], others])
    need = np.tile([0.7, 0.2, 0.05, 0.05], (22, 1))
    ids = ["rare", "common", *(f"o{i}" for i in range(20))]
    texts = [f"referral text number {i}" for i in range(22)]
    base = load_annotation_config().queue.model_copy(update={"clusters": 1, "diversity_penalty": 1.0})
    plain = queue_order(ids, config=base, texts=texts, concern_prob=concern, need_prob=need)
    assert plain[:2] == ["common", "rare"]
    weighted = base.model_copy(update={"rare_concern_power": 1.0})
    assert queue_order(ids, config=weighted, texts=texts, concern_prob=concern, need_prob=need)[:2] == [
        "rare", "common"]
    # labelled prevalence, when given, decides what is rare: here column 1 is the rare one
    assert queue_order(ids, config=weighted, texts=texts, concern_prob=concern, need_prob=need,
                       concern_prevalence=np.array([0.5, 0.02]))[0] == "common"
    # the positive term prefers the item likelier to carry the (weighted) rare concern
    certain = np.array([[0.001, 0.001], [0.999, 0.001]])
    flat = np.tile([0.7, 0.2, 0.05, 0.05], (2, 1))
    assert uncertainty_scores(certain, flat, positive_weight=0.0)[0] == pytest.approx(
        uncertainty_scores(certain, flat, positive_weight=0.0)[1])
    assert np.argmax(uncertainty_scores(certain, flat, positive_weight=1.0)) == 1
    assert rare_concern_weights(np.array([0.5, 0.5]), power=1.0) == pytest.approx([1.0, 1.0])
    assert rare_concern_weights(np.array([0.0, 0.5]), power=0.0) == pytest.approx([1.0, 1.0])


def test_density_weighting_puts_a_typical_item_before_an_equally_uncertain_outlier() -> None:
    typical = [f"mum asked for help with housing and school attendance week {i}" for i in range(20)]
    outlier = "zebra xylophone quantum origami volcano"
    texts = [outlier, typical[0], *typical[1:]]
    density = pool_density(texts)
    assert density[0] < 0.1 and 0.5 < density[1] <= 1.0
    ids = ["outlier", "typical", *(f"o{i}" for i in range(19))]
    # the outlier is a little more uncertain (0.5 is the most uncertain a probability gets)...
    concern = np.vstack([[[0.5, 0.5]], [[0.45, 0.45]], np.tile([0.01, 0.01], (19, 1))])
    need = np.tile([0.7, 0.2, 0.05, 0.05], (21, 1))
    base = load_annotation_config().queue.model_copy(
        update={"clusters": 1, "diversity_penalty": 1.0, "density_power": 0.0})
    assert queue_order(ids, config=base, texts=texts, concern_prob=concern, need_prob=need)[0] == "outlier"
    dense = base.model_copy(update={"density_power": 1.0})  # ...but the typical one teaches more
    assert queue_order(ids, config=dense, texts=texts, concern_prob=concern, need_prob=need)[0] == "typical"
    assert pool_density(["one text"]) == pytest.approx([1.0])
    assert pool_density(["alpha", "beta"]) == pytest.approx([1.0, 1.0])  # no shared word


def test_random_order_is_fixed_by_seed_and_front_items_come_first() -> None:
    config = load_annotation_config().queue.model_copy(update={"order": "random"})
    first = queue_order(ITEMS, config=config, front=["r150", "r007", "missing"])
    assert first[:2] == ["r150", "r007"] and sorted(first) == sorted(ITEMS)
    assert queue_order(ITEMS, config=config) == queue_order(ITEMS, config=config)
    with pytest.raises(ValueError, match="uncertainty order needs"):
        queue_order(ITEMS, config=config.model_copy(update={"order": "uncertainty"}))


def test_refresh_is_due_every_n_answers() -> None:
    schedule = RefreshSchedule(every=3)
    assert [schedule.record_answer() for _ in range(7)] == [False, False, True, False, False, True, False]
