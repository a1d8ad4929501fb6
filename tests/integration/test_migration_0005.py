"""Migration 0005 on a database whose trail still holds the bare marker for password hashes: the rows written
stay as they were (hashes intact), each user gets one digest row, and from then on a replaced hash is named."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import AuditLog, User
from app.models.migrate import current_revision, head_revision, upgrade
from app.services import audit, users
from app.services.audit import REDACTED, redacted_digest, verify_chain
from app.services.database import check_report, open_database

from ._later import add_later_columns, drop_later_columns
from ._tamper import attacker

PASSWORD = "correct horse"


def test_an_old_database_upgrades_with_its_trail_intact_and_its_hashes_covered(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = open_database(database_url, migrate=False)
    with old.engine.begin() as connection:
        upgrade(connection, "0004")
        add_later_columns(connection, ("users",))  # today's models write them while the old rows are written
    with monkeypatch.context() as before_0005:  # what DoseDesk wrote before this change
        before_0005.setattr(audit, "redacted_digest", lambda _value: REDACTED)
        admin = users.create_user(old.uow(), "admin", "Li Na", PASSWORD, ["admin"])
        nurse = users.create_user(old.uow(admin), "chen", "Chen Jing", PASSWORD, ["coordinator"])
        users.reset_password(old.uow(admin, "forgot it"), nurse.id, "temporary pass")
    with old.read_session_factory() as session:
        written = [
            (row.id, row.row_hash)
            for row in session.execute(select(AuditLog).order_by(AuditLog.id)).scalars()
        ]
        assert any(row.new_value == REDACTED for row in session.execute(select(AuditLog)).scalars())
    with old.engine.begin() as connection:
        drop_later_columns(connection, ("users",))
    old.dispose()

    database = open_database(database_url)  # upgrades through 0005 to the newest schema
    try:
        with database.read_session_factory() as session:
            assert current_revision(session.connection()) == head_revision()
            rows = list(session.execute(select(AuditLog).order_by(AuditLog.id)).scalars())
            assert [(row.id, row.row_hash) for row in rows[: len(written)]] == written
            added = [row for row in rows[len(written) :] if row.user_name == "DoseDesk (schema upgrade 0005)"]
            hashes = {user.id: user.password_hash for user in session.execute(select(User)).scalars()}
            assert [
                (row.user_name, row.record_id, row.field, row.old_value, row.new_value) for row in added
            ] == [
                (
                    "DoseDesk (schema upgrade 0005)",
                    str(user_id),
                    "password_hash",
                    REDACTED,
                    redacted_digest(value),
                )
                for user_id, value in sorted(hashes.items())
            ]
            assert verify_chain(session) == []
        report = check_report(database)
        assert report.problems == [] and report.notes == []

        with attacker(database) as sql:
            sql("UPDATE users SET password_hash = 'replaced' WHERE id = :id", {"id": nurse.id})
        assert check_report(database).problems == [
            f"User {nurse.id}: its password_hash does not match the digest its audit trail records: it was "
            "replaced outside DoseDesk."
        ]
    finally:
        database.dispose()
