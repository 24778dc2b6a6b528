"""Session fixtures: small redacted-looking data sets and models fitted on them once."""

from __future__ import annotations

import pytest
from models_testdata import FAST_FEATURES, Dataset, make_dataset

from models.bundle import TriageBundle, fit_models
from models.concerns import ConcernClassifier
from models.need_level import NeedLevelClassifier
from referrals.labelled import training_data_fingerprint
from referrals.labels import LabelScheme


@pytest.fixture(scope="session")
def train_data(scheme: LabelScheme) -> Dataset:
    """600 training referrals."""
    return make_dataset(scheme, 600, seed=1)


@pytest.fixture(scope="session")
def test_data(scheme: LabelScheme) -> Dataset:
    """600 held-out referrals from another seed."""
    return make_dataset(scheme, 600, seed=2)




@pytest.fixture(scope="session")
def concern_model(scheme: LabelScheme, train_data: Dataset) -> ConcernClassifier:
    """A ConcernClassifier with its own vectoriser, fitted on the training set."""
    return ConcernClassifier(concern_ids=scheme.concern_ids, **FAST_FEATURES).fit(
        train_data.texts, train_data.Y
    )


@pytest.fixture(scope="session")
def need_model(scheme: LabelScheme, train_data: Dataset) -> NeedLevelClassifier:
    """An ordinal NeedLevelClassifier fitted on the training set."""
    return NeedLevelClassifier(n_levels=len(scheme.need_levels), **FAST_FEATURES).fit(
        train_data.texts, train_data.y
    )


@pytest.fixture(scope="session")
def bundle(scheme: LabelScheme, train_data: Dataset) -> TriageBundle:
    """A bundle whose two models share one vectoriser."""
    concerns, need = fit_models(
        train_data.texts, train_data.Y, train_data.y, scheme=scheme, feature_params=FAST_FEATURES
    )
    return TriageBundle(
        concern_model=concerns,
        need_model=need,
        scheme=scheme,
        redaction_config_name="test-redaction",
        redaction_config_hash="0" * 64,
        training_data_fingerprint=training_data_fingerprint(
            train_data.texts, train_data.Y, train_data.y
        ),
        model_version="test-1",
    )
