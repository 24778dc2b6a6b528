"""Small generated answer sets for the annotation tests (no narrative text needed)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from annotation.answers import Answer, LabelSet
from referrals.labels import LabelScheme


def random_labels(rng: np.random.Generator, scheme: LabelScheme) -> LabelSet:
    """A random label set: each concern with probability 0.3, a uniform need level."""
    concerns = [c for c in scheme.concern_ids if rng.random() < 0.3]
    return LabelSet(concerns=concerns, need_level=scheme.need_level_ids[int(rng.integers(len(scheme.need_level_ids)))])


def noisy_copy(rng: np.random.Generator, labels: LabelSet, scheme: LabelScheme, noise: float) -> LabelSet:
    """``labels`` with each concern toggled and the need level moved one step with probability ``noise``."""
    concerns = [c for c in scheme.concern_ids if (c in labels.concerns) != (rng.random() < noise)]
    rank = scheme.rank_of(labels.need_level or "")
    if rng.random() < noise:
        rank = int(np.clip(rank + rng.choice([-1, 1]), 0, len(scheme.need_level_ids) - 1))
    return LabelSet(concerns=concerns, need_level=scheme.need_level_ids[rank])


@pytest.fixture
def make_answers(scheme: LabelScheme) -> Callable[..., tuple[list[Answer], dict[str, LabelSet]]]:
    """Answers from ``annotators`` on ``n_items`` items, each a noisy copy of a hidden truth."""

    def build(n_items: int, annotators: list[str], noise: float, seed: int = 0,
              mode: str = "blind") -> tuple[list[Answer], dict[str, LabelSet]]:
        rng = np.random.default_rng(seed)
        truth = {f"item-{i}": random_labels(rng, scheme) for i in range(n_items)}
        answers = []
        for item, labels in truth.items():
            for name in annotators:
                given = noisy_copy(rng, labels, scheme, noise)
                extra = {} if mode == "blind" else {"mode": mode, "suggestion": noisy_copy(rng, labels, scheme, noise)}
                answers.append(Answer(item_id=item, annotator=name, concerns=given.concerns,
                                      need_level=given.need_level, **extra))
        return answers, truth

    return build
