"""Starting the window on a real SQLite database: first administrator, sign-in, lock, all through services."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from app.models import User
from app.services import users
from app.services.audit import SystemActor
from app.ui.dialogs.sign_in import FirstAdminDialog, SignInDialog
from app.ui.main import Launcher, build_context
from app.ui.screens.registry import default_factories
from app.ui.settings import UiSettings


def _click(qtbot, dialog, text: str) -> None:
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_first_start_on_an_empty_database_creates_the_admin(qtbot, backend, database, tmp_path: Path):
    context = build_context(backend, UiSettings(tmp_path / "w.ini"), "en")
    launcher = Launcher(context, default_factories())
    launcher.start()
    qtbot.waitUntil(lambda: launcher.dialog is not None)
    dialog = launcher.dialog
    assert isinstance(dialog, FirstAdminDialog)
    qtbot.keyClicks(dialog.username, "Li.Na")
    qtbot.keyClicks(dialog.full_name, "Li Na")
    qtbot.keyClicks(dialog.password, "short")
    qtbot.keyClicks(dialog.repeat, "short")
    _click(qtbot, dialog, "Create account")
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    assert "at least 8 characters" in dialog.message.text()  # the service's words, as they are
    qtbot.keyClicks(dialog.password, "long enough pass")
    qtbot.keyClicks(dialog.repeat, "long enough pass")
    with qtbot.waitSignal(launcher.window_shown, timeout=10_000):
        _click(qtbot, dialog, "Create account")
    qtbot.addWidget(launcher.window)
    with database.session_factory() as session:
        [user] = session.execute(select(User)).scalars()
        assert (user.username, user.full_name, user.role_names) == ("li.na", "Li Na", {"admin"})
    assert "admin" in launcher.window.visible_screens()
    assert str(database.sqlite_path) in launcher.window.database_label.text()


def test_sign_in_and_unlock_on_a_real_database(qtbot, backend, database, tmp_path: Path):
    users.create_user(database.uow(SystemActor("test")), "admin", "Ada Admin", "admin-pass-1", ["admin"])
    admin = users.sign_in(database.uow(), "admin", "admin-pass-1")
    users.create_user(database.uow(admin, "new"), "wang", "Wang Fang", "pharm-pass-1", ["pharmacist"])
    context = build_context(backend, UiSettings(tmp_path / "w.ini"), "en")
    launcher = Launcher(context, default_factories())
    launcher.start()
    qtbot.waitUntil(lambda: launcher.dialog is not None)
    dialog = launcher.dialog
    assert isinstance(dialog, SignInDialog)
    qtbot.keyClicks(dialog.username, "wang")
    qtbot.keyClicks(dialog.password, "wrong-pass")
    _click(qtbot, dialog, "Sign in")
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    assert dialog.message.text() == users.WRONG_CREDENTIALS
    with database.session_factory() as session:
        assert session.execute(select(User.failed_sign_ins).where(User.username == "wang")).scalar_one() == 1
    qtbot.keyClicks(dialog.password, "pharm-pass-1")
    with qtbot.waitSignal(launcher.window_shown, timeout=10_000):
        _click(qtbot, dialog, "Sign in")
    window = launcher.window
    qtbot.addWidget(window)
    assert "admin" not in window.visible_screens()

    window.lock()
    qtbot.keyClicks(window.lock_screen.password, "admin-pass-1")  # another user's password does not unlock
    qtbot.mouseClick(window.lock_screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lock_screen.message.isVisible())
    assert window.is_locked
    qtbot.keyClicks(window.lock_screen.password, "pharm-pass-1")
    with qtbot.waitSignal(window.locked_changed, timeout=10_000):
        qtbot.mouseClick(window.lock_screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.is_locked


_RUN_GUI = """
import argparse, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from app.ui.dialogs.sign_in import FirstAdminDialog
from app.ui.main import make_app, run_gui

make_app()

def close_first_dialog():
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, FirstAdminDialog) and w.isVisible()]
    if not dialogs:
        QTimer.singleShot(50, close_first_dialog)
        return
    print("dialog:", dialogs[0].windowTitle(), flush=True)
    dialogs[0].reject()

QTimer.singleShot(50, close_first_dialog)
sys.exit(run_gui(argparse.Namespace(database=sys.argv[1])))
"""


def test_run_gui_opens_the_database_named_and_ends_when_the_first_dialog_is_closed(tmp_path: Path):
    """The whole start-up in its own process (it runs and ends the application's event loop)."""
    import os
    import subprocess
    import sys

    path = tmp_path / "named.sqlite3"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DOSEDESK_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-c", _RUN_GUI, f"sqlite:///{path}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert "dialog: First start: create the administrator" in done.stdout
    assert path.exists()  # created on first start


def test_a_reset_password_must_be_changed_at_sign_in(qtbot, backend, database, tmp_path: Path):
    from app.ui.dialogs.sign_in import ChangePasswordDialog

    users.create_user(database.uow(SystemActor("test")), "admin", "Ada Admin", "admin-pass-1", ["admin"])
    admin = users.sign_in(database.uow(), "admin", "admin-pass-1")
    wang = users.create_user(database.uow(admin, "new"), "wang", "Wang Fang", "pharm-pass-1", ["pharmacist"])
    users.reset_password(database.uow(admin, "forgotten"), wang.id, "temporary-9")
    context = build_context(backend, UiSettings(tmp_path / "w.ini"), "en")
    launcher = Launcher(context, default_factories())
    launcher.start()
    qtbot.waitUntil(lambda: launcher.dialog is not None)
    dialog = launcher.dialog
    qtbot.keyClicks(dialog.username, "wang")
    qtbot.keyClicks(dialog.password, "temporary-9")
    _click(qtbot, dialog, "Sign in")
    qtbot.waitUntil(lambda: isinstance(launcher.dialog, ChangePasswordDialog), timeout=10_000)
    change = launcher.dialog
    qtbot.keyClicks(change.old, "temporary-9")
    qtbot.keyClicks(change.new, "my own pass 1")
    qtbot.keyClicks(change.repeat, "my own pass 1")
    with qtbot.waitSignal(launcher.window_shown, timeout=10_000):
        _click(qtbot, change, "Change password")
    qtbot.addWidget(launcher.window)
    assert users.sign_in(database.uow(), "wang", "my own pass 1").must_change_password is False
