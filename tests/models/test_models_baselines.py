"""The keyword baseline and the spaCy textcat family: same interface, sane behaviour."""

from __future__ import annotations

import joblib
import numpy as np
from models_testdata import Dataset
from sklearn.metrics import f1_score

from models.keywords import KeywordBaseline, KeywordNeedLevel
from models.spacy_textcat import SpacyTextcat
from referrals.labels import LabelScheme


def test_keyword_baseline_flags_keywords_without_negation_handling(scheme: LabelScheme) -> None:
    model = KeywordBaseline(concern_ids=scheme.concern_ids).fit(
        ["x"], np.zeros((1, len(scheme.concern_ids)))
    )
    flags = model.predict(["No bruising was seen.", "The family are settled."])
    j = scheme.concern_ids.index("physical_abuse")
    assert flags[0, j] == 1, "a naive rule is fooled by negation"
    assert flags[1].sum() == 0
    assert model.predict_proba(["bruising"]).shape == (1, len(scheme.concern_ids))


def test_keyword_need_rule_puts_severe_concerns_at_the_top_level(scheme: LabelScheme) -> None:
    model = KeywordNeedLevel(concern_ids=scheme.concern_ids).fit(["x"], [0])
    ranks = model.predict(["Child has bruising.", "Family homeless.", "All well."])
    np.testing.assert_array_equal(ranks, [3, 1, 0])
    np.testing.assert_allclose(model.predict_proba(["All well."]).sum(axis=1), 1.0)


def test_spacy_textcat_learns_round_trips_and_is_deterministic(
    train_data: Dataset, test_data: Dataset, tmp_path  # type: ignore[no-untyped-def]
) -> None:
    texts, Y = train_data.texts[:300], train_data.Y[:300]
    model = SpacyTextcat(n_epochs=5, random_state=5).fit(texts, Y)
    probability = model.predict_proba(test_data.texts[:100])
    assert probability.shape == (100, Y.shape[1])
    assert ((probability >= 0) & (probability <= 1)).all()
    assert f1_score(test_data.Y[:100], model.predict(test_data.texts[:100]), average="micro") > 0.5
    joblib.dump(model, tmp_path / "textcat.joblib")
    reloaded = joblib.load(tmp_path / "textcat.joblib")
    np.testing.assert_array_equal(reloaded.predict_proba(test_data.texts[:100]), probability)
    again = SpacyTextcat(n_epochs=5, random_state=5).fit(texts, Y)
    np.testing.assert_array_equal(again.predict_proba(test_data.texts[:100]), probability)
