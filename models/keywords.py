"""Keyword-rule baseline: what a naive triage would do, evaluated exactly like our models.

A concern is flagged when any of its keywords appears (no negation handling: "no marks
or bruising seen" flags physical abuse). Need level is a crude rule on the flags: any
"severe" concern -> the top level; two or more concerns -> the level below; one -> the
level above the lowest; none -> the lowest. Nothing is learned from the labels; ``fit``
only records the shape, so the baseline shows how much the learned models add.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from models.text import as_text_list

DEFAULT_KEYWORDS: dict[str, tuple[str, ...]] = {
    "neglect": ("neglect", "dirty", "no food", "hungry", "unkempt", "left alone", "hygiene"),
    "emotional_abuse": ("emotional abuse", "shouting", "humiliat", "belittl", "worthless"),
    "physical_abuse": ("bruise", "bruising", "hit", "slapped", "punched", "injury", "belt"),
    "sexual_abuse": ("sexual abuse", "sexual", "touched", "inappropriate touching", "rape"),
    "domestic_abuse": ("domestic", "domestic violence", "domestic abuse", "assaulted"),
    "parental_mental_health": ("depression", "mental health", "psychosis", "sectioned"),
    "parental_substance_misuse": ("drunk", "alcohol", "drinking", "drugs", "heroin"),
    "child_mental_health": ("self-harm", "self harm", "suicidal", "overdose", "anxiety"),
    "child_substance_misuse": ("cannabis", "vaping", "smoking weed", "drinking alcohol"),
    "exploitation": ("exploitation", "county lines", "grooming", "gang", "older males"),
    "going_missing": ("missing", "ran away", "absconded"),
    "disability_or_illness": ("disability", "disabled", "autism", "illness", "cancer"),
    "young_carer": ("young carer", "cares for", "caring for"),
    "behaviour": ("excluded", "exclusion", "anti-social", "aggressive", "fighting"),
    "harmful_practices": ("fgm", "female genital", "forced marriage", "witchcraft", "honour"),
    "housing_or_financial": ("homeless", "eviction", "debt", "rent arrears", "overcrowded"),
}
"""Keywords per concern id of the default taxonomy (lowercase; matched at word starts)."""

DEFAULT_SEVERE: tuple[str, ...] = (
    "physical_abuse", "sexual_abuse", "exploitation", "harmful_practices",
)


def _pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(word) for word in words) + ")")


class KeywordBaseline(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Keyword lists per concern; 0/1 "probabilities" so it is scored like the others.

    Parameters
    ----------
    concern_ids : sequence of str or None
        Column order of ``Y``; None takes the default label scheme's order.
    keywords : mapping concern id -> keywords, or None for :data:`DEFAULT_KEYWORDS`
        A concern without keywords is never flagged.
    """

    def __init__(
        self,
        *,
        concern_ids: Sequence[str] | None = None,
        keywords: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.concern_ids = concern_ids
        self.keywords = keywords

    def fit(self, X: Any, Y: Any) -> KeywordBaseline:
        """Record the concern order and compile the keyword patterns (labels unused)."""
        ids = _concern_ids(self.concern_ids)
        Y = np.asarray(Y)
        if Y.ndim != 2 or Y.shape[1] != len(ids):
            raise ValueError(f"Y must have shape (n_samples, {len(ids)}); got {Y.shape}")
        table = DEFAULT_KEYWORDS if self.keywords is None else self.keywords
        unknown = sorted(set(table) - set(ids))
        if self.keywords is not None and unknown:
            raise ValueError(f"keywords name unknown concern(s) {unknown}; allowed: {ids}")
        self.concern_ids_ = ids
        self.patterns_ = [_pattern([w.lower() for w in table.get(cid, ())]) for cid in ids]
        self.classes_ = np.array([0, 1])
        return self

    def predict(self, X: Any) -> NDArray[np.int64]:
        """0/1 per concern: any keyword present."""
        check_is_fitted(self, "patterns_")
        texts = [text.lower() for text in as_text_list(X)]
        result = np.zeros((len(texts), len(self.patterns_)), dtype=np.int64)
        for j, pattern in enumerate(self.patterns_):
            if pattern is not None:
                result[:, j] = [pattern.search(text) is not None for text in texts]
        return result

    def predict_proba(self, X: Any) -> NDArray[np.float64]:
        """The flags as probabilities (a rule has no graded confidence).

        Returns
        -------
        ndarray of shape (n_samples, n_concerns) of 0.0 / 1.0
        """
        return self.predict(X).astype(np.float64)

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.classifier_tags.multi_label = True
        return tags


class KeywordNeedLevel(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Crude need-level rule on top of :class:`KeywordBaseline`'s flags.

    Parameters
    ----------
    concern_ids, keywords
        As for :class:`KeywordBaseline`.
    n_levels : int
        Number of ranks (lowest 0).
    severe_concerns : sequence of str or None
        Any of these -> the top level; None uses :data:`DEFAULT_SEVERE` (ids the scheme
        lacks are ignored).
    """

    def __init__(
        self,
        *,
        concern_ids: Sequence[str] | None = None,
        keywords: Mapping[str, Sequence[str]] | None = None,
        n_levels: int = 4,
        severe_concerns: Sequence[str] | None = None,
    ) -> None:
        self.concern_ids = concern_ids
        self.keywords = keywords
        self.n_levels = n_levels
        self.severe_concerns = severe_concerns

    def fit(self, X: Any, y: Any) -> KeywordNeedLevel:
        """Build the underlying keyword flags (labels unused beyond their count)."""
        ids = _concern_ids(self.concern_ids)
        texts = as_text_list(X)
        self.flags_ = KeywordBaseline(concern_ids=ids, keywords=self.keywords).fit(
            texts, np.zeros((len(texts), len(ids)), dtype=np.int64)
        )
        severe = DEFAULT_SEVERE if self.severe_concerns is None else self.severe_concerns
        self.severe_columns_ = np.array([ids.index(c) for c in severe if c in ids], dtype=int)
        self.classes_ = np.arange(self.n_levels)
        return self

    def predict(self, X: Any) -> NDArray[np.int64]:
        """Rank from the rule."""
        check_is_fitted(self, "flags_")
        flags = self.flags_.predict(X)
        count = flags.sum(axis=1)
        top = self.n_levels - 1
        rank = np.where(count >= 2, max(top - 1, 0), np.where(count == 1, min(1, top), 0))
        if len(self.severe_columns_):
            rank = np.where(flags[:, self.severe_columns_].any(axis=1), top, rank)
        return rank.astype(np.int64)

    def predict_proba(self, X: Any) -> NDArray[np.float64]:
        """One-hot rows for the rule's level.

        Returns
        -------
        ndarray of shape (n_samples, n_levels), rows summing to 1
        """
        rank = self.predict(X)
        return np.eye(self.n_levels)[rank]

    def predict_range(self, X: Any) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """A rule gives a single level: low == high."""
        rank = self.predict(X)
        return rank, rank.copy()

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags


def _concern_ids(concern_ids: Sequence[str] | None) -> list[str]:
    if concern_ids is not None:
        return list(concern_ids)
    from referrals.labels import load_scheme

    return load_scheme().concern_ids
