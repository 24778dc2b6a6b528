"""TriageBundle: suggestions, verified save/load, scheme checks, and the MLflow pyfunc."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from models_testdata import Dataset

from models.bundle import BUNDLE_FILE, MANIFEST_FILE, TriageBundle, log_bundle
from referrals.contract import Suggestion
from referrals.errors import ArtifactIntegrityError, SchemeMismatchError
from referrals.labels import LabelScheme


@pytest.fixture
def saved(bundle: TriageBundle, tmp_path: Path) -> Path:
    """The session bundle saved to a fresh directory."""
    return bundle.save(tmp_path / "bundle")


def test_suggest_returns_calibrated_concerns_evidence_and_need_level(
    bundle: TriageBundle, scheme: LabelScheme
) -> None:
    text = "[PERSON_1] has bruising on the upper arm. The family are homeless."
    [suggestion] = bundle.suggest([text])
    assert isinstance(suggestion, Suggestion)
    assert [c.id for c in suggestion.concerns] == scheme.concern_ids
    assert suggestion.scheme_version == scheme.version
    by_id = {c.id: c for c in suggestion.concerns}
    assert by_id["physical_abuse"].suggested
    for concern in suggestion.concerns:
        assert 0.0 <= concern.probability <= 1.0
        assert bool(concern.evidence) <= concern.suggested
        for span in concern.evidence:
            assert text[span.start : span.end] == span.text
    level = suggestion.need_level
    assert list(level.probabilities) == scheme.need_level_ids
    assert sum(level.probabilities.values()) == pytest.approx(1.0)
    assert scheme.rank_of(level.range_low) <= scheme.rank_of(level.range_high)


def test_shared_vectoriser_gives_same_output_as_separate_passes(
    bundle: TriageBundle, test_data: Dataset
) -> None:
    texts = test_data.texts[:50]
    frame = bundle.predict_frame(texts)
    np.testing.assert_allclose(
        frame[[f"p_{c}" for c in bundle.concern_ids]].to_numpy(),
        bundle.concern_model.predict_proba(texts),
    )
    np.testing.assert_allclose(
        frame[[f"p_need_{n}" for n in bundle.need_level_ids]].to_numpy(),
        bundle.need_model.predict_proba(texts),
    )


def test_save_then_load_round_trip_gives_identical_suggestions(
    bundle: TriageBundle, saved: Path, scheme: LabelScheme, test_data: Dataset
) -> None:
    manifest = json.loads((saved / MANIFEST_FILE).read_text())
    assert set(manifest["files"]) == {BUNDLE_FILE}
    assert manifest["training_data_fingerprint"] == bundle.training_data_fingerprint
    reloaded = TriageBundle.load(saved, expected_scheme=scheme)
    texts = test_data.texts[:30]
    assert reloaded.suggest(texts) == bundle.suggest(texts)


def test_when_bundle_file_is_modified_then_load_refuses(saved: Path) -> None:
    path = saved / BUNDLE_FILE
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ArtifactIntegrityError, match="SHA-256 does not match the manifest"):
        TriageBundle.load(saved)


def test_when_bundle_file_is_truncated_then_load_refuses(saved: Path) -> None:
    path = saved / BUNDLE_FILE
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(ArtifactIntegrityError, match="truncated"):
        TriageBundle.load(saved)


def test_when_bundle_file_is_missing_then_load_refuses(saved: Path) -> None:
    (saved / BUNDLE_FILE).unlink()
    with pytest.raises(ArtifactIntegrityError, match="listed in the manifest but missing"):
        TriageBundle.load(saved)


def test_when_manifest_is_missing_or_broken_then_load_refuses(saved: Path) -> None:
    (saved / MANIFEST_FILE).write_text("{not json")
    with pytest.raises(ArtifactIntegrityError, match="manifest is not valid"):
        TriageBundle.load(saved)
    (saved / MANIFEST_FILE).unlink()
    with pytest.raises(ArtifactIntegrityError, match="refusing to load an unverified model"):
        TriageBundle.load(saved)


def test_when_scheme_differs_then_load_refuses(saved: Path, scheme: LabelScheme) -> None:
    other = dataclasses.replace(scheme, version="99", fingerprint="f" * 16)
    with pytest.raises(SchemeMismatchError, match="label scheme version 1 .* version 99"):
        TriageBundle.load(saved, expected_scheme=other)


def test_pyfunc_logged_to_sqlite_store_loads_back_and_predicts_identically(
    bundle: TriageBundle, tmp_path: Path, test_data: Dataset
) -> None:
    mlflow = pytest.importorskip("mlflow")
    mlflow.set_tracking_uri(f"sqlite:///{tmp_path / 'mlflow.db'}")
    # Artifacts under tmp_path too: a new experiment's default location is ./mlruns in the
    # working directory, which would leave a logged model inside the checkout.
    experiment = mlflow.create_experiment("models-test", artifact_location=(tmp_path / "artifacts").as_uri())
    mlflow.set_experiment(experiment_id=experiment)
    try:
        with mlflow.start_run():
            info = log_bundle(bundle, name="model")
        loaded = mlflow.pyfunc.load_model(info.model_uri)
        frame = pd.DataFrame({"text": test_data.texts[:20]})
        predicted = loaded.predict(frame)
    finally:
        mlflow.set_tracking_uri(None)
    pd.testing.assert_frame_equal(
        predicted.reset_index(drop=True), bundle.predict_frame(frame["text"].tolist())
    )
    assert info.signature is not None
    assert "text" in info.signature.inputs.input_names()
