"""Export: which label wins, provenance per record, and training accepts the files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from annotation.answers import Adjudication, Answer
from annotation.config import load_annotation_config
from annotation.export import resolve_labels, write_export
from referrals.contract import Referral, read_referrals


def _items(n: int) -> list[Referral]:
    return [Referral(id=f"r{i}", text=f"Referral {i}: school reports [PERSON_1] arrives hungry and unkempt.",
                     writer="w1") for i in range(n)]


def _answer(item: str, who: str, concerns: list[str], level: str, **extra: object) -> Answer:
    return Answer(item_id=item, annotator=who, concerns=concerns, need_level=level, **extra)  # type: ignore[arg-type]


@pytest.fixture
def labels(scheme):  # type: ignore[no-untyped-def]
    return scheme.concern_ids, scheme.need_level_ids


def test_each_rule_decides_the_items_it_should(labels) -> None:  # type: ignore[no-untyped-def]
    concerns, levels = labels
    answers = [
        _answer("r0", "ana", [concerns[0]], levels[1]), _answer("r0", "ben", [concerns[0]], levels[1]),
        _answer("r1", "ana", [concerns[0]], levels[1]), _answer("r1", "ben", [concerns[1]], levels[2]),
        _answer("r2", "ana", [concerns[0]], levels[1]), _answer("r2", "ben", [concerns[1]], levels[1]),
        Answer(item_id="r3", annotator="ana", flags=["not_enough_information"]),
        _answer("r4", "screener", [concerns[2]], levels[3], source="review"),
        _answer("r0", "screener", [concerns[2]], levels[3], source="review"),
    ]
    settled = [Adjudication(item_id="r2", adjudicator="lead", concerns=[concerns[1]], need_level=levels[1],
                            reason="guideline 4.2: hunger alone is not neglect")]
    result = resolve_labels(_items(6), answers, settled, min_agreement=1.0, project="p1")
    by_id = {r.id: r for r in result.annotation + result.review}
    assert by_id["r0"].provenance.kind == "annotation" and by_id["r0"].provenance.agreement == 1.0  # type: ignore[union-attr]
    assert by_id["r2"].provenance.kind == "adjudication" and by_id["r2"].provenance.agreement == 0.5  # type: ignore[union-attr]
    assert by_id["r2"].provenance.adjudicator == "lead" and by_id["r2"].concerns == [concerns[1]]  # type: ignore[union-attr]
    assert by_id["r4"].provenance.kind == "review" and by_id["r4"].need_level == levels[3]  # type: ignore[union-attr]
    assert (result.unresolved, result.not_enough_information, result.unanswered) == (["r1"], ["r3"], ["r5"])
    assert result.review_superseded == ["r0"] and by_id["r0"].need_level == levels[1]


def test_majority_exports_only_at_the_configured_agreement(labels) -> None:  # type: ignore[no-untyped-def]
    concerns, levels = labels
    answers = [_answer("r0", who, [concerns[0]], levels[0]) for who in ("a", "b")] + \
        [_answer("r0", "c", [], levels[0])]
    assert resolve_labels(_items(1), answers, [], min_agreement=1.0).unresolved == ["r0"]
    exported = resolve_labels(_items(1), answers, [], min_agreement=0.6).annotation
    assert exported[0].provenance.agreement == pytest.approx(2 / 3)  # type: ignore[union-attr]


def test_answers_for_unknown_items_are_refused(labels) -> None:  # type: ignore[no-untyped-def]
    _, levels = labels
    with pytest.raises(ValueError, match="not in the items file"):
        resolve_labels(_items(1), [_answer("zz", "a", [], levels[0])], [])


def test_training_accepts_the_exported_files_with_their_weights(tmp_path: Path, scheme, labels,  # type: ignore[no-untyped-def]
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from referrals.settings import Settings
    from training.config import load_config
    from training.train import load_sources

    monkeypatch.setenv("TRIAGE_HOME", str(tmp_path / "home"))
    concerns, levels = labels
    answers = [_answer(f"r{i}", "ana", [concerns[i % 3]], levels[i % 4]) for i in range(50)] + \
        [_answer(f"r{i}", "screener", [concerns[1]], levels[2], source="review") for i in range(50, 90)]
    result = resolve_labels(_items(90), answers, [])
    config = load_annotation_config().export
    base = tmp_path / "base.yaml"
    base.write_text(yaml.safe_dump(load_config()))
    written = write_export(result, tmp_path / "out", config, base)
    records = read_referrals(written["annotation"], scheme).referrals
    assert len(records) == 50 and all(r.provenance is not None for r in records)
    training_config = yaml.safe_load(written["training_config"].read_text())
    data, _ = load_sources([("annotation", written["annotation"]), ("review", written["review"])],
                           training_config, scheme, Settings())
    weights = dict(zip(data.sources or [], data.weights if data.weights is not None else []))
    assert weights == {"annotation": config.sources["annotation"].weight, "review": config.sources["review"].weight}
    assert len(data) == 90
