"""Pretrained word vectors: pinned hashes are checked before use, and the block works
inside the shared feature pipeline and through pickling."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest

from models import embeddings
from models.concerns import uncertain_flags
from models.embeddings import EmbeddingFeatures, registry, verified_files
from models.text import feature_blocks, make_text_features


def test_shipped_representation_verifies_against_its_pins() -> None:
    spec = registry()["glove-6b-50d"]
    vectors, vocabulary = verified_files(spec)
    assert vectors.is_file() and vocabulary.is_file()


def test_a_changed_weight_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = registry()["glove-6b-50d"]
    root = embeddings.package_root(spec)
    fake = tmp_path / "pkg"
    shutil.copytree(root / "data", fake / "data", ignore=shutil.ignore_patterns("*.npy"))
    array = np.load(root / spec.vectors_file, mmap_mode="r")
    tampered = np.array(array[:10])
    np.save(fake / spec.vectors_file, tampered)
    monkeypatch.setattr(embeddings, "package_root", lambda _spec: fake)
    with pytest.raises(ValueError, match="SHA-256"):
        verified_files(spec)


def test_unknown_representation_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="glove-6b-50d"):
        EmbeddingFeatures(name="word2vec-nowhere").fit(["text"])


def test_similar_words_give_closer_documents_than_unrelated_ones() -> None:
    block = EmbeddingFeatures().fit([])
    rows = block.transform(["he hit the boy", "he punched the boy", "the invoice for stationery"]).toarray()
    mean = rows[:, :50]
    assert mean[0] @ mean[1] > mean[0] @ mean[2]
    assert np.allclose(np.linalg.norm(mean, axis=1), 1.0)


def test_vector_block_sits_after_tfidf_and_survives_pickling() -> None:
    texts = ["mum hit the child", "dad was drinking again", "school uniform help please"] * 4
    features = make_text_features(char_ngram_range=None, min_df=1, embeddings="glove-6b-50d")
    matrix = features.fit_transform(texts)
    word = features.named_steps["tfidf"].transformer_list[0][1]
    assert matrix.shape[1] == len(word.vocabulary_) + 100
    assert [name for name, _, _ in feature_blocks(features)] == ["word"]
    restored = pickle.loads(pickle.dumps(features))
    assert len(pickle.dumps(features)) < 1_000_000, "vectors must not travel inside the model"
    assert np.allclose(restored.transform(texts).toarray(), matrix.toarray())


def test_uncertain_band_is_in_log_odds() -> None:
    thresholds = np.array([0.5, 0.007])
    probability = np.array([[0.55, 0.008], [0.9, 0.2], [0.45, 0.0045]])
    flags = uncertain_flags(probability, thresholds, 0.5)
    # 0.55 and 0.45 lie within 0.5 log-odds of 0.5; 0.9 does not. Around 0.007, 0.008 and
    # 0.0045 do, 0.2 (which a 0.1 band in probability would not separate from 0.1) does not.
    assert flags.tolist() == [[True, True], [False, False], [True, True]]
    assert not uncertain_flags(np.array([[0.5, 0.1]]), thresholds, 0.5)[0, 1]
