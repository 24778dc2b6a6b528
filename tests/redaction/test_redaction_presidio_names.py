"""Our recognizer classes cannot shadow presidio's (issue 11).

presidio's registry loader finds its predefined recognizers by class name among all
subclasses; a class of ours named ``DateRecognizer`` made it build ours with presidio's
arguments (``TypeError: ... unexpected keyword argument 'name'``).
"""

from __future__ import annotations

import inspect

import presidio_analyzer.predefined_recognizers as predefined
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry

import referrals.redaction.recognizers as ours
from referrals.redaction import Redactor
from referrals.redaction.config import RENAMED_RECOGNIZERS, load_config
from referrals.redaction.nlp import OfflineSpacyNlpEngine


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_no_class_of_ours_shares_a_name_with_presidio() -> None:
    presidio_names = {name for name, obj in inspect.getmembers(predefined, inspect.isclass)}
    our_classes = {cls for cls in _subclasses(EntityRecognizer)
                   if cls.__module__.startswith("referrals.")}
    assert len(our_classes) >= len(ours.RECOGNIZER_CLASSES)
    assert not {cls.__name__ for cls in our_classes} & presidio_names
    assert all(name.startswith("Triage") for name in ours.RECOGNIZER_CLASSES)


def test_when_ours_imported_then_presidio_default_registry_and_analyzer_build(
    redactor: Redactor,
) -> None:
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(languages=["en"])
    names = {type(r).__name__ for r in registry.recognizers}
    assert "DateRecognizer" in names and "EmailRecognizer" in names
    assert not any(type(r).__module__.startswith("referrals.") for r in registry.recognizers)
    engine = AnalyzerEngine(
        registry=registry, nlp_engine=OfflineSpacyNlpEngine(redactor.nlp, "en"),
        supported_languages=["en"],
    )
    found = engine.analyze("Seen on 12/03/2024, call 212-555-0147.", language="en")
    assert {r.entity_type for r in found} >= {"DATE_TIME"}


def test_old_recognizer_names_in_a_config_mean_the_renamed_classes() -> None:
    assert RENAMED_RECOGNIZERS["DateRecognizer"] == "TriageDateRecognizer"
    assert set(load_config().recognizers) <= set(ours.RECOGNIZER_CLASSES)
