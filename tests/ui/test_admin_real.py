"""The Admin screen on a real database: users and roles managed through the window, and a backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QPushButton
from sqlalchemy import select

from app.models import User
from app.services import users
from app.services.audit import SystemActor
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.admin import AdminScreen, UserDialog
from app.ui.screens.registry import default_factories
from app.ui.service_backend import signed_in
from app.ui.settings import UiSettings


def _admin_screen(qtbot, backend, database, tmp_path: Path) -> AdminScreen:
    users.create_user(database.uow(SystemActor("test")), "ada", "Ada Admin", "admin-pass-1", ["admin"])
    context = build_context(backend, UiSettings(tmp_path / "w.ini"), "en")
    context.user = signed_in(users.sign_in(database.uow(), "ada", "admin-pass-1"))
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    screen = window.show_screen("admin")
    assert isinstance(screen, AdminScreen)
    qtbot.waitUntil(lambda: screen.users_model.rowCount() == 1, timeout=10_000)
    return screen


def _tick(qtbot, box) -> None:
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def _user(database, name: str) -> User:
    with database.session_factory() as session:
        return session.execute(select(User).where(User.username == name)).scalar_one()


def test_admin_adds_a_user_and_changes_roles(qtbot, backend, database, tmp_path):
    screen = _admin_screen(qtbot, backend, database, tmp_path)
    qtbot.mouseClick(screen.add_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, UserDialog) and w.isVisible())
    qtbot.keyClicks(dialog.username, "wang.fang")
    qtbot.keyClicks(dialog.full_name, "Wang Fang")
    qtbot.keyClicks(dialog.password, "temporary-1")
    save = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Save")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
    assert "role" in dialog.message.text()  # the service refuses a user without a role, in its words
    _tick(qtbot, dialog.role_boxes["pharmacist"])
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.users_model.rowCount() == 2, timeout=10_000)
    assert _user(database, "wang.fang").role_names == {"pharmacist"}

    assert screen.select_user("wang.fang")
    qtbot.mouseClick(screen.roles_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, UserDialog) and w.isVisible())
    assert dialog.role_boxes["pharmacist"].isChecked()
    _tick(qtbot, dialog.role_boxes["investigator"])
    qtbot.mouseClick(
        next(b for b in dialog.findChildren(QPushButton) if b.text() == "Save"), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=10_000)
    assert _user(database, "wang.fang").role_names == {"pharmacist", "investigator"}

    qtbot.waitUntil(lambda: screen.select_user("wang.fang"))
    qtbot.mouseClick(screen.active_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not _user(database, "wang.fang").active, timeout=10_000)


def test_backup_writes_a_consistent_copy(qtbot, backend, database, tmp_path):
    screen = _admin_screen(qtbot, backend, database, tmp_path)
    target = tmp_path / "copy.sqlite3"
    screen.backup_to(target)
    qtbot.waitUntil(lambda: "written" in screen.backup_state.text(), timeout=20_000)
    with sqlite3.connect(target) as copy:
        assert copy.execute("select username from users").fetchall() == [("ada",)]


def test_a_pharmacist_window_offers_the_real_screens(qtbot, backend, database, tmp_path):
    """On the real services every screen a pharmacist may use is the working one, not a "not yet" page."""
    from app.ui.screens.base import NotYetScreen

    users.create_user(database.uow(SystemActor("test")), "ada", "Ada Admin", "admin-pass-1", ["admin"])
    admin = users.sign_in(database.uow(), "ada", "admin-pass-1")
    users.create_user(database.uow(admin, "t"), "wang", "Wang Fang", "pharm-pass-1", ["pharmacist"])
    context = build_context(backend, UiSettings(tmp_path / "w.ini"), "en")
    context.user = signed_in(users.sign_in(database.uow(), "wang", "pharm-pass-1"))
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    assert window.visible_screens() == ["today", "patients", "orders", "stock", "protocol", "exposure"]
    assert not any(isinstance(window.screens[key], NotYetScreen) for key in window.visible_screens())


def test_audit_trail_filters_and_exports(qtbot, backend, database, tmp_path):
    import csv

    screen = _admin_screen(qtbot, backend, database, tmp_path)
    admin = users.sign_in(database.uow(), "ada", "admin-pass-1")
    users.create_user(
        database.uow(admin, "new pharmacist"), "wang", "Wang Fang", "pharm-pass-1", ["pharmacist"]
    )
    qtbot.waitUntil(
        lambda: screen.audit_model.rowCount() > 0, timeout=10_000
    )  # filled when the screen opened
    qtbot.keyClicks(screen.audit_what, "user_roles")
    qtbot.mouseClick(
        next(b for b in screen.findChildren(QPushButton) if b.objectName() == "auditSearch"),
        Qt.MouseButton.LeftButton,
    )
    qtbot.waitUntil(
        lambda: (
            screen.audit_model.rowCount() > 0
            and all(
                screen.audit_model.record(r).table == "user_roles"
                for r in range(screen.audit_model.rowCount())
            )
        ),
        timeout=10_000,
    )
    target = tmp_path / "audit.csv"
    screen.export_audit(target)
    assert screen.context.runner.wait_until_idle()
    with target.open(encoding="utf-8-sig") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == screen.audit_model.rowCount()
    assert {r["table"] for r in rows} == {"user_roles"}
    assert any(r["reason"] == "new pharmacist" for r in rows)
