"""Behaviour of a trained model (opt-in: ``pytest -m behaviour``), after Made-With-ML's tests/model.

Points at ``TRIAGE_BEHAVIOUR_MODEL`` (an MLflow model URI, default
``models:/referral-triage@candidate`` in the store ``TRIAGE_HOME`` names, e.g. after
``make run``). These are checks of what the model learned, not of the code, so they
are not part of the default suite: a model that fails them should not be promoted.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from referrals.contract import read_referrals
from referrals.labelled import to_labelled
from referrals.labels import LabelScheme
from referrals.settings import Settings
from scoring.metrics import concern_metrics
from tracking.registry import LoadedModel, load_model

pytestmark = pytest.mark.behaviour
INDEPENDENT = Path(__file__).resolve().parents[1] / "data" / "independent_referrals.jsonl"


@pytest.fixture(scope="module")
def model(scheme: LabelScheme) -> LoadedModel:
    uri = os.environ.get("TRIAGE_BEHAVIOUR_MODEL", "models:/referral-triage@candidate")
    return load_model(uri, scheme, Settings())


def _concern_probability(model: LoadedModel, scheme: LabelScheme, texts: list[str], concern: str) -> np.ndarray:
    return model.bundle.predict_arrays(texts).concern_prob[:, scheme.concern_ids.index(concern)]


def test_placeholder_numbering_does_not_change_suggestions(model: LoadedModel, scheme: LabelScheme) -> None:
    first = "[PERSON_1] told her teacher that [PERSON_2] hit her with a belt last night."
    second = "[PERSON_4] told her teacher that [PERSON_9] hit her with a belt last night."
    a, b = model.bundle.predict_arrays([first]), model.bundle.predict_arrays([second])
    assert np.allclose(a.concern_prob, b.concern_prob)
    assert np.allclose(a.need.probability, b.need.probability)


@pytest.mark.parametrize(
    ("base", "added", "concern"),
    [
        ("School report [PERSON_1] has been late several times this term.",
         " She has bruises on both upper arms in the shape of fingertips and says dad grabbed her.",
         "physical_abuse"),
        ("Health visitor saw mum [PERSON_1] and baby at home.",
         " Mum was slurring, there were empty vodka bottles by the cot and she admits drinking daily.",
         "parental_substance_misuse"),
        ("Police attended [ADDRESS] after a call from a neighbour.",
         " Partner strangled mother in front of the children and threatened to kill her. DASH high risk.",
         "domestic_abuse"),
    ],
)
def test_adding_a_concern_raises_its_probability(
    model: LoadedModel, scheme: LabelScheme, base: str, added: str, concern: str
) -> None:
    before, after = _concern_probability(model, scheme, [base, base + added], concern)
    assert after > before + 0.3


def test_adding_serious_harm_does_not_lower_the_need_level(model: LoadedModel, scheme: LabelScheme) -> None:
    base = "Mum [PERSON_1] is asking for help with [PERSON_2]'s behaviour at home and school."
    worse = base + " Today [PERSON_2] disclosed that stepdad touches her private parts at night."
    levels = model.bundle.predict_arrays([base, worse]).need.level
    assert levels[1] >= levels[0]
    assert scheme.need_level_ids[int(levels[1])] in ("child_in_need", "child_protection")


def test_negated_mention_is_not_suggested(model: LoadedModel, scheme: LabelScheme) -> None:
    text = ("GP letter: [PERSON_1] attends with her son for asthma review. No concerns about alcohol "
            "or drug use by either parent. Home conditions good.")
    assert _concern_probability(model, scheme, [text], "parental_substance_misuse")[0] < 0.5


def test_independent_hand_written_set_is_better_than_chance(model: LoadedModel, scheme: LabelScheme) -> None:
    data = to_labelled(read_referrals(INDEPENDENT, scheme).referrals, scheme)
    predictions = model.bundle.predict_arrays(data.texts)
    metrics = concern_metrics(y_true=data.concerns, y_pred=predictions.concern_suggested,
                              y_prob=predictions.concern_prob, concern_ids=scheme.concern_ids)
    assert metrics["micro_f1"] > 0.5
