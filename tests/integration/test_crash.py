"""A writer killed with SIGKILL at random moments, 25 times: the database stays sound, no acknowledged write is
lost, and every write has its audit rows. A restore while a writer is at work loses no acknowledged write
either."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.models import AuditLog, Weight
from app.services import users
from app.services.audit import SystemActor, verify_chain
from app.services.database import backup_database, check_database, open_database
from app.services.restore import RestoreRefused, restore_database, sqlite_target
from app.services.users import UserInfo

from ._records import prepare_crash_subject as prepare
from ._records import start_writer

KILLS = 25


@pytest.mark.slow
def test_killed_writers_lose_no_acknowledged_write(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    prepare(database_url)
    chance = random.Random(20260302)
    acknowledged: set[int] = set()
    for round_number in range(KILLS):
        writer = start_writer(database_url, "append", f"w{round_number}")
        assert writer.stdout is not None
        first = writer.stdout.readline()  # started and committed once: now kill it mid-stream
        assert first.startswith("OK "), first + (writer.stderr.read() if writer.stderr else "")
        time.sleep(chance.uniform(0.0, 0.25))
        writer.send_signal(signal.SIGKILL)
        out, _err = writer.communicate(timeout=30)
        assert writer.returncode == -signal.SIGKILL
        lines = (first + out).split("\n")
        # Only whole lines are acknowledgements (the kill may cut the last one).
        acknowledged |= {int(line.split()[1]) for line in lines[:-1] if line.startswith("OK ")}

    assert main(["check", "--database", database_url]) == 0, capsys.readouterr().out
    assert capsys.readouterr().out == "OK\n"
    database = open_database(database_url, create=False)
    with database.session_factory() as session:
        present = set(session.execute(select(Weight.id)).scalars())
        assert acknowledged <= present
        assert len(acknowledged) >= KILLS
        # Every weight that is there (acknowledged or committed just before the kill) has its create row,
        # and its commit's change to the subject has one too.
        created = {
            int(record_id)
            for record_id in session.execute(
                select(AuditLog.record_id).where(
                    AuditLog.table_name == "weights", AuditLog.action == "create"
                )
            ).scalars()
        }
        assert created == present
        changes = session.execute(
            select(func.count(AuditLog.id)).where(
                AuditLog.table_name == "subjects", AuditLog.field == "allergies"
            )
        ).scalar_one()
        assert changes == len(present)
        measured_by = {
            json.loads(value)["measured_by"]
            for value in session.execute(
                select(AuditLog.new_value).where(
                    AuditLog.table_name == "weights", AuditLog.action == "create"
                )
            ).scalars()
        }
        assert len(measured_by) == len(present)
        assert verify_chain(session) == []
    database.dispose()


# --- a restore while another process writes ----------------------------------------------------------------


def _restorable(url: str, tmp_path: Path) -> tuple[UserInfo, Path]:
    """The CRASH subject, an administrator, and a backup holding both (so a writer can go on after a restore)."""
    prepare(url)
    database = open_database(url, create=False)
    users.create_user(database.uow(SystemActor("test")), "admin", "Ada Admin", "admin-pass-1", ["admin"])
    admin = users.sign_in(database.uow(), "admin", "admin-pass-1")
    backup = backup_database(database, tmp_path / "backup.sqlite3")
    database.dispose()
    return admin, backup


def _tags(path: Path) -> set[str]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {row[0] for row in connection.execute("SELECT measured_by FROM weights")}
    finally:
        connection.close()


def _checked(path: Path) -> list[str]:
    database = open_database(f"sqlite:///{path}", create=False, migrate=False)
    try:
        return check_database(database)
    finally:
        database.dispose()


def test_a_restore_is_refused_while_a_writer_holds_the_database_open(sqlite_url: str, tmp_path: Path) -> None:
    """The writer keeps its connection open and writes on: the restore must not go ahead under it (it would
    go on writing to what was replaced), so it is refused, and every acknowledged write stays in the database."""
    admin, backup = _restorable(sqlite_url, tmp_path)
    writer = start_writer(sqlite_url, "append", "steady", "0")  # until stopped
    assert writer.stdout is not None
    first = writer.stdout.readline()
    assert first.startswith("OK "), first + (writer.stderr.read() if writer.stderr else "")
    try:
        with pytest.raises(RestoreRefused, match="in use by another DoseDesk"):
            restore_database(sqlite_url, backup, user=admin)
    finally:
        writer.send_signal(signal.SIGKILL)
        out, err = writer.communicate(timeout=60)
    assert "Traceback" not in err, err
    lines = (first + out).split("\n")[:-1]  # the kill may cut the last line
    acknowledged = {int(line.split()[1]) for line in lines if line.startswith("OK ")}
    assert len(acknowledged) > 10  # it wrote on during the attempt
    live = sqlite_target(sqlite_url)
    assert not [p for p in live.parent.iterdir() if "before-restore" in p.name]
    database = open_database(sqlite_url, create=False)
    with database.session_factory() as session:
        assert acknowledged <= set(session.execute(select(Weight.id)).scalars())
    database.dispose()
    assert _checked(live) == []


def test_a_restore_between_two_writes_loses_no_acknowledged_write(sqlite_url: str, tmp_path: Path) -> None:
    """A writer that closes its connection between writes: the restore goes ahead in a gap. Every write
    acknowledged after the restore is in the restored database, every one before it in the copy set aside; the
    writer is told plainly when the database was busy; both databases pass the checks."""
    admin, backup = _restorable(sqlite_url, tmp_path)
    writer = start_writer(sqlite_url, "reconnecting", "w", "6")
    assert writer.stdout is not None
    first = writer.stdout.readline()
    assert first.startswith("OK "), first + (writer.stderr.read() if writer.stderr else "")
    time.sleep(0.5)
    started = time.monotonic()
    result = restore_database(sqlite_url, backup, user=admin, busy_timeout_ms=5_000)
    finished = time.monotonic()
    out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0 and "Traceback" not in err, err
    acknowledged: dict[str, float] = {}
    for line in (first + out).splitlines():
        if line.startswith("OK "):
            _ok, tag, at = line.split()
            acknowledged[tag] = float(at)
        elif line.startswith("REFUSED "):
            assert "The database is busy; try again." in line, line
    assert result.set_aside is not None
    live, aside = _tags(result.restored), _tags(result.set_aside)
    assert set(acknowledged) <= live | aside  # none lost
    after = {tag for tag, at in acknowledged.items() if at > finished}
    before = {tag for tag, at in acknowledged.items() if at < started}
    assert after and before
    assert after <= live and before <= aside
    assert not live & aside  # the backup predates every write of this writer
    assert _checked(result.restored) == []
    assert _checked(result.set_aside) == []
