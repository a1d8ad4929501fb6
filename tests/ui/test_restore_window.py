"""Restoring a backup from the Admin screen, on a real SQLite database: the confirmation names the database
that will be replaced and the backup, both with their subjects; once confirmed, the database is replaced by
the checked backup and the window starts again at the sign-in, on the restored records. A backup that fails
the checks is refused in the window and changes nothing."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from app.services import subjects, users
from app.services.audit import SystemActor
from app.services.database import backup_database
from app.ui.dialogs.sign_in import SignInDialog
from app.ui.main import Launcher, build_context
from app.ui.screens.admin import AdminScreen
from app.ui.screens.registry import default_factories
from app.ui.settings import UiSettings


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


def _numbers(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT subject_number FROM subjects ORDER BY 1")]
    finally:
        connection.close()


def _sign_in(qtbot, launcher: Launcher) -> None:
    qtbot.waitUntil(lambda: isinstance(launcher.dialog, SignInDialog) and launcher.dialog.isVisible())
    dialog = launcher.dialog
    dialog.username.clear()
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, "admin-pass-1")
    with qtbot.waitSignal(launcher.window_shown, timeout=10_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def _admin(qtbot, launcher: Launcher) -> AdminScreen:
    window = launcher.window
    assert window is not None
    screen = window.show_screen("admin")
    assert isinstance(screen, AdminScreen)
    screen.tabs.setCurrentIndex(1)
    assert screen.restore_button.isVisible()
    return screen


def _confirmation(qtbot, screen: AdminScreen) -> QMessageBox:
    qtbot.waitUntil(lambda: screen.context.extras.get("last_confirmation") is not None, timeout=10_000)
    return screen.context.extras.pop("last_confirmation")


def test_restore_a_backup_from_the_admin_screen(qtbot, backend, database, tmp_path: Path):
    users.create_user(database.uow(SystemActor("test")), "admin", "Ada Admin", "admin-pass-1", ["admin"])
    admin = users.sign_in(database.uow(), "admin", "admin-pass-1")
    users.create_user(database.uow(admin, "t"), "may", "May Lin", "coord-pass-1", ["coordinator"])
    may = users.sign_in(database.uow(), "may", "coord-pass-1")
    _enrol(database, may, "001")
    backup = backup_database(database, tmp_path / "copies" / "monday.sqlite3")
    _enrol(database, may, "002")
    live = database.sqlite_path
    assert live is not None and _numbers(live) == ["001", "002"]

    context = build_context(backend, UiSettings(tmp_path / "w.ini"), "en")
    launcher = Launcher(context, default_factories())
    launcher.start()
    _sign_in(qtbot, launcher)
    first_window = launcher.window
    screen = _admin(qtbot, launcher)

    # Asked first, naming the database in use and the backup, with what each holds; keeping it changes nothing.
    screen.restore_from(backup)
    box = _confirmation(qtbot, screen)
    text = box.text()
    assert str(live) in text and str(backup) in text
    assert "2 subject(s)" in text and "1 subject(s)" in text
    assert box.defaultButton().text() == "Keep the database in use"
    qtbot.mouseClick(box.defaultButton(), Qt.MouseButton.LeftButton)
    assert _numbers(live) == ["001", "002"]
    assert launcher.window is first_window

    # Confirmed: the backup replaces the database; the window starts again at the sign-in.
    screen.restore_from(backup)
    box = _confirmation(qtbot, screen)
    replace = next(b for b in box.findChildren(QPushButton) if b.text() == "Replace the database")
    qtbot.mouseClick(replace, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: launcher.window is None and isinstance(launcher.dialog, SignInDialog), timeout=20_000
    )
    assert context.user is None
    assert _numbers(live) == ["001"]
    aside = [p for p in live.parent.iterdir() if p.name.startswith(f"{live.stem}.before-restore-")]
    assert len(aside) == 1 and _numbers(aside[0]) == ["001", "002"]
    notice = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    assert "was restored" in notice.text() and aside[0].name in notice.text()
    notice.accept()

    # Signed in again, the window reads the restored records.
    _sign_in(qtbot, launcher)
    assert launcher.window is not None
    qtbot.addWidget(launcher.window)
    patients = launcher.window.show_screen("patients")
    qtbot.waitUntil(lambda: getattr(patients, "loaded", False), timeout=10_000)
    assert patients.shown_subject_numbers() == ["001"]
    assert not shiboken6.isValid(first_window) or not first_window.isVisible()


def test_a_backup_failing_the_checks_is_refused_in_the_window(qtbot, backend, database, tmp_path: Path):
    users.create_user(database.uow(SystemActor("test")), "admin", "Ada Admin", "admin-pass-1", ["admin"])
    backup = backup_database(database, tmp_path / "copies" / "bad.sqlite3")
    connection = sqlite3.connect(backup)
    connection.execute("DROP TRIGGER subjects_no_delete")
    connection.commit()
    connection.close()
    live = database.sqlite_path
    assert live is not None
    before = sorted(p.name for p in live.parent.iterdir() if live.stem in p.name)

    context = build_context(backend, UiSettings(tmp_path / "w.ini"), "en")
    launcher = Launcher(context, default_factories())
    launcher.start()
    _sign_in(qtbot, launcher)
    window = launcher.window
    qtbot.addWidget(window)
    screen = _admin(qtbot, launcher)
    screen.restore_from(backup)
    box = _confirmation(qtbot, screen)
    replace = next(b for b in box.findChildren(QPushButton) if b.text() == "Replace the database")
    qtbot.mouseClick(replace, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(
            w.objectName() == "userMessage" and w.isVisible() for w in QApplication.topLevelWidgets()
        ),
        timeout=20_000,
    )
    message = next(
        w for w in QApplication.topLevelWidgets() if w.objectName() == "userMessage" and w.isVisible()
    )
    assert "did not pass the checks" in message.text() and "subjects_no_delete" in message.text()
    message.accept()
    assert launcher.window is window and context.user is not None  # still signed in, on the same database
    assert sorted(p.name for p in live.parent.iterdir() if live.stem in p.name) == before
    # The window goes on working on the database it had (opened again after the refusal).
    assert backend.has_users() and users.sign_in(backend.database.uow(), "admin", "admin-pass-1")
