"""The window started on a database it cannot use shows the command line's plain sentence (not "something went
wrong" and a log), and ends; a fault of the program goes to the one errors log the command line writes too,
without patient identifiers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.services import errors_log
from app.ui import crash

_START = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from app.cli import main

app = QApplication(sys.argv[:1])

def report():
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    if not boxes:
        QTimer.singleShot(50, report)
        return
    print("title:", boxes[0].windowTitle())
    print("text:", boxes[0].text(), flush=True)
    boxes[0].accept()

QTimer.singleShot(50, report)
sys.exit(main(["--database", sys.argv[1]]))
"""


def _start_window(database: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DOSEDESK_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run(
        [sys.executable, "-c", _START, database],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )


def _command_line_says(database: str, tmp_path: Path) -> str:
    env = {**os.environ, "DOSEDESK_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("dosedesk")), "list", "patients", "--database", database],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    return done.stderr.removeprefix("dosedesk: ").strip()


def _not_sqlite(tmp_path: Path) -> str:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"not a database\n" * 200)
    return str(path)


def _folder(tmp_path: Path) -> str:
    path = tmp_path / "folder.sqlite3"
    path.mkdir()
    return str(path)


def _unreachable(_tmp_path: Path) -> str:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"postgresql://dosedesk@127.0.0.1:{port}/dosedesk"


@pytest.mark.parametrize(
    "make", [_not_sqlite, _folder, _unreachable], ids=["not SQLite", "a folder", "no server"]
)
def test_the_window_on_an_unusable_database_says_what_the_command_line_says(make, tmp_path: Path) -> None:
    database = make(tmp_path)
    done = _start_window(database, tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stdout.splitlines()
    assert "title: The database cannot be used" in lines, done.stdout
    text = next(line for line in lines if line.startswith("text: ")).removeprefix("text: ")
    assert text == _command_line_says(database, tmp_path)
    assert not (tmp_path / "data" / "errors.log").exists()  # not a fault of the program: nothing logged


def test_the_window_and_the_command_line_share_one_errors_log(qtbot, private_data_dir: Path) -> None:
    assert crash.error_log_path() == errors_log.errors_log_path() == private_data_dir / "errors.log"
    try:
        raise RuntimeError("subject 001-001 (LW), born 1961-03-04")
    except RuntimeError as exc:
        box = crash.report_unexpected(exc)
    assert isinstance(box, QMessageBox) and str(private_data_dir / "errors.log") in box.text()
    box.accept()
    text = (private_data_dir / "errors.log").read_text(encoding="utf-8")
    assert "RuntimeError" in text and "the window" in text.splitlines()[0]
    for identifier in ("001-001", "LW", "1961-03-04"):
        assert identifier not in text


def test_an_unusable_database_mid_session_is_said_plainly(
    qtbot, private_data_dir: Path, tmp_path: Path
) -> None:
    import sqlite3

    from app.services.unusable import remember_database

    remember_database(str(tmp_path / "db.sqlite3"))
    try:
        box = crash.report_unexpected(sqlite3.OperationalError("database or disk is full"))
    finally:
        remember_database(None)
    assert isinstance(box, QMessageBox)
    assert box.windowTitle() == "The database cannot be used"
    assert box.text().startswith("The disk is full: nothing was written to the database ")
    box.accept()
    assert not (private_data_dir / "errors.log").exists()
