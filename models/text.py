"""Text normalisation and TF-IDF features, as scikit-learn steps inside the fitted pipeline.

Normalisation lives in the pipeline (not in a preprocessing script) so it is saved with
the model and training and serving cannot drift apart. It makes the model invariant to
which redaction placeholder number appears (``[PERSON_3]`` and ``[PERSON_7]`` are the
same token ``__person__``) and to the value of numbers (dates, ages, phone fragments all
become ``__num__``), so the model learns nothing from which name or date a referral had.

The normalised text is the sequence of tokens joined by single spaces. The same
tokeniser also yields each token's character span in the *original* text
(:func:`tokenize_with_spans`), which is how evidence n-grams are mapped back to the
redacted narrative for highlighting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.frozen import FrozenEstimator
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils.validation import check_is_fitted, validate_data

PLACEHOLDER_PATTERN = r"[\[<](?P<entity>[A-Z][A-Z0-9]*(?:_[A-Z][A-Z0-9]*)*)(?:_\d+)?[\]>]"
"""Redaction placeholders: ``[PERSON_3]``, ``[PERSON]``, ``<UK_NHS>``, ``<DATE_TIME_2>``."""

NUMBER_PATTERN = r"\d+(?:[.,:/\-]\d+)*"
WORD_PATTERN = r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*"
NUMBER_TOKEN = "__num__"

_TOKEN_RE = re.compile(
    f"(?P<placeholder>{PLACEHOLDER_PATTERN})|(?P<number>{NUMBER_PATTERN})|(?P<word>{WORD_PATTERN})"
)

ERROR_NOT_TEXT = "expected a sequence of strings; got an element of type {kind}"


@dataclass(frozen=True)
class Token:
    """One token: its normalised form and its span in the original text."""

    norm: str
    start: int
    end: int


def placeholder_token(entity: str) -> str:
    """The single token a redaction placeholder of type ``entity`` becomes."""
    return f"__{entity.lower()}__"


def tokenize_with_spans(text: str) -> list[Token]:
    """Tokenise ``text`` into normalised tokens with character offsets into ``text``.

    Placeholders become ``__<entity>__`` (number dropped), numbers ``__num__``, words are
    lowercased; punctuation and whitespace separate tokens and are dropped.
    """
    tokens = []
    for match in _TOKEN_RE.finditer(text):
        if match.group("placeholder") is not None:
            norm = placeholder_token(match.group("entity"))
        elif match.group("number") is not None:
            norm = NUMBER_TOKEN
        else:
            norm = match.group("word").lower().replace("\u2019", "'")
        tokens.append(Token(norm, match.start(), match.end()))
    return tokens


def normalize_text(text: str) -> str:
    """Normalised text: the normalised tokens joined by single spaces."""
    return " ".join(token.norm for token in tokenize_with_spans(text))


def as_text_list(texts: Iterable[Any]) -> list[str]:
    """Validate that ``texts`` is a sequence of strings and return it as a list."""
    if isinstance(texts, str):
        raise TypeError("expected a sequence of strings, got a single string")
    result = list(np.asarray(texts, dtype=object).ravel()) if isinstance(
        texts, np.ndarray
    ) else list(texts)
    for item in result:
        if not isinstance(item, str):
            raise TypeError(ERROR_NOT_TEXT.format(kind=type(item).__name__))
    return result


class TextNormalizer(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Stateless transformer: list of texts -> list of normalised texts.

    It has no hyperparameters; it exists as a step so that normalisation is pickled with
    the fitted vectorisers and serving applies exactly what training applied.
    """

    def fit(self, texts: Sequence[str], y: object = None) -> TextNormalizer:
        """No-op (stateless); validates the input."""
        as_text_list(texts)
        self.fitted_ = True
        return self

    def transform(self, texts: Sequence[str]) -> list[str]:
        """Normalise each text."""
        return [normalize_text(text) for text in as_text_list(texts)]

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = False
        return tags


# TF-IDF defaults, one source for make_text_features and both classifiers' signatures
# (scikit-learn needs each hyperparameter spelled out in every estimator's __init__).
WORD_NGRAM_RANGE: tuple[int, int] = (1, 2)
CHAR_NGRAM_RANGE: tuple[int, int] | None = (2, 5)
MIN_DF: float = 2
MAX_FEATURES: int | None = 200_000
SUBLINEAR_TF: bool = True


def make_text_features(
    *,
    word_ngram_range: tuple[int, int] = WORD_NGRAM_RANGE,
    char_ngram_range: tuple[int, int] | None = CHAR_NGRAM_RANGE,
    min_df: float = MIN_DF,
    max_features: int | None = MAX_FEATURES,
    sublinear_tf: bool = SUBLINEAR_TF,
    embeddings: str | None = None,
    embedding_scale: float = 1.0,
) -> Pipeline:
    """Build (unfitted) normaliser -> word and char_wb TF-IDF union (+ word vectors).

    ``max_features`` caps each vectoriser separately. Word tokens are exactly the
    normalised tokens (``token_pattern=r"\\S+"`` on text already joined by single spaces),
    so a word n-gram feature maps back to a run of :func:`tokenize_with_spans` tokens.
    ``char_ngram_range=None`` drops the character features (faster, less robust to
    misspellings). ``embeddings`` names pretrained word vectors
    (:mod:`models.embeddings`) appended as a last block, scaled by ``embedding_scale``.
    """
    parts: list[tuple[str, Any]] = [
        (
            "word",
            TfidfVectorizer(
                analyzer="word",
                token_pattern=r"\S+",
                lowercase=False,
                ngram_range=word_ngram_range,
                min_df=min_df,
                max_features=max_features,
                sublinear_tf=sublinear_tf,
                dtype=np.float64,
            ),
        )
    ]
    if char_ngram_range is not None:
        parts.append(
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb",
                    lowercase=False,
                    ngram_range=char_ngram_range,
                    min_df=min_df,
                    max_features=max_features,
                    sublinear_tf=sublinear_tf,
                    dtype=np.float64,
                ),
            )
        )
    if embeddings is not None:
        from models.embeddings import EmbeddingFeatures

        parts.append(("embedding", EmbeddingFeatures(name=embeddings, scale=embedding_scale)))
    return Pipeline([("normalize", TextNormalizer()), ("tfidf", FeatureUnion(parts))])


def unwrap_features(vectorizer: Any) -> Pipeline | None:
    """The text-feature pipeline inside ``vectorizer`` (unwrapping FrozenEstimator), if any."""
    if isinstance(vectorizer, FrozenEstimator):
        vectorizer = vectorizer.estimator
    if isinstance(vectorizer, Pipeline) and "tfidf" in vectorizer.named_steps:
        return vectorizer
    return None


def feature_blocks(features: Pipeline) -> list[tuple[str, TfidfVectorizer, int]]:
    """(name, vectoriser, column offset) for each TF-IDF block of a fitted feature pipeline."""
    union: FeatureUnion = features.named_steps["tfidf"]
    blocks = []
    offset = 0
    for name, vectorizer in union.transformer_list:
        if not hasattr(vectorizer, "vocabulary_"):
            continue  # dense blocks (word vectors) come last and map to no n-gram
        blocks.append((name, vectorizer, offset))
        offset += len(vectorizer.vocabulary_)
    return blocks


def is_feature_matrix(X: Any) -> bool:
    """True when ``X`` is already a numeric feature matrix rather than a list of texts."""
    if sparse.issparse(X):
        return True
    return isinstance(X, np.ndarray) and X.ndim == 2 and X.dtype != object


class TextFeaturesMixin:
    """Shared handling of the ``vectorizer`` hyperparameter for the text classifiers.

    ``vectorizer`` is one of:

    - ``None``: build and fit our own normaliser + TF-IDF from the word/char parameters;
    - a fitted text-feature transformer (wrap it in ``FrozenEstimator`` so ``clone`` keeps
      it fitted): reused as is, never refitted, so the concern and need-level models can
      share one vocabulary and the text is vectorised once;
    - ``"passthrough"``: ``X`` is already a numeric matrix (used by scikit-learn's
      estimator checks and by callers that vectorise themselves).

    With a text vectoriser, ``X`` may be a list of texts or the sparse matrix that
    :meth:`vectorize` returned for them, which lets a caller vectorise once and call
    several methods.
    """

    vectorizer: Any
    word_ngram_range: tuple[int, int]
    char_ngram_range: tuple[int, int] | None
    min_df: int | float
    max_features: int | None
    sublinear_tf: bool

    def _fit_features(self, X: Any, y: Any, *, multi_output: bool) -> tuple[Any, Any]:
        if isinstance(self.vectorizer, str):
            if self.vectorizer != "passthrough":
                raise ValueError(
                    f"vectorizer={self.vectorizer!r} is not allowed; use None, 'passthrough' "
                    "or a fitted transformer"
                )
            self.vectorizer_ = None
            X, y = validate_data(
                self, X, y, accept_sparse="csr", multi_output=multi_output
            )
            return X, y
        if y is None:
            raise ValueError(
                f"This {type(self).__name__} estimator requires y to be passed, but the "
                "target y is None."
            )
        if self.vectorizer is None:
            self.vectorizer_ = make_text_features(
                word_ngram_range=self.word_ngram_range,
                char_ngram_range=self.char_ngram_range,
                min_df=self.min_df,
                max_features=self.max_features,
                sublinear_tf=self.sublinear_tf,
            )
            features = self.vectorizer_.fit_transform(as_text_list(X))
        else:
            self.vectorizer_ = self.vectorizer
            features = X if is_feature_matrix(X) else self.vectorizer_.transform(as_text_list(X))
        self.n_text_features_ = features.shape[1]
        return sparse.csr_matrix(features), np.asarray(y)

    def vectorize(self, X: Any) -> Any:
        """Vectorise texts with the fitted vectoriser (a matrix passes through unchanged).

        Parameters
        ----------
        X : list of str, or matrix of shape (n_samples, n_features)

        Returns
        -------
        sparse matrix of shape (n_samples, n_features)
        """
        check_is_fitted(self, "vectorizer_")
        if self.vectorizer_ is None:
            return validate_data(self, X, accept_sparse="csr", reset=False)
        if is_feature_matrix(X):
            if X.shape[1] != self.n_text_features_:
                raise ValueError(
                    f"X has {X.shape[1]} features, but {type(self).__name__} is expecting "
                    f"{self.n_text_features_} features as input"
                )
            return sparse.csr_matrix(X)
        return sparse.csr_matrix(self.vectorizer_.transform(as_text_list(X)))
