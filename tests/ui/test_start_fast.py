"""Start-up paints the sign-in before it opens the database: no SQLAlchemy, Alembic, reportlab or PDFium is
imported when the sign-in shows; the database opens on the op runner while the user types; a database with no
user yet turns the sign-in into the first-administrator dialog; a database that cannot be opened is said in
plain words and the program ends with status 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt

from app.services import users
from app.services.audit import SystemActor
from app.services.database import open_database
from app.ui.dialogs.sign_in import FirstAdminDialog, SignInDialog
from app.ui.main import Launcher, build_context
from app.ui.screens.registry import default_factories
from app.ui.service_backend import ServiceBackend
from app.ui.settings import UiSettings

ROOT = Path(__file__).resolve().parents[2]

_SIGN_IN = """
import argparse, sys
from PySide6.QtCore import QTimer
from app.ui.main import run_gui

HEAVY = ("sqlalchemy", "alembic", "reportlab", "pypdfium2", "matplotlib", "pandas", "pyreadstat", "numpy")

def watch(launcher):
    def shown(dialog):
        if getattr(launcher, "_seen", False):
            return
        launcher._seen = True
        heavy = sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] in HEAVY})
        print("shown:", type(dialog).__name__, "heavy:", heavy, "open:", launcher.context.backend.is_open, flush=True)
        dialog.username.setText("admin")
        dialog.password.setText(sys.argv[2])
        dialog.accept()
    def window(win):
        print("window:", win.context.user.username, flush=True)
        win.close()
        launcher.given_up.emit()
    launcher.dialog_shown.connect(shown)
    launcher.window_shown.connect(window)
    QTimer.singleShot(30_000, lambda: (print("gave up waiting", flush=True), launcher.given_up.emit()))

sys.exit(run_gui(argparse.Namespace(database=sys.argv[1]), on_launcher=watch))
"""

_CANNOT_OPEN = """
import argparse, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from app.ui.main import make_app, run_gui

make_app()

def close_boxes():
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "userMessage" and w.isVisible()]
    if not boxes:
        QTimer.singleShot(50, close_boxes)
        return
    print("box:", boxes[0].text().replace("\\n", " "), flush=True)
    boxes[0].accept()

QTimer.singleShot(50, close_boxes)
sys.exit(run_gui(argparse.Namespace(database=sys.argv[1])))
"""


def _run(code: str, *args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DOSEDESK_DATA_DIR": str(data)}
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def test_the_sign_in_shows_before_the_database_and_its_libraries_are_loaded(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'named.sqlite3'}"
    database = open_database(url)
    users.create_user(database.uow(SystemActor("test")), "admin", "Ada Admin", "admin-pass-1", ["admin"])
    database.dispose()
    data = tmp_path / "data"
    UiSettings(data / "window.ini").last_user = "admin"  # someone signed in on this computer before

    done = _run(_SIGN_IN, url, "admin-pass-1", data=data)
    assert done.returncode == 0, done.stderr
    assert "shown: SignInDialog heavy: [] open: False" in done.stdout, done.stdout + done.stderr
    assert "window: admin" in done.stdout, done.stdout + done.stderr


def test_a_database_that_cannot_be_opened_is_said_plainly_and_ends_the_program(tmp_path: Path):
    not_a_database = tmp_path / "notes.sqlite3"
    not_a_database.write_text("shopping list: milk, eggs\n" * 200)
    done = _run(_CANNOT_OPEN, f"sqlite:///{not_a_database}", data=tmp_path / "data")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "box:" in done.stdout and "Traceback" not in done.stdout


def test_sign_in_first_then_the_first_administrator_when_the_database_has_no_user(qtbot, tmp_path: Path):
    settings = UiSettings(tmp_path / "w.ini")
    settings.last_user = "admin"  # signed in here before, on another database
    backend = ServiceBackend(url=f"sqlite:///{tmp_path / 'new.sqlite3'}")
    context = build_context(backend, settings, "en")
    launcher = Launcher(context, default_factories())
    gave_up: list[bool] = []
    launcher.given_up.connect(lambda: gave_up.append(True))
    launcher.start()
    assert isinstance(launcher.dialog, SignInDialog)  # painted at once, before the database is opened
    first = launcher.dialog
    qtbot.waitUntil(lambda: isinstance(launcher.dialog, FirstAdminDialog), timeout=10_000)
    assert backend.is_open and not shiboken6.isValid(first) and gave_up == []
    qtbot.keyClicks(launcher.dialog.username, "li.na")
    qtbot.keyClicks(launcher.dialog.full_name, "Li Na")
    qtbot.keyClicks(launcher.dialog.password, "long enough pass")
    qtbot.keyClicks(launcher.dialog.repeat, "long enough pass")
    with qtbot.waitSignal(launcher.window_shown, timeout=10_000):
        qtbot.keyClick(launcher.dialog.repeat, Qt.Key.Key_Return)
    qtbot.addWidget(launcher.window)
    assert gave_up == []
    backend.close()


_PAPER_LANGUAGES = """
import sys
from app.services.database import open_database
from app.ui.service_backend import ServiceBackend
backend = ServiceBackend(open_database(sys.argv[1]))
print(backend.paper_languages(), "reportlab" in sys.modules, flush=True)
"""


def test_the_first_screens_paper_language_box_loads_no_printing(tmp_path: Path) -> None:
    """Today's day-list language box asks the site's paper languages as it is shown, just after sign-in:
    answering it once imported reportlab and the fonts (about 0.4 s of the wait for the main window)."""
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "-c", _PAPER_LANGUAGES, url], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == ["('en',", "'zh')", "False"], done.stdout + done.stderr
