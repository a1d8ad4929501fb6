"""The window's shell, driven as a user would: first start, sign-in, roles, idle lock, switching user."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.ui.context import AppContext
from app.ui.dialogs.esign import ESignatureDialog
from app.ui.dialogs.sign_in import FirstAdminDialog, SignInDialog
from app.ui.drafts import DraftStore
from app.ui.main import Launcher, build_context
from app.ui.main_window import MainWindow
from app.ui.screens.base import Screen
from app.ui.settings import UiSettings
from tests.ui.fakes import MemoryBackend


class NoteScreen(Screen):
    """A screen with one text field and a draft, standing in for a real screen."""

    def __init__(self, context: AppContext, key: str) -> None:
        self.key = key
        super().__init__(context)
        self.note = QLineEdit(self)
        self.note.setObjectName("note")
        QVBoxLayout(self).addWidget(self.note)

    def title(self) -> str:
        return self.key.title()

    def save_drafts(self, store: DraftStore) -> int:
        if not self.note.text():
            return 0
        store.save(f"note:{self.key}", {"text": self.note.text()})
        return 1


class DraftDialog(QDialog):
    """An open form with unsaved input (a DraftHolder)."""

    def __init__(self) -> None:
        super().__init__()
        self.field = QLineEdit(self)
        QVBoxLayout(self).addWidget(self.field)

    def draft_key(self) -> str:
        return "form:weight"

    def draft_state(self) -> dict[str, Any] | None:
        return {"weight": self.field.text()} if self.field.text() else None

    def restore_draft(self, state: dict[str, Any]) -> None:
        self.field.setText(state["weight"])


def factories() -> dict[str, Any]:
    keys = ("today", "patients", "orders", "stock", "protocol", "admin")
    return {k: (lambda ctx, k=k: NoteScreen(ctx, k)) for k in keys}


@pytest.fixture
def backend() -> MemoryBackend:
    return MemoryBackend()


@pytest.fixture
def context(backend: MemoryBackend, tmp_path: Path) -> AppContext:
    return build_context(backend, UiSettings(tmp_path / "window.ini"), "en")


def _click_ok(qtbot, dialog: QDialog, text: str) -> None:
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _launch(qtbot, context: AppContext) -> Launcher:
    launcher = Launcher(context, factories())
    launcher.start()
    qtbot.waitUntil(lambda: launcher.dialog is not None and launcher.dialog.isVisible())
    return launcher


def test_first_start_creates_the_first_admin_and_opens_the_window(qtbot, context, backend):
    launcher = _launch(qtbot, context)
    dialog = launcher.dialog
    assert isinstance(dialog, FirstAdminDialog)
    qtbot.keyClicks(dialog.username, "amira")
    qtbot.keyClicks(dialog.full_name, "Amira Chen")
    qtbot.keyClicks(dialog.password, "correct horse")
    qtbot.keyClicks(dialog.repeat, "correct horsf")
    _click_ok(qtbot, dialog, "Create account")
    assert "not the same" in dialog.message.text()
    assert backend.users == {}
    qtbot.keyClicks(dialog.password, "correct horse")
    qtbot.keyClicks(dialog.repeat, "correct horse")
    with qtbot.waitSignal(launcher.window_shown, timeout=5000):
        _click_ok(qtbot, dialog, "Create account")
    window = launcher.window
    assert window is not None
    qtbot.addWidget(window)
    assert backend.users["amira"][1].roles == {"admin"}
    assert window.visible_screens() == ["today", "patients", "orders", "stock", "protocol", "admin"]
    assert "Amira Chen" in window.user_label.text()
    assert context.settings.last_user == "amira"
    assert threading.get_ident() not in backend.threads  # every backend call ran off the GUI thread


def test_sign_in_refuses_a_wrong_password_then_signs_in(qtbot, context, backend):
    backend.add("li", "pharmacy-pass", "pharmacist", full_name="Li Wei")
    launcher = _launch(qtbot, context)
    dialog = launcher.dialog
    assert isinstance(dialog, SignInDialog)
    qtbot.keyClicks(dialog.username, "li")
    qtbot.keyClicks(dialog.password, "wrong")
    _click_ok(qtbot, dialog, "Sign in")
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    assert dialog.message.text() == "The user name or the password is wrong."
    assert dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, "pharmacy-pass")
    with qtbot.waitSignal(launcher.window_shown, timeout=5000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    window = launcher.window
    qtbot.addWidget(window)
    # A pharmacist has no Admin screen and no Admin entry in the Go menu.
    assert "admin" not in window.visible_screens()
    assert not window.go_actions["admin"].isVisible()
    assert window.go_actions["stock"].isVisible()
    assert window.show_screen("admin") is None


def test_coordinator_sees_no_orders_or_stock(qtbot, context, backend):
    context.user = backend.add("may", "coordinate!", "coordinator")
    window = MainWindow(context, factories())
    qtbot.addWidget(window)
    assert window.visible_screens() == ["today", "patients", "protocol"]
    assert window.show_screen("patients") is window.screens["patients"]
    assert window.current_screen() is window.screens["patients"]


def _signed_in_window(qtbot, context, backend) -> MainWindow:
    context.user = backend.add("li", "pharmacy-pass", "pharmacist", full_name="Li Wei")
    backend.add("zhou", "investigate!", "investigator", full_name="Zhou Min")
    window = MainWindow(context, factories())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_idle_lock_covers_the_window_and_keeps_unsaved_input(qtbot, context, backend):
    window = _signed_in_window(qtbot, context, backend)
    screen = window.screens["today"]
    qtbot.keyClicks(screen.note, "half-typed note")
    form = DraftDialog()
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.field, "71.3")

    window.idle.set_interval_ms(50)
    with qtbot.waitSignal(window.locked_changed, timeout=3000):
        pass
    assert window.is_locked
    assert not window.workspace.isVisible()
    assert not form.isVisible()
    assert not window.menuBar().isEnabled()
    assert "Li Wei" in window.lock_screen.who.text()

    qtbot.keyClicks(window.lock_screen.password, "nope")
    qtbot.mouseClick(window.lock_screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lock_screen.message.isVisible())
    assert window.is_locked

    qtbot.keyClicks(window.lock_screen.password, "pharmacy-pass")
    with qtbot.waitSignal(window.locked_changed, timeout=3000):
        qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    assert not window.is_locked
    assert screen.note.text() == "half-typed note"
    assert form.isVisible() and form.field.text() == "71.3"
    assert window.idle.running


def test_another_user_at_the_locked_window_saves_drafts_and_closes_the_work(qtbot, context, backend):
    window = _signed_in_window(qtbot, context, backend)
    qtbot.keyClicks(window.screens["orders"].note, "verify order 12 next")
    form = DraftDialog()
    form.show()
    qtbot.keyClicks(form.field, "68")
    window.lock()
    assert window.is_locked and not form.isVisible()

    qtbot.mouseClick(window.lock_screen.switch_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "switchUserDialog")
    qtbot.keyClicks(dialog.username, "zhou")
    qtbot.keyClicks(dialog.password, "investigate!")
    with qtbot.waitSignal(window.user_changed, timeout=3000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    assert not window.is_locked
    assert context.user is not None and context.user.username == "zhou"
    assert "Zhou Min" in window.user_label.text()
    assert window.screens["orders"].note.text() == ""  # Li's work is closed...
    li_drafts = DraftStore("li")
    assert li_drafts.load("note:orders") == {"text": "verify order 12 next"}  # ...and kept for Li
    assert li_drafts.load("form:weight") == {"weight": "68"}
    assert not form.isVisible()
    assert DraftStore("zhou").keys() == []


def test_esignature_shows_its_meaning_and_needs_the_password(qtbot, context, backend):
    user = backend.add("li", "pharmacy-pass", "pharmacist", full_name="Li Wei")
    signed: list[str] = []

    def sign(password: str) -> str:
        backend.sign_in("li", password)
        signed.append("order 7")
        return "signature 1"

    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = ESignatureDialog(context.runner, user, "verified", "Order 7, C2D15, subject 003", sign, parent)
    dialog.show()
    assert "Verified" in dialog.findChild(QWidget, "meaning").text()
    assert "recomputed" in dialog.findChild(QWidget, "statement").text()
    assert "Order 7" in dialog.findChild(QWidget, "record").text()
    qtbot.keyClicks(dialog.password, "bad")
    _click_ok(qtbot, dialog, "Sign")
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    assert signed == [] and dialog.isVisible()
    qtbot.keyClicks(dialog.password, "pharmacy-pass")
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        _click_ok(qtbot, dialog, "Sign")
    assert signed == ["order 7"]
    assert dialog.result_value == "signature 1"


def test_idle_minutes_setting_is_kept(qtbot, context, backend):
    window = _signed_in_window(qtbot, context, backend)
    assert window.idle.interval_ms() == 5 * 60_000  # the default
    window.set_idle_minutes(12)
    assert UiSettings(context.settings.path).idle_lock_minutes == 12
    assert window.idle.interval_ms() == 12 * 60_000


def test_the_first_screen_is_activated_once_at_sign_in_and_after_a_switch(qtbot, context, backend):
    """Activating reloads a screen's records: the window must not ask the database for Today twice."""
    activations: list[str] = []

    class CountingScreen(NoteScreen):
        def activate(self) -> None:
            activations.append(self.context.require_user().username)

    backend.add("li", "pharmacy-pass", "pharmacist", full_name="Li Wei")
    backend.add("zhou", "investigate!", "investigator", full_name="Zhou Min")
    context.user = backend.sign_in("li", "pharmacy-pass")
    keys = ("today", "patients", "orders", "stock", "protocol", "admin")
    window = MainWindow(context, {k: (lambda ctx, k=k: CountingScreen(ctx, k)) for k in keys})
    qtbot.addWidget(window)
    window.show()
    assert activations == ["li"]
    window.lock()
    qtbot.mouseClick(window.lock_screen.switch_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "switchUserDialog")
    qtbot.keyClicks(dialog.username, "zhou")
    qtbot.keyClicks(dialog.password, "investigate!")
    with qtbot.waitSignal(window.user_changed, timeout=3000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert activations == ["li", "zhou"]


def test_a_sign_in_done_before_the_database_answers_opens_one_window_and_no_second_sign_in(
    qtbot, tmp_path: Path
):
    backend = MemoryBackend()
    backend.add("may", "coord-pass", "coordinator")
    settings = UiSettings(tmp_path / "w.ini")
    settings.last_user = "may"
    launcher = Launcher(build_context(backend, settings, "en"), factories())
    shown: list[QDialog] = []

    def sign_in_at_once(dialog: QDialog) -> None:  # a password manager fills and submits as it appears
        shown.append(dialog)
        if len(shown) == 1 and isinstance(dialog, SignInDialog):
            dialog.password.setText("coord-pass")
            dialog.accept()

    launcher.dialog_shown.connect(sign_in_at_once)
    with qtbot.waitSignal(launcher.window_shown, timeout=10_000):
        launcher.start()  # the sign-in is queued before "has users?"
    qtbot.addWidget(launcher.window)
    qtbot.waitUntil(lambda: "has_users" in backend.calls and not launcher.context.runner.busy)
    qtbot.wait(50)
    assert backend.calls.index("sign_in") < backend.calls.index("has_users")
    assert len(shown) == 1 and launcher.dialog is None
    assert not any(isinstance(w, SignInDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
