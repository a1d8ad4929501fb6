"""Every command on a database it cannot use says so in one line on stderr and exits 2, never with a traceback:
a file that is not SQLite, one cut short, a damaged one, a folder, /dev/null, a read-only disk, a full disk, an
unreachable PostgreSQL server, a server without the database. Each kind through the real `dosedesk` executable
(a sample of commands) and every database command in-process.

The full and read-only disks are small file systems (tmpfs) mounted for the test, which needs root; elsewhere
those cases are skipped with that reason.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.models import Lot
from app.services import users
from app.services.audit import SystemActor
from app.services.database import open_database

PASSWORD = "pharmacy-pass-1"
EXECUTABLE = Path(sys.executable).with_name("dosedesk")


def commands(database: str, out: Path) -> list[list[str]]:
    """Every command that opens a database, each with what it needs."""
    write = ["--user", "wang.fang", "--lot", "LOT-A"]
    pdf = str(out / "out.pdf")
    return [
        ["list", "patients"],
        ["list", "visits"],
        ["list", "orders", "--json"],
        ["list", "lots"],
        ["stock", "list"],
        ["stock", "alerts", "--date", "2026-03-02"],
        ["stock", "log", "--lot", "LOT-A", "--out", pdf],
        [
            "stock",
            "receive",
            "--user",
            "wang.fang",
            "--shipment",
            "S1",
            "--date",
            "2026-03-02",
            "--lot",
            "B:5:2028-01-01",
        ],
        ["stock", "quarantine", *write, "--reason", "temperature excursion"],
        ["stock", "release", *write, "--reason", "sponsor says fine"],
        ["stock", "return", *write, "--vials", "1", "--reason", "recall"],
        ["stock", "destroy", *write, "--vials", "1", "--reason", "broken"],
        ["print", "order", "--order", "ORD-1", "--out", pdf],
        ["print", "label", "--order", "ORD-1", "--out", pdf],
        ["print", "calendar", "--patient", "001-001", "--out", pdf],
        ["print", "day", "--date", "2026-03-02", "--out", pdf],
        ["print", "accountability", "--lot", "LOT-A", "--out", pdf],
        ["export", "ics", "--patient", "001-001", "--out", str(out / "v.ics")],
        ["check"],
        ["backup", "--to", str(out / "copy.sqlite3")],
        ["demo"],
    ]


def _with_database(args: list[str], database: str) -> list[str]:
    return [*args, "--database", database]


def make_dosedesk_database(path: Path) -> None:
    """A real DoseDesk database with a pharmacist, written out whole (no write-ahead log left beside it)."""
    database = open_database(f"sqlite:///{path}")
    try:
        users.create_user(database.uow(SystemActor("test")), "admin", "Admin Li", PASSWORD, ["admin"])
        admin = users.sign_in(database.uow(), "admin", PASSWORD)
        users.create_user(database.uow(admin, "staff"), "wang.fang", "Wang Fang", PASSWORD, ["pharmacist"])
    finally:
        database.dispose()
    assert not path.with_name(path.name + "-wal").exists()


@pytest.fixture
def real_database(tmp_path: Path) -> Path:
    path = tmp_path / "real.sqlite3"
    make_dosedesk_database(path)
    return path


@pytest.fixture(autouse=True)
def _password_and_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DOSEDESK_PASSWORD", PASSWORD)
    monkeypatch.setenv("DOSEDESK_DATA_DIR", str(tmp_path / "data"))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- the broken kinds --------------------------------------------------------------------------------------


def not_sqlite(tmp_path: Path, _real: Path) -> str:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"These are my notes, not a database.\n" * 100)
    return str(path)


def truncated(tmp_path: Path, real: Path) -> str:
    path = tmp_path / "truncated.sqlite3"
    data = real.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return str(path)


def damaged(tmp_path: Path, real: Path) -> str:
    path = tmp_path / "damaged.sqlite3"
    data = bytearray(real.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for start in range(page, len(data), page):  # every page but the first: the header still reads as SQLite
        data[start : start + page] = bytes((start * 7 + i) % 251 for i in range(page))
    path.write_bytes(bytes(data))
    return str(path)


def folder(tmp_path: Path, _real: Path) -> str:
    path = tmp_path / "folder.sqlite3"
    path.mkdir()
    return str(path)


def dev_null(_tmp_path: Path, _real: Path) -> str:
    return "/dev/null"


def unreachable_postgresql(_tmp_path: Path, _real: Path) -> str:
    return f"postgresql://dosedesk@127.0.0.1:{_free_port()}/dosedesk"


KINDS: dict[str, tuple[Callable[[Path, Path], str], str]] = {
    "not SQLite": (not_sqlite, "is not a DoseDesk database"),
    "truncated": (truncated, "is cut short"),
    "damaged": (damaged, "is damaged"),
    "a folder": (folder, "is a folder, not a DoseDesk database"),
    "/dev/null": (dev_null, "is not a file"),
    "unreachable PostgreSQL": (unreachable_postgresql, "Cannot reach the PostgreSQL server at 127.0.0.1:"),
}


def refused_in_one_line(code: int, out: str, err: str, words: str, command: list[str]) -> None:
    assert "Traceback" not in err and "Traceback" not in out, (command, err)
    assert code == 2, (command, code, out, err)
    assert err.startswith("dosedesk: ") and err.count("\n") == 1, (command, err)
    assert words in err, (command, err)


def run_in_process(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str, str]:
    try:
        code = main(args)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def run_executable(args: list[str], **env: str) -> tuple[int, str, str]:
    done = subprocess.run(
        [str(EXECUTABLE), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_command_on_an_unusable_database_is_one_line(
    kind: str, tmp_path: Path, real_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, words = KINDS[kind]
    database = make(tmp_path, real_database)
    for command in commands(database, tmp_path):
        code, out, err = run_in_process(capsys, _with_database(command, database))
        if kind == "damaged" and command == ["check"]:
            # `check` is the tool that says what is wrong with a database: it lists the damage, exit 1.
            assert code == 1 and err == "" and "malformed" in out, out
            continue
        refused_in_one_line(code, out, err, words, command)


# One real executable per kind (starting it costs seconds here), each kind with another command.
_SAMPLES = {
    "not SQLite": ["check"],
    "truncated": ["list", "patients"],
    "damaged": [
        "stock",
        "receive",
        "--user",
        "wang.fang",
        "--shipment",
        "S",
        "--date",
        "2026-03-02",
        "--lot",
        "B:1:2028-01-01",
    ],
    "a folder": ["demo"],
    "/dev/null": ["print", "day", "--date", "2026-03-02", "--out", "-"],
    "unreachable PostgreSQL": ["list", "lots", "--json"],
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_real_executable_on_an_unusable_database(kind: str, tmp_path: Path, real_database: Path) -> None:
    make, words = KINDS[kind]
    database = make(tmp_path, real_database)
    command = _SAMPLES[kind]
    code, out, err = run_executable(_with_database(command, database))
    refused_in_one_line(code, out, err, words, command)


@pytest.mark.postgres
def test_a_postgresql_server_without_the_database(pg_server, capsys: pytest.CaptureFixture[str]) -> None:
    url = pg_server.url("no_such_database_here")
    code, out, err = run_in_process(capsys, ["list", "patients", "--database", url])
    refused_in_one_line(code, out, err, "has no database no_such_database_here", ["list"])


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_window_says_what_the_command_line_says(
    kind: str, tmp_path: Path, real_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The window gets the driver's exception from opening the database (creating it when missing, as at
    first start); turned into words it is the command line's sentence, word for word."""
    from app.services.unusable import remember_database, unusable_database

    make, _words = KINDS[kind]
    database = make(tmp_path, real_database)
    _code, _out, err = run_in_process(capsys, ["list", "patients", "--database", database])
    remember_database(database)
    try:
        with pytest.raises(Exception) as failure:
            opened = open_database(database)
            try:
                users.has_users(opened.uow())
            finally:
                opened.dispose()
        problem = unusable_database(failure.value)
    finally:
        remember_database(None)
    assert problem is not None, failure.value
    assert err == f"dosedesk: {problem}\n"


# --- read-only and full disks: small file systems mounted for the test ----------------------------------------


@contextlib.contextmanager
def mounted(where: Path, size_kb: int) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system (tmpfs) for a full or read-only disk needs root")
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"this machine cannot mount a tmpfs: {done.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _fill(folder: Path, leave_bytes: int) -> None:
    """Fill the file system holding `folder` until `leave_bytes` are free (about)."""
    info = os.statvfs(folder)
    free = info.f_bavail * info.f_frsize
    with (folder / "filler").open("wb") as stream, contextlib.suppress(OSError):
        stream.write(b"\0" * max(free - leave_bytes, 0))
        stream.flush()
        os.fsync(stream.fileno())


def _lots(path: Path, like: str) -> int:
    database = open_database(f"sqlite:///{path}", create=False)
    try:
        with database.session_factory() as session:
            return int(
                session.execute(select(func.count(Lot.id)).where(Lot.lot_number.like(like))).scalar_one()
            )
    finally:
        database.dispose()


def test_a_read_only_disk(tmp_path: Path, real_database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with mounted(tmp_path / "ro", 8 * 1024) as disk:
        shutil.copy(real_database, disk / "dosedesk.sqlite3")
        assert subprocess.run(["mount", "-o", "remount,ro", str(disk)]).returncode == 0
        database = str(disk / "dosedesk.sqlite3")
        for command in commands(database, tmp_path):
            code, out, err = run_in_process(capsys, _with_database(command, database))
            refused_in_one_line(code, out, err, "is read-only here", command)
        code, out, err = run_executable(_with_database(["list", "patients"], database))
        refused_in_one_line(code, out, err, "is read-only here", ["list", "patients"])


RECEIVE = ["stock", "receive", "--user", "wang.fang", "--shipment", "S-FULL", "--date", str(date.today())]


def test_a_full_disk_writes_nothing_and_says_so(
    tmp_path: Path, real_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    size_kb = real_database.stat().st_size // 1024 + 1024
    with mounted(tmp_path / "full", size_kb) as disk:
        path = disk / "dosedesk.sqlite3"
        shutil.copy(real_database, path)
        _fill(disk, 40 * 1024)  # room to open and read, none for a write transaction
        lots = [f"FULL-{n}:{n}:2028-01-01" for n in range(1, 40)]
        args = [*RECEIVE, *(x for lot in lots for x in ("--lot", lot)), "--note", "n" * 1900]
        code, out, err = run_executable(_with_database(args, str(path)))
        refused_in_one_line(code, out, err, "The disk is full: nothing was written", args)
        code, out, err = run_in_process(capsys, _with_database(args, str(path)))
        refused_in_one_line(code, out, err, "The disk is full: nothing was written", args)

        _fill(disk, 0)  # not a byte left: a command that reads may still work; one that writes cannot
        for command in commands(str(path), tmp_path):
            code, out, err = run_in_process(capsys, _with_database(command, str(path)))
            assert "Traceback" not in err and code in (0, 1, 2), (command, code, err)
            if code == 2:
                assert err.count("\n") == 1, (command, err)

        (disk / "filler").unlink()
        assert _lots(path, "FULL-%") == 0  # nothing of the refused shipment was written
        assert main(["check", "--database", str(path)]) == 0, capsys.readouterr()
