"""Storage on SQLite and PostgreSQL: migrations, hashed keys, reviews as contract records."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from referrals.errors import TriageError
from referrals.settings import Settings
from storage import Review, Role, SuggestionRecord, User, open_database
from storage.database import database_url as configured_url
from storage.migrate import head_revision, upgrade_to_head
from storage.reviews import reviewed_referrals
from storage.tables import ReviewOutcome, utc_now
from storage.users import add_user, hash_key, user_for_key


def test_migrations_form_one_linear_chain() -> None:
    assert head_revision() == "0003"


def test_upgrade_creates_tables_and_is_idempotent(database_url: str, tmp_path: Path) -> None:
    database = open_database(Settings(home=tmp_path, database_url=database_url))
    upgrade_to_head(database.engine)
    tables = set(inspect(database.engine).get_table_names())
    assert {"users", "suggestions", "reviews", "alembic_version", "annotation_projects", "annotation_items",
            "annotation_assignments", "annotation_answers", "annotation_adjudications"} <= tables
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0003"
    database.dispose()


def test_default_database_is_sqlite_in_wal_mode_under_home(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    assert configured_url(settings) == f"sqlite:///{tmp_path / 'triage.db'}"
    database = open_database(settings)
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    database.dispose()


def test_keys_are_stored_only_as_hashes(database_url: str, tmp_path: Path) -> None:
    database = open_database(Settings(home=tmp_path, database_url=database_url))
    with database.session() as session:
        key = add_user(session, "sam", Role.SCREENER)[1]
    with database.engine.connect() as connection:
        rows = " ".join(str(row) for row in connection.execute(text("SELECT * FROM users")))
    assert key not in rows and hash_key(key) in rows
    with database.session() as session:
        assert user_for_key(session, key).name == "sam"  # type: ignore[union-attr]
        assert user_for_key(session, key + "x") is None
        with pytest.raises(TriageError, match="user 'sam' exists"):
            add_user(session, "sam", Role.ADMIN)
    with database.session() as session:
        _, new_key = add_user(session, "sam", Role.ADMIN, replace=True)
    with database.session() as session:
        assert user_for_key(session, key) is None, "the old key stops working"
        assert user_for_key(session, new_key).role is Role.ADMIN  # type: ignore[union-attr]
    database.dispose()


def test_newest_review_wins_in_the_export(database_url: str, tmp_path: Path) -> None:
    database = open_database(Settings(home=tmp_path, database_url=database_url))
    with database.session() as session:
        user, _ = add_user(session, "sam", Role.SCREENER)
        session.add(SuggestionRecord(
            id="s1", requested_by=user.id, redacted_text="Mum [PERSON_1] was drunk.",
            redactions=[{"start": 4, "end": 14, "type": "PERSON", "score": 0.9}],
            suggestion={"need_level": {"id": "early_help"}, "concerns": []}, referral_metadata={"authority": "LA07"},
            model_name="referral-triage", model_version="3", model_alias="champion"))
        session.flush()
        for level in ("early_help", "child_in_need"):
            session.add(Review(suggestion_id="s1", reviewer_id=user.id, decisions={"neglect": "add"},
                               concerns=["neglect"], need_level=level, outcome=ReviewOutcome.CORRECTED,
                               model_version="3", shown_at=utc_now(), decided_at=utc_now()))
            session.flush()
    with database.session() as session:
        exported = reviewed_referrals(session)
        assert session.scalar(select(User.name)) == "sam"
    assert len(exported) == 1
    assert exported[0].referral.need_level == "child_in_need"
    assert exported[0].referral.authority == "LA07"
    assert exported[0].provenance["model_version"] == "3"
    database.dispose()
