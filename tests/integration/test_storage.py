"""The database: created on first start, exact Decimals and UTC times on both engines, connection rules."""

from __future__ import annotations

import importlib
import pkgutil
import shutil
import sqlite3
import subprocess
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from app.cli import main
from app.errors import InputError
from app.models import Base, ProtocolVersion, Sex, Subject, SubjectStatus, Weight, migrate
from app.models import engine as engine_module
from app.models.engine import DatabaseBusyError, NetworkShareError, resolve_database_url
from app.models.migrate import head_revision
from app.models.types import canonical_decimal
from app.services.audit import verify_chain
from app.services.database import (
    Database,
    DatabaseVersionError,
    backup_database,
    open_database,
    schema_revision,
)
from app.services.uow import SqlUnitOfWork

from ._pg import PostgresServer
from ._records import add_subject


def test_a_new_database_is_created_at_the_newest_schema(database: Database, uow: SqlUnitOfWork) -> None:
    subject_id = add_subject(uow)
    with uow:
        subject = uow.session.get(Subject, subject_id)
        assert subject is not None
        assert subject.status is SubjectStatus.SCREENING
        assert subject.baseline_weight_kg == Decimal("61.4")


def test_reopening_keeps_the_records(database_url: str) -> None:
    first = open_database(database_url)
    assert first.created
    add_subject(SqlUnitOfWork(first.session_factory, _Test()), "A-1")
    first.dispose()
    second = open_database(database_url)
    assert not second.created
    with second.uow(_Test()) as uow:
        assert uow.session.execute(select(Subject.subject_number)).scalars().all() == ["A-1"]
    second.dispose()


class _Test:
    id = None
    full_name = "test"


decimals = st.decimals(
    allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12, places=None
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    value=st.one_of(
        decimals, st.sampled_from([Decimal("5.0"), Decimal("0.10"), Decimal("1E+2"), Decimal("-0")])
    )
)
def test_decimals_round_trip_exactly(database: Database, value: Decimal) -> None:
    uow = SqlUnitOfWork(database.session_factory, _Test())
    subject_id = _subject_id(uow)
    with uow:
        weight = Weight(
            subject_id=subject_id,
            weight_kg=value,
            measured_on=date(2026, 1, 5),
            measured_by="nurse",
            recorded_at=uow.now(),
        )
        uow.session.add(weight)
        uow.commit()
    with database.session_factory() as session:
        stored = session.execute(select(Weight.weight_kg).where(Weight.id == weight.id)).scalar_one()
    assert stored == value
    assert isinstance(stored, Decimal)
    # Exactly the same digits and scale (only exponent notation spelled out and negative zero made zero).
    assert stored.as_tuple() == canonical_decimal(value).as_tuple()
    if value.as_tuple().exponent <= 0 and not value.is_zero():  # type: ignore[operator]
        assert stored.as_tuple() == value.as_tuple()


def _subject_id(uow: SqlUnitOfWork) -> int:
    with uow:
        found = uow.session.execute(select(Subject.id).limit(1)).scalar()
    return found if found is not None else add_subject(uow)


def test_floats_are_refused(database: Database) -> None:
    uow = SqlUnitOfWork(database.session_factory, _Test())
    subject_id = _subject_id(uow)
    with uow, pytest.raises(Exception, match="exact Decimal"):
        uow.session.add(
            Weight(
                subject_id=subject_id,
                weight_kg=61.4,
                measured_on=date(2026, 1, 5),
                measured_by="n",
                recorded_at=uow.now(),
            )  # type: ignore[arg-type]
        )
        uow.session.flush()


def test_times_come_back_aware_in_utc(database: Database) -> None:
    uow = SqlUnitOfWork(database.session_factory, _Test())
    shanghai = timezone(timedelta(hours=8))
    moment = datetime(2026, 2, 14, 9, 30, 15, 123456, tzinfo=shanghai)
    subject_id = _subject_id(uow)
    with uow:
        weight = Weight(
            subject_id=subject_id,
            weight_kg=Decimal(60),
            measured_on=date(2026, 2, 14),
            measured_by="n",
            recorded_at=moment,
        )
        uow.session.add(weight)
        uow.commit()
    with database.session_factory() as session:
        stored = session.execute(select(Weight.recorded_at).where(Weight.id == weight.id)).scalar_one()
    assert stored == moment
    assert stored.tzinfo is UTC or stored.utcoffset() == timedelta(0)
    assert stored.hour == 1


def test_naive_times_are_refused(database: Database) -> None:
    uow = SqlUnitOfWork(database.session_factory, _Test())
    subject_id = _subject_id(uow)
    with uow, pytest.raises(Exception, match="time zone"):
        uow.session.add(
            Weight(
                subject_id=subject_id,
                weight_kg=Decimal(60),
                measured_on=date(2026, 2, 14),
                measured_by="n",
                recorded_at=datetime(2026, 2, 14),
            )
        )
        uow.session.flush()


# --- connection rules -----------------------------------------------------------------------------------


def test_every_sqlite_connection_has_the_rules(sqlite_url: str) -> None:
    database = open_database(sqlite_url)
    with database.engine.connect() as connection:
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert pragma == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 10_000}
    database.dispose()


def test_a_locked_database_says_busy_and_reading_does_not_wait(sqlite_url: str) -> None:
    holder = open_database(sqlite_url)
    add_subject(SqlUnitOfWork(holder.session_factory, _Test()), "X-1")
    impatient = open_database(sqlite_url, busy_timeout_ms=100)
    writer = SqlUnitOfWork(holder.session_factory, _Test())
    with writer:
        writer.session.execute(select(Subject.id)).all()  # BEGIN IMMEDIATE: the write lock is taken now
        other = SqlUnitOfWork(impatient.session_factory, _Test())
        with other, pytest.raises(DatabaseBusyError, match=r"^The database is busy; try again\.$"):
            other.session.execute(select(Subject.id)).all()
        with impatient.read_session_factory() as reader:  # a deferred reading transaction does not wait
            assert reader.execute(select(Subject.subject_number)).scalars().all() == ["X-1"]
    assert issubclass(DatabaseBusyError, InputError)
    holder.dispose()
    impatient.dispose()


def test_a_database_on_a_network_share_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    share = tmp_path / "share"
    fake_mounts = f"/dev/sda1 / ext4 rw 0 0\nserver:/export {share} nfs4 rw,relatime 0 0\n"
    monkeypatch.setattr(engine_module, "_linux_mounts", lambda: engine_module.parse_mounts(fake_mounts))
    with pytest.raises(NetworkShareError, match=r"nfs4 network share.*never be opened on a network share"):
        open_database(f"sqlite:///{share / 'dosedesk.sqlite3'}")
    assert not (share / "dosedesk.sqlite3").exists()
    open_database(f"sqlite:///{tmp_path / 'local.sqlite3'}").dispose()  # the local disk is fine


@pytest.mark.parametrize(
    ("mounts", "path", "expected"),
    [
        ("/dev/sda1 / ext4 rw 0 0\n", "/home/li/db.sqlite3", None),
        (
            "/dev/sda1 / ext4 rw 0 0\n//nas/pharmacy /mnt/pharmacy cifs rw 0 0\n",
            "/mnt/pharmacy/db",
            "a cifs network share",
        ),
        (
            "/dev/sda1 / ext4 rw 0 0\nli@host:/d /home/li/remote fuse.sshfs rw 0 0\n",
            "/home/li/remote/x/db",
            "a fuse.sshfs network share",
        ),
        (
            "/dev/sda1 / ext4 rw 0 0\nsrv:/d /mnt/my\\040share nfs rw 0 0\n",
            "/mnt/my share/db",
            "a nfs network share",
        ),
        ("/dev/sda1 / ext4 rw 0 0\nsrv:/d /mnt/nfs nfs rw 0 0\n", "/mnt/nfsish/db", None),
        ("", "//server/share/db.sqlite3", "a network (UNC) path"),
    ],
)
def test_network_share_detection(mounts: str, path: str, expected: str | None) -> None:
    assert engine_module.network_share_reason(Path(path), engine_module.parse_mounts(mounts)) == expected


def test_database_addresses(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DOSEDESK_DATABASE_URL")
    monkeypatch.setenv("DOSEDESK_DATA_DIR", str(tmp_path / "data"))
    assert resolve_database_url(None).database == str(tmp_path / "data" / "dosedesk.sqlite3")
    monkeypatch.setenv("DOSEDESK_DATABASE_URL", "postgresql://pharmacy@db.example/dosedesk")
    assert resolve_database_url(None).drivername == "postgresql+psycopg"
    assert resolve_database_url(str(tmp_path / "x.db")).database == str(tmp_path / "x.db")
    with pytest.raises(InputError, match="SQLite or PostgreSQL"):
        resolve_database_url("mysql://x/y")


def test_the_default_database_is_made_on_first_start(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DOSEDESK_DATABASE_URL")
    monkeypatch.setenv("DOSEDESK_DATA_DIR", str(tmp_path / "fresh" / "DoseDesk"))
    database = open_database()
    assert database.created
    assert (tmp_path / "fresh" / "DoseDesk" / "dosedesk.sqlite3").is_file()
    database.dispose()


# --- schema and migrations ------------------------------------------------------------------------------


def test_the_migrations_build_exactly_the_models(database: Database) -> None:
    import app.models as models

    for module in pkgutil.iter_modules(models.__path__):  # every mapped class, whoever wrote it
        if module.name not in ("migrations", "migrate"):
            importlib.import_module(f"app.models.{module.name}")
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
    assert schema_revision(database) == head_revision()


def test_an_upgrade_takes_a_backup_first(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = open_database(sqlite_url)
    add_subject(SqlUnitOfWork(old.session_factory, _Test()), "BEFORE-1")
    old.dispose()
    # A newer DoseDesk: the shipped migrations plus one more.
    newer = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, newer)
    shipped_head = head_revision()
    (newer / "versions" / "9001_test_newer.py").write_text(
        NEWER_MIGRATION.replace("SHIPPED_HEAD", shipped_head)
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", newer)

    upgraded = open_database(sqlite_url)
    assert schema_revision(upgraded) == "9001"
    backup = upgraded.upgrade_backup
    assert backup is not None and backup.parent == Path(sqlite_url[len("sqlite:///") :]).parent
    assert backup.name.startswith(f"dosedesk.before-{shipped_head}-") and backup.suffix == ".sqlite3"
    upgraded.dispose()
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [(shipped_head,)]
    assert copy.execute("SELECT subject_number FROM subjects").fetchall() == [("BEFORE-1",)]
    copy.close()


NEWER_MIGRATION = '''
"""a test-only newer schema"""
from alembic import op

revision = "9001"
down_revision = "SHIPPED_HEAD"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_test_subjects_initials", "subjects", ["initials"])


def downgrade() -> None:
    op.drop_index("ix_test_subjects_initials", "subjects")
'''


def test_a_database_from_a_newer_dosedesk_is_refused(database: Database) -> None:
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    with pytest.raises(DatabaseVersionError, match="newer DoseDesk"):
        open_database(database.url)


def test_a_foreign_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    other.commit()
    other.close()
    with pytest.raises(DatabaseVersionError, match="not a DoseDesk database"):
        open_database(str(path))


# --- the commands ---------------------------------------------------------------------------------------


def test_check_says_ok_and_then_names_each_problem(
    database: Database, uow: SqlUnitOfWork, capsys: pytest.CaptureFixture[str]
) -> None:
    add_subject(uow, "C-1")
    url = database.url.render_as_string(hide_password=False)
    assert main(["check", "--database", url]) == 0
    assert capsys.readouterr().out == "OK\n"
    with database.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.execute(text("DROP TRIGGER audit_log_no_update"))
        else:
            connection.execute(text("DROP TRIGGER audit_log_no_change ON audit_log"))
        connection.execute(text("UPDATE audit_log SET reason = 'rewritten' WHERE id = 1"))
    assert main(["--database", url, "check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "Audit trail: row 1 was changed after it was written (its hash does not match)." in lines
    assert any(line.startswith("The database guard audit_log_no_") for line in lines)


def test_check_reports_broken_foreign_keys(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    database = open_database(sqlite_url)
    subject_id = add_subject(SqlUnitOfWork(database.session_factory, _Test()))
    raw = sqlite3.connect(sqlite_url[len("sqlite:///") :])
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute("UPDATE subjects SET protocol_version_id = 99 WHERE id = ?", (subject_id,))
    raw.commit()
    raw.close()
    assert main(["check", "--database", sqlite_url]) == 1
    assert (
        f"Row {subject_id} of subjects points at a missing row of protocol_versions."
        in capsys.readouterr().out
    )
    database.dispose()


def test_check_of_a_missing_file_is_a_plain_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--database", str(tmp_path / "nowhere.sqlite3")]) == 2
    assert "There is no DoseDesk database at" in capsys.readouterr().err
    assert not (tmp_path / "nowhere.sqlite3").exists()


def test_backup_makes_a_copy_that_opens_and_checks(
    database: Database,
    uow: SqlUnitOfWork,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    add_subject(uow, "B-1")
    url = database.url.render_as_string(hide_password=False)
    target = tmp_path / "copies" / ("copy.sqlite3" if database.is_sqlite else "copy.dump")
    assert main(["backup", "--database", url, "--to", str(target)]) == 0
    assert f"to {target}" in capsys.readouterr().out
    assert main(["backup", "--database", url, "--to", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err
    if database.is_sqlite:
        restored_url = str(target)
    else:
        assert target.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format, for pg_restore
        restored_url = restore_with_pg_restore(request.getfixturevalue("pg_server"), target)
    assert main(["check", "--database", restored_url]) == 0
    restored = open_database(restored_url, create=False)
    with restored.session_factory() as session:
        assert session.execute(select(Subject.subject_number)).scalars().all() == ["B-1"]
        assert verify_chain(session) == []
    restored.dispose()


def restore_with_pg_restore(server: PostgresServer, dump: Path) -> str:
    url = server.create_database()
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    result = subprocess.run(
        [str(server.bin_dir / "pg_restore"), "--exit-on-error", f"--dbname={plain}", str(dump)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return url


def test_backup_while_another_writer_holds_the_database(sqlite_url: str, tmp_path: Path) -> None:
    database = open_database(sqlite_url)
    add_subject(SqlUnitOfWork(database.session_factory, _Test()), "ONLINE-1")
    writer = SqlUnitOfWork(database.session_factory, _Test())
    with writer:
        writer.session.add(Subject(**_subject_fields(writer, "ONLINE-2")))
        writer.session.flush()  # written but not committed: the copy must not see it
        backup_database(database, tmp_path / "online.sqlite3")
        writer.commit()
    copy = sqlite3.connect(tmp_path / "online.sqlite3")
    assert copy.execute("SELECT subject_number FROM subjects").fetchall() == [("ONLINE-1",)]
    copy.close()
    database.dispose()


def _subject_fields(uow: SqlUnitOfWork, number: str) -> dict[str, object]:
    version = uow.session.execute(select(ProtocolVersion)).scalar_one()
    return {
        "subject_number": number,
        "initials": "ZZ",
        "birth_date": date(1970, 1, 1),
        "sex": Sex.MALE,
        "baseline_weight_kg": Decimal("80"),
        "height_cm": Decimal("175"),
        "protocol_version_id": version.id,
        "enrolled_at": uow.now(),
    }


def test_the_unit_of_work_rolls_back_unless_committed(database: Database) -> None:
    uow = SqlUnitOfWork(database.session_factory, _Test(), "uow test")
    subject_id = add_subject(uow, "U-1")
    with uow:
        found = uow.session.get(Subject, subject_id)
        assert found is not None
        found.allergies = "never committed"
    with uow:
        kept = uow.session.get(Subject, subject_id)
    assert kept is not None and kept.allergies == ""  # read after the block: loaded values stay readable
    with uow:
        inner = uow.session.get(Subject, subject_id)
        assert inner is not None
        with uow:  # nested: the same session, only the outer block ends the work
            assert uow.session.get(Subject, subject_id) is inner
            inner.initials = "QQ"
        uow.commit()
    with database.session_factory() as session:
        assert session.execute(select(Subject.initials)).scalar_one() == "QQ"
