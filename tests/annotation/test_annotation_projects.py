"""Annotation projects in the database, on SQLite and on PostgreSQL (a private schema, dropped after).

Import redacts on the way in (a planted canary name reaches no row), assignment honours the
overlap share, answers read back feed the agreement figures with the right numbers, a corrupt
file imports nothing, and importing the same file twice does not duplicate items.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import MetaData, func, inspect, select

from annotation.agreement import AgreementSettings, agreement_report
from annotation.answers import Adjudication, Answer, LabelSet, read_records
from annotation.projects import (
    adjudications_of,
    answers_of,
    assignments_of,
    import_referrals,
    record_adjudication,
    record_answer,
)
from referrals.errors import TriageError
from referrals.labels import LabelScheme
from referrals.redaction.engine import Redactor, build_redactor
from referrals.settings import Settings
from storage import Database, open_database
from storage.tables import AnnotationAssignment, AnnotationItem, AnnotationProject
from triage.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "serving"))
from serving_testkit import database_of_kind

CANARY = "Zebediah Quarrington"
CANARY_ID = "syn-3-0000005"


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    """The shared engine, built once (loading spaCy takes seconds)."""
    return build_redactor()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``triage generate --n 30 --seed 3`` with the canary planted in one text and its form fields."""
    directory = tmp_path_factory.mktemp("generated")
    raw = directory / "raw.jsonl"
    assert main(["generate", "--n", "30", "--seed", "3", "--out", str(raw), "--quiet"]) == 0
    records = [json.loads(line) for line in raw.read_text().splitlines()]
    planted = next(r for r in records if r["id"] == CANARY_ID)
    planted["text"] = f"{CANARY} phoned to say the children were left alone overnight. " + planted["text"]
    planted["known_identifiers"] = [CANARY]
    path = directory / "referrals.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path,
             monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """An empty database of each kind; the CLI is pointed at the same one through the environment."""
    with database_of_kind(request.param, tmp_path) as url:
        monkeypatch.setenv("TRIAGE_HOME", str(tmp_path))
        monkeypatch.setenv("TRIAGE_DATABASE_URL", url)
        opened = open_database(Settings(home=tmp_path, database_url=url))
        yield opened
        opened.dispose()


def all_rows(database: Database) -> str:
    """Every row of every table, as text."""
    metadata = MetaData()
    metadata.reflect(database.engine)
    with database.engine.connect() as connection:
        return "\n".join(repr(tuple(row)) for table in metadata.sorted_tables
                         for row in connection.execute(select(table)))


def count(database: Database, table: type) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_import_redacts_every_text_and_no_row_holds_the_canary(
    database: Database, generated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["annotate", "import", str(generated), "--project", "council", "--annotators", "ana,ben,cy",
                 "--overlap", "0.2"]) == 0
    assert "project council (created): 30 item(s) added, 0 already there" in capsys.readouterr().out
    dumped = all_rows(database)
    assert CANARY not in dumped and "Quarrington" not in dumped and "Zebediah" not in dumped
    with database.session() as session:
        planted = session.scalar(select(AnnotationItem).where(AnnotationItem.item_id == CANARY_ID))
        assert planted is not None and planted.redacted_text.startswith("[PERSON_1] phoned")
        assert any(span["type"] == "PERSON" for span in planted.redactions)
    gold_free = {c["name"] for c in inspect(database.engine).get_columns("annotation_items")}
    assert not gold_free & {"concerns", "need_level", "pii", "known_identifiers", "text"}


def test_overlap_share_is_honoured(database: Database, generated: Path, redactor: Redactor) -> None:
    with database.session() as session:
        result = import_referrals(session, generated, "p", redactor, ["ana", "ben", "cy"], 0.2, seed=1)
    assert (result.added, result.overlap_items, result.assignments) == (30, 6, 36)
    with database.session() as session:
        per_item: dict[int, set[str]] = {}
        for assignment in assignments_of(session, "p"):
            per_item.setdefault(assignment.item_pk, set()).add(assignment.annotator)
    sizes = sorted(len(names) for names in per_item.values())
    assert sizes == [1] * 24 + [2] * 6
    loads = [sum(name in names for names in per_item.values()) for name in ("ana", "ben", "cy")]
    assert loads == [12, 12, 12]


def test_reimport_adds_only_new_items(database: Database, generated: Path, redactor: Redactor,
                                      tmp_path: Path) -> None:
    for _ in range(2):
        with database.session() as session:
            last = import_referrals(session, generated, "p", redactor, ["ana", "ben"], 0.2)
    assert (last.created, last.added, last.already_there, last.assignments) == (False, 0, 30, 0)
    bigger = tmp_path / "bigger.jsonl"
    extra = {"id": "new-1", "text": "The school is worried about bruising on the child's arm."}
    bigger.write_text(generated.read_text() + json.dumps(extra) + "\n")
    with database.session() as session:
        grown = import_referrals(session, bigger, "p", redactor, ["ana", "ben"], 0.2)
    assert (grown.added, grown.already_there) == (1, 30)
    assert count(database, AnnotationItem) == 31
    assert count(database, AnnotationAssignment) == 36 + 1
    assert count(database, AnnotationProject) == 1


def test_corrupt_file_gives_one_line_with_its_line_number_and_imports_nothing(
    database: Database, generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corrupt = tmp_path / "corrupt.jsonl"
    lines = generated.read_text().splitlines()
    lines[3] = json.dumps({**json.loads(lines[3]), "need_level": "urgent"})
    corrupt.write_text("\n".join(lines) + "\n")
    assert main(["annotate", "import", str(corrupt), "--project", "p", "--annotators", "ana,ben"]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 1 and f"{corrupt}:4: need_level" in errors[0] and "nothing imported" in errors[0]
    assert count(database, AnnotationProject) == count(database, AnnotationItem) == 0


def test_a_failure_after_the_first_write_rolls_everything_back(
    database: Database, generated: Path, redactor: Redactor
) -> None:
    with pytest.raises(ValueError, match="overlap items need 2 annotators"), database.session() as session:
        import_referrals(session, generated, "p", redactor, ["ana"], 0.5)
    assert count(database, AnnotationProject) == count(database, AnnotationItem) == 0


def _hand_made_answers(scheme: LabelScheme, ids: list[str]) -> list[Answer]:
    """ana [L0 L1 L0 L1], ben [L0 L1 L0 L0]: need-level kappa 0.5; concern c0 agreed (kappa 1)."""
    low, high = scheme.need_level_ids[0], scheme.need_level_ids[1]
    c0 = scheme.concern_ids[0]
    ana = [(low, [c0]), (high, []), (low, [c0]), (high, [])]
    ben = [(low, [c0]), (high, []), (low, [c0]), (low, [])]
    answers = []
    for item, (level, concerns) in zip(ids, ana):
        shown = LabelSet(concerns=concerns, need_level=level)
        answers.append(Answer(item_id=item, annotator="ana", concerns=concerns, need_level=level,
                              mode="suggestion_first", suggestion=shown, seconds=30.0))
    answers += [Answer(item_id=item, annotator="ben", concerns=c, need_level=level, seconds=12.5)
                for item, (level, c) in zip(ids, ben)]
    return answers


def test_answers_read_back_feed_agreement_with_the_right_numbers(
    database: Database, generated: Path, redactor: Redactor, scheme: LabelScheme, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    small = tmp_path / "four.jsonl"
    small.write_text("".join(generated.read_text().splitlines(keepends=True)[:4]))
    ids = [json.loads(line)["id"] for line in small.read_text().splitlines()]
    with database.session() as session:
        import_referrals(session, small, "p", redactor, ["ana", "ben"], 1.0, scheme=scheme, guideline_version="v2")
        for answer in _hand_made_answers(scheme, ids):
            record_answer(session, "p", answer, scheme)
        with pytest.raises(TriageError, match="not assigned to 'cy'"):
            record_answer(session, "p", Answer(item_id=ids[0], annotator="cy", need_level="x"))
    with database.session() as session:
        stored = answers_of(session, "p")
    assert len(stored) == 8 and {a.guideline_version for a in stored} == {"v2"}
    assert {a.seconds for a in stored} == {30.0, 12.5}
    report = agreement_report(stored, scheme, AgreementSettings(samples=50))
    assert report.n_items_overlap == 4
    assert report.need_level.pairs[0].kappa.value == pytest.approx(0.5)
    c0 = next(q for q in report.concerns if q.question == scheme.concern_ids[0])
    assert c0.pairs[0].kappa.value == pytest.approx(1.0)
    assert report.need_level.versus_model[0].kappa.value == pytest.approx(1.0)

    out = tmp_path / "answers.jsonl"
    assert main(["annotate", "answers", "--project", "p", "--out", str(out)]) == 0
    assert read_records(out, Answer, scheme) == stored
    assert main(["annotate", "agreement", "--project", "p"]) == 0
    assert "4 item(s), 2 annotator(s), 4 item(s) with two or more answers" in capsys.readouterr().out


def test_adjudication_reason_is_redacted_and_reads_back(
    database: Database, generated: Path, redactor: Redactor, scheme: LabelScheme
) -> None:
    with database.session() as session:
        import_referrals(session, generated, "p", redactor, ["ana", "ben"], 0.2)
        record_adjudication(session, "p", Adjudication(
            item_id=CANARY_ID, adjudicator="dee", need_level=scheme.need_level_ids[1],
            reason=f"Spoke to {CANARY}; guideline 4.2 applies."), redactor, scheme)
    with database.session() as session:
        settled = adjudications_of(session, "p")
    assert [a.item_id for a in settled] == [CANARY_ID] and settled[0].adjudicator == "dee"
    assert CANARY not in settled[0].reason and "[PERSON_1]" in settled[0].reason
    assert CANARY not in all_rows(database)


def test_label_issues_send_likely_wrong_labels_back_to_the_queue(
    database: Database, redactor: Redactor, scheme: LabelScheme, tmp_path: Path
) -> None:
    from annotation.projects import task_for
    from annotation.work_queue import pending_items
    from referrals.contract import write_referrals
    from referrals.synthetic import generate_referrals

    truth = list(generate_referrals(60, seed=21))
    source = tmp_path / "pool.jsonl"
    write_referrals(source, truth)
    levels = scheme.need_level_ids
    flipped = {r.id for r in truth[:6]}
    with database.session() as session:
        import_referrals(session, source, "p", redactor, ["ana"], 0.0)
        for referral in truth:
            level = referral.need_level if referral.id not in flipped else \
                levels[(levels.index(referral.need_level) + 2) % len(levels)]
            record_answer(session, "p", Answer(item_id=referral.id, annotator="ana",
                                               concerns=referral.concerns, need_level=level), scheme)
        project_id = session.scalar(select(AnnotationProject.id))
        assert pending_items(session, project_id, "ana") == []
    ranking = tmp_path / "issues.jsonl"
    assert main(["annotate", "label-issues", "--project", "p", "--requeue", "--out", str(ranking)]) == 0
    flagged = {row["item_id"] for row in map(json.loads, ranking.read_text().splitlines()) if row["flagged"]}
    assert flagged & flipped, "some deliberately wrong labels are flagged"
    with database.session() as session:
        assert set(pending_items(session, project_id, "ana")) == flagged
        again = min(flagged)
        task = task_for(session, "p", again, "ana")
        assert task.sent_back and task.answer is None, "the old answer no longer counts"
        record_answer(session, "p", Answer(item_id=again, annotator="ana", concerns=[], need_level=levels[0]), scheme)
    with database.session() as session:
        assert again not in pending_items(session, project_id, "ana")
        assert len(answers_of(session, "p")) == 60, "the history stays: one answer per person and item"


def test_requeue_needs_a_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text('{"id": "a", "text": "x"}\n')
    assert main(["annotate", "label-issues", str(data), "--requeue", "--out", str(tmp_path / "o.jsonl")]) == 2
    assert "give --project NAME" in capsys.readouterr().err
