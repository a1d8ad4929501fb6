"""Migration 0008 (screening evidence, eligibility decisions) on a database made at 0007: the trail and the
signatures already written stay as they were, and the new tables take evidence and a signed decision, never a
DELETE."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app.models import AuditLog, Signature
from app.models.migrate import current_revision, head_revision, upgrade
from app.services.audit import verify_chain
from app.services.database import check_report, open_database

from ._later import add_later_columns, drop_later_columns
from ._services import World


def test_a_0007_database_upgrades_with_its_hashes_intact_and_takes_eligibility(database_url: str) -> None:
    old = open_database(database_url, migrate=False)
    with old.engine.begin() as connection:
        upgrade(connection, "0007")
        add_later_columns(connection)  # today's models write them while the old rows are written
    world = World.build(old).at(date(2026, 3, 2))  # users, and the protocol version signed off
    subject = world.enrol()
    world.weigh(subject)
    world.labs(subject)
    with old.read_session_factory() as session:
        trail = [
            (row.id, row.row_hash)
            for row in session.execute(select(AuditLog).order_by(AuditLog.id)).scalars()
        ]
        signed = [
            (s.id, s.record_hash) for s in session.execute(select(Signature).order_by(Signature.id)).scalars()
        ]
        assert session.execute(
            text("SELECT COUNT(*) FROM alembic_version WHERE version_num = '0007'")
        ).scalar()
    with old.engine.begin() as connection:
        drop_later_columns(connection)
    old.dispose()

    database = open_database(database_url)  # upgrades through 0008 to the newest
    try:
        with database.read_session_factory() as session:
            assert current_revision(session.connection()) == head_revision()
            rows = [
                (r.id, r.row_hash) for r in session.execute(select(AuditLog).order_by(AuditLog.id)).scalars()
            ]
            assert rows == trail  # the upgrade wrote nothing on the trail
            assert [
                (s.id, s.record_hash)
                for s in session.execute(select(Signature).order_by(Signature.id)).scalars()
            ] == signed
            assert verify_chain(session) == []
        report = check_report(database)
        assert report.problems == []

        world.database = database
        view = world.sign_eligibility(subject)
        assert view.decision is not None and view.decision.kind == "eligible"
        assert check_report(database).problems == []
        for table in ("screening_evidence", "eligibility_decisions"):
            with pytest.raises(DBAPIError), database.engine.begin() as connection:
                connection.execute(text(f"DELETE FROM {table}"))
    finally:
        database.dispose()
