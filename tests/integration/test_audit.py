"""The audit trail: automatic rows, refused edits, a chain that shows any tampering. Both databases."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from app.models import (
    AuditAction,
    AuditLog,
    ProtocolVersion,
    Subject,
    SubjectStatus,
    Visit,
    VisitKind,
    Weight,
)
from app.services import audit
from app.services.audit import AuditActorMissing, SystemActor, verify_chain
from app.services.database import Database, check_database
from app.services.uow import SqlUnitOfWork

from ._records import add_subject, subject, weight

ALICE = SystemActor("Alice Investigator", id=None)


def rows(database: Database) -> list[AuditLog]:
    with database.session_factory() as session:
        return list(session.execute(select(AuditLog).order_by(AuditLog.id)).scalars())


def test_create_change_and_cancel_each_write_their_rows(
    database: Database, make_uow: Callable[..., SqlUnitOfWork]
) -> None:
    uow = make_uow(ALICE, "enrolment")
    with uow:
        record = subject(uow, "001-007")
        uow.commit()
    with uow.acting(ALICE, "baseline re-measured"), uow:
        found = uow.session.get(Subject, record.id)
        assert found is not None
        found.baseline_weight_kg = Decimal("62.05")
        found.status = SubjectStatus.ON_TREATMENT
        record_weight = weight(uow, found.id, "62.05")
        uow.commit()
    with make_uow(SystemActor("Bob Coordinator"), "entered in error") as second:
        entry = second.session.get(Weight, record_weight.id)
        assert entry is not None
        entry.cancelled = True
        entry.cancel_reason = "wrong patient"
        second.commit()

    trail = rows(database)
    creates = [r for r in trail if r.action == AuditAction.CREATE]
    assert {r.table_name for r in creates} == {"protocol_versions", "subjects", "weights"}
    created_subject = next(r for r in creates if r.table_name == "subjects")
    assert json.loads(created_subject.new_value or "")["subject_number"] == "001-007"
    assert created_subject.reason == "enrolment"
    assert created_subject.user_name == "Alice Investigator"

    changes = {(r.field, r.old_value, r.new_value, r.reason) for r in trail if r.action == AuditAction.UPDATE}
    assert ("baseline_weight_kg", "61.4", "62.05", "baseline re-measured") in changes
    assert ("status", "screening", "on_treatment", "baseline re-measured") in changes
    assert ("cancel_reason", None, "wrong patient", "entered in error") in changes

    cancel = [r for r in trail if r.action == AuditAction.CANCEL]
    assert [(r.table_name, r.record_id, r.field, r.user_name) for r in cancel] == [
        ("weights", str(record_weight.id), "cancelled", "Bob Coordinator")
    ]
    assert verify_chain_of(database) == []


def verify_chain_of(database: Database) -> list[str]:
    with database.session_factory() as session:
        return verify_chain(session)


def test_a_status_set_to_cancelled_is_a_cancellation(database: Database, uow: SqlUnitOfWork) -> None:
    subject_id = add_subject(uow)
    with uow:
        visit = Visit(
            subject_id=subject_id,
            label="C1D1",
            kind=VisitKind.DOSE,
            cycle=1,
            day=1,
            target_date=date(2026, 3, 2),
            window_start=date(2026, 2, 27),
            window_end=date(2026, 3, 5),
        )
        uow.session.add(visit)
        uow.commit()
    with uow.acting(ALICE, "subject withdrew"), uow:
        found = uow.session.get(Visit, visit.id)
        assert found is not None
        found.status = "cancelled"  # type: ignore[assignment]  # a plain string from the core is fine
        uow.commit()
    last = rows(database)[-1]
    assert (last.action, last.field, last.old_value, last.new_value) == (
        AuditAction.CANCEL,
        "status",
        "planned",
        "cancelled",
    )


def test_a_change_without_an_acting_user_is_refused(database: Database) -> None:
    anonymous = SqlUnitOfWork(database.session_factory)
    with anonymous, pytest.raises(AuditActorMissing):
        subject(anonymous)
        anonymous.commit()
    assert rows(database) == []


def test_nothing_is_audited_when_the_work_is_rolled_back(database: Database, uow: SqlUnitOfWork) -> None:
    with uow:
        subject(uow)
        uow.session.flush()
    assert rows(database) == []
    add_subject(uow, "002")
    assert len(rows(database)) == 2 and verify_chain_of(database) == []


# --- the database refuses -------------------------------------------------------------------------------


def test_the_database_refuses_update_and_delete_on_the_audit_log(
    database: Database, uow: SqlUnitOfWork
) -> None:
    add_subject(uow)
    for statement in (
        "UPDATE audit_log SET reason = 'nothing to see'",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
    ):
        with database.engine.connect() as connection, pytest.raises(DBAPIError, match="can never be"):
            connection.execute(text(statement))
    if database.engine.dialect.name == "postgresql":
        with database.engine.connect() as connection, pytest.raises(DBAPIError, match="can never be"):
            connection.execute(text("TRUNCATE audit_log"))
    assert len(rows(database)) == 2
    assert verify_chain_of(database) == []


def test_the_database_refuses_deleting_clinical_records_and_changing_signed_protocols(
    database: Database, uow: SqlUnitOfWork
) -> None:
    subject_id = add_subject(uow)
    with database.engine.connect() as connection, pytest.raises(DBAPIError, match="never deleted"):
        connection.execute(text("DELETE FROM subjects WHERE id = :id"), {"id": subject_id})
    with uow:
        version = uow.session.execute(select(ProtocolVersion)).scalar_one()
        version.title = "still unsigned: may change"
        version.signed_off_at = uow.now()
        uow.commit()
    with database.engine.connect() as connection, pytest.raises(DBAPIError, match="frozen"):
        connection.execute(text("UPDATE protocol_versions SET fingerprint = 'x'"))


# --- tampering is detected ------------------------------------------------------------------------------


def drop_audit_guards(database: Database) -> None:
    """What an attacker with the database file would do first."""
    with database.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.execute(text("DROP TRIGGER audit_log_no_update"))
            connection.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            connection.execute(text("DROP TRIGGER audit_log_no_change ON audit_log"))


def three_subjects(uow: SqlUnitOfWork) -> None:
    for number in ("A", "B", "C"):
        add_subject(uow, number)


def test_the_chain_shows_an_edited_row(database: Database, uow: SqlUnitOfWork) -> None:
    three_subjects(uow)
    drop_audit_guards(database)
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET user_name = 'Mallory' WHERE id = 2"))
    problems = verify_chain_of(database)
    assert problems == ["Audit trail: row 2 was changed after it was written (its hash does not match)."]
    assert any("audit_log_no_" in p for p in check_database(database))
    assert problems[0] in check_database(database)


def test_the_chain_shows_a_removed_row(database: Database, uow: SqlUnitOfWork) -> None:
    three_subjects(uow)
    drop_audit_guards(database)
    with database.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE id = 3"))
    assert verify_chain_of(database) == [
        "Audit trail: row 4 does not follow row 2; rows are missing or were inserted there."
    ]


def test_the_chain_shows_a_rewritten_row_even_with_a_fresh_hash(
    database: Database, uow: SqlUnitOfWork
) -> None:
    """Recomputing the edited row's own hash does not help: the next row still points at the old one."""
    three_subjects(uow)
    drop_audit_guards(database)
    with database.session_factory() as session:
        row = session.get(AuditLog, 2)
        assert row is not None
        forged = audit.row_hash(
            prev_hash=row.prev_hash,
            at=row.at,
            user_id=row.user_id,
            user_name="Mallory",
            action=row.action,
            table_name=row.table_name,
            record_id=row.record_id,
            field=row.field,
            old_value=row.old_value,
            new_value=row.new_value,
            reason=row.reason,
        )
    with database.engine.begin() as connection:
        connection.execute(
            text("UPDATE audit_log SET user_name = 'Mallory', row_hash = :h WHERE id = 2"), {"h": forged}
        )
    assert verify_chain_of(database) == [
        "Audit trail: row 3 does not follow row 2; rows are missing or were inserted there."
    ]


def test_sqlite_shows_rows_removed_from_the_end(sqlite_url: str) -> None:
    from app.services.database import open_database

    database = open_database(sqlite_url)
    three_subjects(SqlUnitOfWork(database.session_factory, ALICE))
    drop_audit_guards(database)
    with database.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE id >= 3"))
    assert verify_chain_of(database) == ["Audit trail: rows 3 to 4 were removed from its end."]
    database.dispose()


# --- properties and concurrency -------------------------------------------------------------------------

weights_kg = st.decimals(min_value=25, max_value=250, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    changes=st.lists(
        st.tuples(
            weights_kg,
            st.booleans(),
            st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_every_change_has_its_row_and_the_chain_holds(
    database: Database, changes: list[tuple[Decimal, bool, str]]
) -> None:
    uow = SqlUnitOfWork(database.session_factory, ALICE)
    subject_id = add_subject(uow, f"P-{len(rows(database))}")
    before = len(rows(database))
    expected = 0
    for kg, pregnant, allergies in changes:
        with uow.acting(ALICE, "property"), uow:
            record = uow.session.get(Subject, subject_id)
            assert record is not None
            for field, value in (
                ("baseline_weight_kg", kg),
                ("can_become_pregnant", pregnant),
                ("allergies", allergies),
            ):
                if getattr(record, field) != value:
                    expected += 1
                setattr(record, field, value)
            uow.commit()
    after = rows(database)
    assert len(after) - before == expected
    assert verify_chain_of(database) == []


def test_two_writers_at_once_keep_one_unbroken_chain(database: Database) -> None:
    """Threads with their own connections append at the same time; the chain neither forks nor breaks."""
    errors: list[BaseException] = []
    per_writer = 15
    add_subject(SqlUnitOfWork(database.session_factory, ALICE), "seed")  # the protocol version exists

    def writer(name: str) -> None:
        try:
            for index in range(per_writer):
                uow = SqlUnitOfWork(database.session_factory, SystemActor(name), "concurrent")
                with uow:
                    subject(uow, f"{name}-{index}")
                    uow.commit()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("W1", "W2", "W3")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with database.session_factory() as session:
        assert session.execute(select(func.count(Subject.id))).scalar_one() == 3 * per_writer + 1
        assert session.execute(select(func.count(AuditLog.id))).scalar_one() == 3 * per_writer + 2
    assert verify_chain_of(database) == []
