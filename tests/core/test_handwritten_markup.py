"""Writers' marked-up referral files become contract records with exact gold spans."""

from __future__ import annotations

from pathlib import Path

from referrals.contract import read_referrals
from referrals.handwritten import (
    main,
    mark_repeats,
    nhs_with_check_digit,
    parse_file,
    strip_marks,
    unmarked_repeats,
)
from referrals.labels import LabelScheme

BLOCK = """id: hw99-001
source: police
need_level: early_help
concerns: domestic_abuse, parental_substance_misuse
age_band: 5-9
gender: female
ethnicity: White
disability: no
authority: Northmere County Council
hard: minimising, negation
why: first standard-risk incident
---
PPN: [[PERSON|polish:Kasia Nowak]] and partner at [[ADDRESS:14 Holt Road, Pelsall]] [[UK_POSTCODE:WS3 4QT]].
NHS [[UK_NHS:485 777 3456]]. Kasia says "just words".
=====
id: hw99-002
source: parent
need_level: information_advice
concerns: none
age_band: 10-15
gender: male
ethnicity: Asian
disability: no
authority: Northmere County Council
hard: none
---
can u help with uniform
"""


def test_marks_become_exact_spans() -> None:
    text, spans, problems = strip_marks("Mum [[PERSON|irish:Siobhan]] on [[PHONE_NUMBER:07700 900123]].")
    assert problems == []
    assert text == "Mum Siobhan on 07700 900123."
    assert [text[s["start"]:s["end"]] for s in spans] == ["Siobhan", "07700 900123"]
    assert spans[0]["origin"] == "irish" and "origin" not in spans[1]


def test_nhs_numbers_get_a_valid_check_digit() -> None:
    text, _spans, _ = strip_marks("[[UK_NHS:485 777 3456]]")
    digits = text.replace(" ", "")
    assert nhs_with_check_digit(digits) == digits


def test_file_parses_into_valid_contract_records(tmp_path: Path, scheme: LabelScheme) -> None:
    source = tmp_path / "hw99.txt"
    source.write_text(BLOCK, encoding="utf-8")
    report = parse_file(source)
    assert report.problems == []
    assert [r.hard for r in report.referrals] == [["minimising", "negation"], []]
    out = tmp_path / "built.jsonl"
    assert main(["build", str(source), "--out", str(out)]) == 0
    referrals = read_referrals(out, scheme).referrals
    assert referrals[0].writer == "hw99"
    assert referrals[0].concerns == ["domestic_abuse", "parental_substance_misuse"]
    assert referrals[1].concerns == []
    first = referrals[0]
    assert {first.text[s.start:s.end] for s in first.pii or []} >= {"Kasia Nowak", "WS3 4QT"}


def test_problems_are_named_and_nothing_is_written(tmp_path: Path) -> None:
    source = tmp_path / "hw98.txt"
    source.write_text(BLOCK.replace("concerns: none", "concerns: nagging")
                      .replace("[[PERSON|polish:", "[[PERSON|martian:"), encoding="utf-8")
    out = tmp_path / "built.jsonl"
    assert main(["build", str(source), "--out", str(out)]) == 2
    assert not out.exists()
    problems = parse_file(source).problems
    assert any("unknown concern 'nagging'" in p for p in problems)
    assert any("PERSON needs an origin" in p for p in problems)


def test_unmarked_repeats_of_a_gold_name_are_found_and_marked() -> None:
    marked = (
        "my mums boyfriend [[PERSON|english:Dean Rowley]] comes in. I hope Dean is gone. "
        "Ask [[PERSON|caribbean:Hope Allen]]. Dean Rowley said no. DEAN shouted. "
        "Uncle [[PERSON|english:Uncle Mick]] and Mr and Mrs [[PERSON|english:Mr and Mrs Hibbert]] "
        "came in the Van."
    )
    found = [(r.text, r.origin) for r in unmarked_repeats(marked)]
    # "hope" in lower case is a word, "Uncle", "and" and "Van" are not names on their own
    assert found == [("Dean", "english"), ("Dean Rowley", "english"), ("DEAN", "english")]
    text, spans, problems = strip_marks(mark_repeats(marked))
    assert not problems
    assert [text[s["start"]:s["end"]] for s in spans].count("Dean") == 1
    assert unmarked_repeats(mark_repeats(marked)) == []


def test_lower_case_repeats_count_when_the_word_is_no_english_word() -> None:
    marked = "his dad ([[PERSON|scottish:Gary Baird]]) drinks. gary is not bad. the van is red."
    assert [r.text for r in unmarked_repeats(marked)] == ["gary"]


def test_mark_repeats_command_rewrites_only_with_write(tmp_path: Path) -> None:
    path = tmp_path / "hw99.txt"
    block = (
        "id: hw99-001\nsource: parent\nneed_level: early_help\nconcerns: neglect\n"
        "age_band: 5-9\ngender: male\nethnicity: White\ndisability: no\n"
        "authority: Kelstone City Council\nhard: none\n---\n"
        "[[PERSON|english:Tyler]] is hungry. Tyler has no coat.\n"
    )
    path.write_text(block + "=====\n" + block.replace("hw99-001", "hw99-002"), encoding="utf-8")
    assert main(["mark-repeats", str(path)]) == 0
    assert path.read_text(encoding="utf-8").count("[[PERSON") == 2
    assert main(["mark-repeats", "--write", str(path)]) == 0
    rewritten = path.read_text(encoding="utf-8")
    assert rewritten.count("[[PERSON|english:Tyler]]") == 4
    assert "=====\n" in rewritten and len(parse_file(path).referrals) == 2
