"""Pretrained static word vectors as a text feature block beside TF-IDF.

TF-IDF only knows the n-grams of its training text, so a referral written in other
words than the training set shares few features with it. Pretrained word vectors place
"hit", "slapped" and "punched" near each other whatever the training text said, which
carries over to new writers. A document is the mean of its tokens' vectors (and their
element-wise maximum, which keeps a single strong word from being averaged away).

The vectors come from an installed package (nothing is downloaded at run time), named
in ``representations.yaml`` beside this module with a pinned SHA-256 per file. The
files are hashed before they are read; a mismatch is an error, never a fallback. The
vectors are not pickled with a model: a fitted block stores the representation's name
and hashes, and reloads and re-verifies the files in the serving process.
"""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from models.text import NUMBER_TOKEN, tokenize_with_spans
from referrals.config_files import validated
from referrals.errors import ConfigError
from referrals.manifest import sha256_file

REGISTRY_FILE = Path(__file__).with_name("representations.yaml")

ERROR_UNKNOWN = "unknown representation {name!r}; known: {known} (models/representations.yaml)"
ERROR_NOT_INSTALLED = (
    "representation {name!r} needs the package {package!r}, which is not installed; "
    "install the project again (`make setup`) or set features.embeddings: null"
)
ERROR_HASH = (
    "representation {name!r}: {path} has SHA-256 {actual}, but {expected} is pinned; "
    "the file was changed or is not the one the model was trained with"
)


class Representation(BaseModel):
    """A pinned set of word vectors: where they are installed and what they hash to.

    Unknown keys are refused: a misspelt ``sha256`` must not leave a file unpinned.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    package: str
    vectors_file: str
    vocabulary_file: str
    sha256: dict[str, str] = Field(min_length=2)
    dimensions: int = Field(gt=0)


def registry(path: Path = REGISTRY_FILE) -> dict[str, Representation]:
    """Every representation the project knows, by name."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: must map representation names to their pins")
    return {name: validated(Representation, {"name": name, **(spec or {})}, source=f"{path}: {name}",
                            error=ConfigError)
            for name, spec in raw.items()}


def representation(name: str) -> Representation:
    """One known representation; an unknown name is an error naming the known ones."""
    known = registry()
    if name not in known:
        raise ValueError(ERROR_UNKNOWN.format(name=name, known=", ".join(sorted(known))))
    return known[name]


def package_root(spec: Representation) -> Path:
    """Folder of the installed package holding the files (no import of its code)."""
    found = importlib.util.find_spec(spec.package)
    if found is None or not found.submodule_search_locations:
        raise ValueError(ERROR_NOT_INSTALLED.format(name=spec.name, package=spec.package))
    return Path(next(iter(found.submodule_search_locations)))


def verified_files(spec: Representation) -> tuple[Path, Path]:
    """Paths of the vectors and vocabulary, after checking both against their pins."""
    root = package_root(spec)
    paths = (root / spec.vectors_file, root / spec.vocabulary_file)
    for path in paths:
        expected = spec.sha256[path.name]
        actual = sha256_file(path)
        if actual != expected:
            raise ValueError(ERROR_HASH.format(name=spec.name, path=path, actual=actual,
                                               expected=expected))
    return paths


@dataclass(frozen=True)
class WordVectors:
    """A verified vector table and its word -> row index."""

    vectors: NDArray[np.float32]
    index: dict[str, int]
    sha256: dict[str, str]
    """The pins the files were verified against when loaded."""


_LOADED: dict[str, WordVectors] = {}
_LOCK = threading.Lock()


def load_vectors(name: str) -> WordVectors:
    """The named vectors, verified once per process and then shared (read-only)."""
    with _LOCK:
        if name not in _LOADED:
            import pyarrow.parquet as pq

            spec = representation(name)
            vectors_path, vocabulary_path = verified_files(spec)
            words = pq.read_table(vocabulary_path).column(0).to_pylist()
            vectors = np.load(vectors_path, mmap_mode="r")
            if vectors.shape != (len(words), spec.dimensions):
                raise ValueError(f"representation {name!r}: vectors {vectors.shape} do not match "
                                 f"{len(words)} words x {spec.dimensions} dimensions")
            _LOADED[name] = WordVectors(vectors, {word: row for row, word in enumerate(words)},
                                        dict(spec.sha256))
        return _LOADED[name]


class EmbeddingFeatures(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Texts -> [mean, max] of their words' pretrained vectors, scaled to ``scale``.

    Parameters
    ----------
    name : str
        A representation of ``representations.yaml``.
    scale : float
        Norm of each pooled half, so the block weighs like a TF-IDF row (norm 1) in a
        linear model with one regularisation strength.
    """

    def __init__(self, name: str = "glove-6b-50d", scale: float = 1.0) -> None:
        self.name = name
        self.scale = scale

    def fit(self, texts: Any, y: object = None) -> EmbeddingFeatures:
        """Verify and load the vectors; nothing is learnt from the texts."""
        table = load_vectors(self.name)
        self.sha256_ = dict(table.sha256)
        self.n_features_out_ = 2 * table.vectors.shape[1]
        return self

    def transform(self, texts: Any) -> sparse.csr_matrix:
        """Pooled vectors of each text, as a sparse matrix to sit beside TF-IDF."""
        table = load_vectors(self.name)
        if table.sha256 != self.sha256_:
            raise ValueError(f"representation {self.name!r} is pinned to other files than "
                             "this model was fitted with")
        rows = np.zeros((len(texts), self.n_features_out_), dtype=np.float64)
        half = self.n_features_out_ // 2
        for i, text in enumerate(texts):
            found = [table.index[t.norm] for t in tokenize_with_spans(text)
                     if t.norm in table.index and t.norm != NUMBER_TOKEN]
            if not found:
                continue
            block = np.asarray(table.vectors[found], dtype=np.float64)
            for offset, pooled in ((0, block.mean(axis=0)), (half, block.max(axis=0))):
                norm = np.linalg.norm(pooled)
                if norm > 0:
                    rows[i, offset:offset + half] = self.scale * pooled / norm
        return sparse.csr_matrix(rows)

    def get_feature_names_out(self, input_features: Any = None) -> NDArray[np.str_]:
        half = self.n_features_out_ // 2
        return np.array([f"{self.name}.mean{i}" for i in range(half)]
                        + [f"{self.name}.max{i}" for i in range(half)])
