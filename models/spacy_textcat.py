"""A spaCy ``textcat_multilabel`` model: the second model family, scored like ours.

Trained from a spaCy config (blank English, bag-of-words unigram+bigram architecture by
default: trains on 20k referrals in about a minute on CPU). The same text normalisation
as the TF-IDF models is applied first, so placeholder numbers cannot matter here either.
Deterministic for a seed (``spacy.util.fix_random_seed`` plus a seeded shuffle).
The fitted pipeline pickles as its config plus ``nlp.to_bytes()``.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from models.text import as_text_list, normalize_text

PIPE_NAME = "textcat_multilabel"

DEFAULT_CONFIG = """
[nlp]
lang = "en"
pipeline = ["textcat_multilabel"]

[components]

[components.textcat_multilabel]
factory = "textcat_multilabel"
threshold = 0.5

[components.textcat_multilabel.model]
@architectures = "spacy.TextCatBOW.v3"
exclusive_classes = false
ngram_size = 2
no_output_layer = false
length = 262144
nO = null
"""
"""Bag-of-words (unigrams and bigrams) multi-label text classifier on a blank English nlp."""


def _load_nlp(config_text: str) -> Any:
    from spacy.util import load_model_from_config
    from thinc.api import Config

    return load_model_from_config(Config().from_str(config_text), auto_fill=True, validate=True)


class SpacyTextcat(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """spaCy multi-label text classifier with the fit/predict_proba/predict interface.

    Parameters
    ----------
    config : str or None
        A spaCy config string, or a path to a ``.cfg`` file; None uses
        :data:`DEFAULT_CONFIG`. It must contain a ``textcat_multilabel`` component.
    n_epochs : int
    batch_size : int
    dropout : float
    learn_rate : float
        Adam learning rate; higher than spaCy's default 0.001 because a bag-of-words
        layer on a few thousand texts otherwise needs many epochs.
    threshold : float
        Probability at or above which ``predict`` flags a concern.
    random_state : int
    """

    def __init__(
        self,
        *,
        config: str | None = None,
        n_epochs: int = 5,
        batch_size: int = 64,
        dropout: float = 0.1,
        learn_rate: float = 0.01,
        threshold: float = 0.5,
        random_state: int = 0,
    ) -> None:
        self.config = config
        self.n_epochs = n_epochs
        self.batch_size = batch_size
        self.dropout = dropout
        self.learn_rate = learn_rate
        self.threshold = threshold
        self.random_state = random_state

    def _config_text(self) -> str:
        if self.config is None:
            return DEFAULT_CONFIG
        if "\n" not in self.config and Path(self.config).is_file():
            return Path(self.config).read_text("utf-8")
        return self.config

    def fit(self, X: Any, Y: Any) -> SpacyTextcat:
        """Train the textcat on texts and a 0/1 indicator matrix.

        Parameters
        ----------
        X : list of str (already redacted)
        Y : array of shape (n_samples, n_concerns)

        Returns
        -------
        self
        """
        from spacy.training import Example
        from spacy.util import fix_random_seed, minibatch  # type: ignore[attr-defined]
        from thinc.api import Adam

        texts = as_text_list(X)
        Y = np.asarray(Y)
        if Y.ndim != 2 or len(Y) != len(texts):
            raise ValueError(f"Y must have shape ({len(texts)}, n_concerns); got {Y.shape}")
        fix_random_seed(self.random_state)
        self.config_text_ = self._config_text()
        nlp = _load_nlp(self.config_text_)
        if PIPE_NAME not in nlp.pipe_names:
            raise ValueError(f"the spaCy config has no {PIPE_NAME!r} component")
        self.labels_ = [f"concern_{j}" for j in range(Y.shape[1])]
        textcat = nlp.get_pipe(PIPE_NAME)
        for label in self.labels_:
            textcat.add_label(label)
        examples = [
            Example.from_dict(
                nlp.make_doc(normalize_text(text)),
                {"cats": {label: float(value) for label, value in zip(self.labels_, row)}},
            )
            for text, row in zip(texts, Y)
        ]
        optimizer = nlp.initialize(lambda: examples, sgd=Adam(self.learn_rate))
        shuffler = random.Random(self.random_state)
        self.losses_: list[float] = []
        for _ in range(self.n_epochs):
            shuffler.shuffle(examples)
            losses: dict[str, float] = {}
            for batch in minibatch(examples, size=self.batch_size):  # type: ignore[no-untyped-call]
                nlp.update(batch, sgd=optimizer, drop=self.dropout, losses=losses)
            self.losses_.append(float(losses.get(PIPE_NAME, 0.0)))
        self.nlp_ = nlp
        self.classes_ = np.array([0, 1])
        return self

    def predict_proba(self, X: Any) -> NDArray[np.float64]:
        """Probability per concern.

        Returns
        -------
        ndarray of shape (n_samples, n_concerns)
        """
        check_is_fitted(self, "nlp_")
        texts = [normalize_text(text) for text in as_text_list(X)]
        rows = [
            [doc.cats[label] for label in self.labels_]
            for doc in self.nlp_.pipe(texts, batch_size=256)
        ]
        return np.asarray(rows, dtype=np.float64).reshape(len(texts), len(self.labels_))

    def predict(self, X: Any) -> NDArray[np.int64]:
        """0/1 per concern at ``threshold``."""
        return (self.predict_proba(X) >= self.threshold).astype(np.int64)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        if "nlp_" in state:
            state["nlp_"] = state["nlp_"].to_bytes()
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        nlp_bytes = state.get("nlp_")
        if isinstance(nlp_bytes, bytes):
            state = dict(state)
            state["nlp_"] = _load_nlp(state["config_text_"]).from_bytes(nlp_bytes)
        super().__setstate__(state)

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.classifier_tags.multi_label = True
        tags.non_deterministic = False
        return tags
