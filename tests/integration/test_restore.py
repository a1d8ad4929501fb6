"""Restoring a backup over the embedded SQLite database (app.services.restore, `dosedesk restore`): only an
administrator restores; the backup replaces the database only after passing every check of `dosedesk check`,
and only while nobody else has it open; the database it replaces is kept aside; the restore is on the restored
audit trail; anything refused changes nothing."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.cli import main
from app.errors import InputError, NotFoundError
from app.services import subjects, users
from app.services.audit import SystemActor
from app.services.database import backup_database, check_database, open_database
from app.services.reasons import recall_reason
from app.services.restore import (
    RESTORE_FIELD,
    RESTORE_TABLE,
    RestoreRefused,
    describe_database_file,
    restore_database,
    sqlite_target,
)
from app.services.users import NotAllowedError

from ._records import start_writer


def _enrol(database, who, number: str) -> None:
    subjects.enrol_subject(
        database.uow(who, "test"),
        subject_number=number,
        initials="LW",
        birth_date=date(1961, 3, 4),
        sex="female",
        baseline_weight_kg=Decimal("61.4"),
        height_cm=Decimal("158"),
        planned_c1d1=date.today(),
    )


def _numbers(url: str) -> list[str]:
    path = sqlite_target(url)
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT subject_number FROM subjects ORDER BY 1")]
    finally:
        connection.close()


ADMINS: dict[str, users.UserInfo] = {}  # the administrator of each live database, signed in by `live`


def _admin(url: str) -> users.UserInfo:
    return ADMINS[url]


def restore(url: str, backup: Path, **options):
    """The restore as the live database's administrator."""
    return restore_database(url, backup, user=_admin(url), **options)


@pytest.fixture
def live(tmp_path: Path):
    """A live database with one subject, a sound backup of it, and a second subject recorded after."""
    url = f"sqlite:///{tmp_path / 'live' / 'dosedesk.sqlite3'}"
    database = open_database(url)
    users.create_user(database.uow(SystemActor("test")), "admin", "Ada Admin", "admin-pass-1", ["admin"])
    admin = users.sign_in(database.uow(), "admin", "admin-pass-1")
    users.create_user(database.uow(admin, "t"), "may", "May Lin", "coord-pass-1", ["coordinator"])
    users.create_user(database.uow(admin, "t"), "wang", "Wang Fang", "pharm-pass-1", ["pharmacist"])
    may = users.sign_in(database.uow(), "may", "coord-pass-1")
    _enrol(database, may, "001")
    backup = backup_database(database, tmp_path / "copies" / "backup.sqlite3")
    _enrol(database, may, "002")
    ADMINS[url] = users.sign_in(database.uow(), "admin", "admin-pass-1")
    database.dispose()
    return url, backup


def _folder(url: str) -> list[str]:
    return sorted(p.name for p in sqlite_target(url).parent.iterdir())


def test_a_sound_backup_replaces_the_database_which_is_kept_aside(live):
    url, backup = live
    before = describe_database_file(sqlite_target(url))
    assert before.subjects == 2 and before.last_change is not None
    assert describe_database_file(backup).subjects == 1
    steps: list[str] = []
    result = restore(url, backup, step=steps.append)
    assert steps == ["copying", "checking", "replacing"]
    assert result.restored == sqlite_target(url) and result.backup == backup.resolve()
    assert _numbers(url) == ["001"]
    assert result.set_aside is not None and result.set_aside.name.startswith("dosedesk.before-restore-")
    assert _numbers(f"sqlite:///{result.set_aside}") == ["001", "002"]  # nothing lost: kept aside
    assert backup.exists() and describe_database_file(backup).subjects == 1  # the backup is only read
    database = open_database(url, create=False)
    try:
        assert check_database(database) == []
    finally:
        database.dispose()
    assert not [name for name in _folder(url) if ".restore-" in name]  # no scratch left behind


def test_a_backup_that_fails_the_checks_is_refused_and_nothing_changes(live, tmp_path: Path):
    url, backup = live
    broken = tmp_path / "copies" / "broken.sqlite3"
    broken.write_bytes(backup.read_bytes())
    connection = sqlite3.connect(broken)
    connection.execute("DROP TRIGGER audit_log_no_update")  # the audit trail could be changed silently
    connection.commit()
    connection.close()
    live_bytes = sqlite_target(url).read_bytes()
    folder = _folder(url)
    with pytest.raises(RestoreRefused) as refused:
        restore(url, broken)
    assert "did not pass the checks" in str(refused.value)
    assert "audit_log_no_update" in str(refused.value)
    assert sqlite_target(url).read_bytes() == live_bytes
    assert _folder(url) == folder


@pytest.mark.parametrize(
    "content",
    [b"", b"not a database at all, just text", b"SQLite format 3\x00" + b"\x00" * 80],
    ids=["empty", "text", "damaged"],
)
def test_a_file_that_is_not_a_database_is_refused(live, tmp_path: Path, content: bytes):
    url, _backup = live
    other = tmp_path / "other.sqlite3"
    other.write_bytes(content)
    before = sqlite_target(url).read_bytes()
    with pytest.raises(InputError):
        restore(url, other)
    assert sqlite_target(url).read_bytes() == before


def test_an_empty_sqlite_database_is_not_a_backup(live, tmp_path: Path):
    url, _backup = live
    empty = tmp_path / "empty.sqlite3"
    connection = sqlite3.connect(empty)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(InputError, match="not a DoseDesk database"):
        restore(url, empty)
    assert _numbers(url) == ["001", "002"]


def test_missing_file_the_database_itself_and_postgresql_are_refused_in_plain_words(live, tmp_path: Path):
    url, _backup = live
    with pytest.raises(NotFoundError):
        restore(url, tmp_path / "nowhere.sqlite3")
    with pytest.raises(RestoreRefused, match="is the database in use"):
        restore(url, sqlite_target(url))
    with pytest.raises(RestoreRefused, match="PostgreSQL") as refused:
        restore_database("postgresql://dosedesk@db.example/dosedesk", tmp_path / "x.sqlite3", user=None)
    assert "pg_restore" in str(refused.value)
    assert _numbers(url) == ["001", "002"]


def test_stopping_before_the_replacement_changes_nothing(live):
    url, backup = live

    class Stop(Exception):
        pass

    def step(name: str) -> None:
        if name == "replacing":
            raise Stop

    folder = _folder(url)
    with pytest.raises(Stop):
        restore(url, backup, step=step)
    assert _numbers(url) == ["001", "002"]
    assert _folder(url) == folder


def test_a_database_being_written_elsewhere_is_not_replaced(live):
    url, backup = live
    admin = _admin(url)
    writer = sqlite3.connect(sqlite_target(url), timeout=0.1)
    writer.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(RestoreRefused, match="in use by another DoseDesk"):
            restore_database(url, backup, user=admin, busy_timeout_ms=200)
    finally:
        writer.rollback()
        writer.close()
    assert _numbers(url) == ["001", "002"]


def test_the_restore_is_recorded_on_the_restored_audit_trail(live):
    url, backup = live
    result = restore(url, backup)
    connection = sqlite3.connect(sqlite_target(url))
    try:
        last = connection.execute(
            "SELECT user_name, table_name, record_id, field, new_value, reason FROM audit_log "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()
    finally:
        connection.close()
    assert last[:5] == ("Ada Admin", RESTORE_TABLE, "dosedesk.sqlite3", RESTORE_FIELD, "backup.sqlite3")
    assert result.set_aside is not None and result.set_aside.name in last[5]
    assert recall_reason(last[5]).template.startswith("database restored from the backup")
    database = open_database(url, create=False)
    try:
        assert check_database(database) == []  # the chain goes on through the restore's own row
    finally:
        database.dispose()


def test_only_an_administrator_restores(live):
    url, backup = live
    database = open_database(url, create=False)
    pharmacist = users.sign_in(database.uow(), "wang", "pharm-pass-1")
    database.dispose()
    before = sqlite_target(url).read_bytes()
    folder = _folder(url)
    with pytest.raises(NotAllowedError, match="admin"):
        restore_database(url, backup, user=pharmacist)
    with pytest.raises(RestoreRefused, match="Sign in as an administrator"):
        restore_database(url, backup, user=None)
    assert sqlite_target(url).read_bytes() == before
    assert _folder(url) == folder


def test_a_database_another_dosedesk_has_open_is_not_replaced(live):
    """An idle DoseDesk elsewhere would go on writing to what it has open: the restore is refused instead."""
    url, backup = live
    other = start_writer(url, "open", "30")
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "OPEN"
        with pytest.raises(RestoreRefused, match="in use by another DoseDesk") as refused:
            restore_database(url, backup, user=_admin(url), busy_timeout_ms=300)
        assert "\n" not in str(refused.value)
    finally:
        other.kill()
        other.communicate(timeout=30)
    assert _numbers(url) == ["001", "002"]
    assert not [name for name in _folder(url) if "before-restore" in name]


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_restores_as_an_administrator(live, capsys, monkeypatch):
    url, backup = live
    monkeypatch.setenv("DOSEDESK_PASSWORD", "admin-pass-1")
    code, out, err = _cli(capsys, "restore", "--from", str(backup), "--user", "admin", "--database", url)
    assert code == 0, err
    assert f"Restored {backup.resolve()}" in out and "kept as" in out
    assert _numbers(url) == ["001"]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("missing", "There is no file"),
        ("text", "not a DoseDesk backup"),
        ("wrong password", "password is wrong"),
        ("pharmacist", "admin"),
    ],
)
def test_the_command_line_refuses_in_one_line(live, tmp_path: Path, capsys, monkeypatch, case, expected):
    url, backup = live
    source, user, password = str(backup), "admin", "admin-pass-1"
    if case == "missing":
        source = str(tmp_path / "nowhere.sqlite3")
    elif case == "text":
        source = str(tmp_path / "notes.sqlite3")
        Path(source).write_text("not a database at all", encoding="utf-8")
    elif case == "wrong password":
        password = "not-the-password"
    else:
        user, password = "wang", "pharm-pass-1"
    monkeypatch.setenv("DOSEDESK_PASSWORD", password)
    code, out, err = _cli(capsys, "restore", "--from", source, "--user", user, "--database", url)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("dosedesk: ") and expected in err, err
    assert "Traceback" not in err
    assert _numbers(url) == ["001", "002"]
