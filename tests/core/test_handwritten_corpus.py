"""The committed hand-written corpus: in step with its writers' sources, writers kept apart,
and the shape its data card promises (sizes, need-level mix, concern counts, PII types)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from referrals.contract import read_referrals
from referrals.handwritten import PII_TYPES, main
from referrals.labels import LabelScheme

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "data" / "handwritten"
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def _writers(side: str) -> list[str]:
    match = re.search(rf"^{side}_WRITERS := (.+)$", MAKEFILE, re.MULTILINE)
    assert match, f"{side}_WRITERS missing from the Makefile"
    return match.group(1).split()


@pytest.mark.parametrize("side,name", [("TRAIN", "train"), ("TEST", "test")])
def test_built_files_match_their_sources(tmp_path: Path, side: str, name: str) -> None:
    out = tmp_path / f"{name}.jsonl"
    sources = [str(CORPUS / "raw" / f"{w}.txt") for w in _writers(side)]
    assert main(["build", *sources, "--adjudications", str(CORPUS / "adjudication.tsv"),
                 "--out", str(out)]) == 0
    assert out.read_bytes() == (CORPUS / f"{name}.jsonl").read_bytes(), "run `make handwritten`"


def test_no_writer_is_on_both_sides(scheme: LabelScheme) -> None:
    train = read_referrals(CORPUS / "train.jsonl", scheme).referrals
    test = read_referrals(CORPUS / "test.jsonl", scheme).referrals
    train_writers = {r.writer for r in train}
    test_writers = {r.writer for r in test}
    assert not train_writers & test_writers
    assert train_writers == set(_writers("TRAIN")) and test_writers == set(_writers("TEST"))
    assert len(train_writers | test_writers) >= 8
    assert len(train) >= 1500 and len(test) >= 300
    assert not {r.id for r in train} & {r.id for r in test}


@pytest.mark.parametrize("name,minimum", [("train", 60), ("test", 12)])
def test_every_concern_and_a_front_door_need_mix(scheme: LabelScheme, name: str, minimum: int) -> None:
    referrals = read_referrals(CORPUS / f"{name}.jsonl", scheme).referrals
    concerns = Counter(c for r in referrals for c in r.concerns or [])
    assert {c: concerns[c] for c in scheme.concern_ids if concerns[c] < minimum} == {}
    need = Counter(r.need_level for r in referrals)
    target = {"information_advice": 0.30, "early_help": 0.30, "child_in_need": 0.22,
              "child_protection": 0.18}
    for level, share in target.items():
        assert abs(need[level] / len(referrals) - share) < 0.05, (level, need[level])


def test_gold_spans_cover_every_type_and_name_origins(scheme: LabelScheme) -> None:
    referrals = read_referrals(CORPUS / "train.jsonl", scheme).referrals
    spans = [s for r in referrals for s in r.pii or []]
    types = Counter(s.type for s in spans)
    assert {t for t in PII_TYPES if t != "URL" and types[t] < 20} == set()
    origins = Counter(s.origin for s in spans if s.type == "PERSON")
    assert len(origins) >= 12 and None not in origins
    for referral in referrals[:200]:
        for span in referral.pii or []:
            assert referral.text[span.start:span.end].strip() == referral.text[span.start:span.end]


def test_every_settled_label_is_in_the_corpus_and_names_a_rule() -> None:
    ids = {json.loads(line)["id"] for name in ("train", "test")
           for line in (CORPUS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()}
    rules = set(re.findall(r"\*\*(S\d+)\.", (ROOT / "docs" / "labelling-guideline.md").read_text(encoding="utf-8")))
    rows = (CORPUS / "adjudication.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert rows
    for row in rows:
        rid, _field, _change, rule = row.split("\t")
        assert rid in ids
        assert rule in rules


@pytest.mark.parametrize("name,count", [("hwr1", 75), ("hwr2", 25), ("hwr3", 40), ("hwr4", 30), ("hwr5", 30), ("hwr6", 25), ("hwr7", 25), ("hwr8", 25), ("hwr9", 25),
                                        ("hwr10", 30), ("hwr11", 30), ("hwr12", 30), ("hwr13", 30), ("hwr14", 30), ("hwr15", 30),
                                        ("hwr16", 30), ("hwr17", 30), ("hwr18", 30), ("hwr19", 30),
                                        ("hwr20", 30), ("hwr21", 25), ("hwr22", 25), ("hwr23", 25),
                                        ("hwr24", 25), ("hwr25", 25), ("hwr26", 25), ("hwr27", 25),
                                        ("hwr28", 25), ("hwr29", 25), ("hwr30", 25), ("hwr31", 25), ("hwr32", 25),
                                        ("hwr33", 25), ("hwr34", 25), ("hwr35", 25), ("hwr36", 25),
                                        ("hwr37", 25), ("hwr38", 25), ("hwr39", 25), ("hwr40", 25),
                                        ("hwr41", 25), ("hwr42", 25), ("hwr43", 25), ("hwr44", 25),
                                        ("hwr45", 25), ("hwr46", 25), ("hwr47", 25), ("hwr48", 25),
                                        ("hwr49", 25), ("hwr50", 25), ("hwr51", 25), ("hwr52", 25),
                                        ("hwr53", 25), ("hwr54", 25), ("hwr55", 25), ("hwr56", 25),
                                        ("hwr57", 25), ("hwr58", 25), ("hwr59", 25), ("hwr60", 25),
                                        ("hwr61", 25)])
def test_redaction_dev_sets_build_and_stay_out_of_model_data(
    tmp_path: Path, scheme: LabelScheme, name: str, count: int
) -> None:
    out = tmp_path / f"{name}.jsonl"
    assert main(["build", str(CORPUS / "redaction_dev" / f"{name}.txt"), "--out", str(out)]) == 0
    referrals = read_referrals(out, scheme).referrals
    assert len(referrals) == count
    assert sum(1 for r in referrals for s in r.pii or [] if s.type == "PERSON") > count
    assert name not in _writers("TRAIN") + _writers("TEST")
    model_ids = {json.loads(line)["id"] for side in ("train", "test")
                 for line in (CORPUS / f"{side}.jsonl").read_text(encoding="utf-8").splitlines()}
    assert not model_ids & {r.id for r in referrals}
