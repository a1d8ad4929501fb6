"""The Protocol screen: parameters with unconfirmed values highlighted; the admin signs the version off."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from app.ui.dialogs.esign import ESignatureDialog
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.protocol import ProtocolScreen
from app.ui.screens.registry import default_factories
from app.ui.settings import UiSettings
from tests.ui.fakes import ProtocolBackend


def _screen(qtbot, tmp_path: Path, *roles: str) -> tuple[ProtocolBackend, ProtocolScreen]:
    backend = ProtocolBackend()
    context = build_context(backend, UiSettings(tmp_path / "w.ini"), "en")
    context.user = backend.add("ada", "admin-pass-1", *roles, full_name="Ada Admin")
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    screen = window.show_screen("protocol")
    assert isinstance(screen, ProtocolScreen)
    qtbot.waitUntil(lambda: screen.status is not None)
    return backend, screen


def test_admin_signs_off_the_protocol_version(qtbot, tmp_path):
    backend, screen = _screen(qtbot, tmp_path, "admin")
    assert "Not signed off" in screen.state.text()
    box = screen.only_unconfirmed
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
    assert screen.model.rowCount() == screen.model.unconfirmed_count() > 0
    assert screen.sign_button.isEnabled()
    qtbot.mouseClick(screen.sign_button, Qt.MouseButton.LeftButton)
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, ESignatureDialog) and w.isVisible()
    )
    assert dialog.meaning == "approved"
    qtbot.keyClicks(dialog.password, "admin-pass-1")
    sign = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Sign")
    qtbot.mouseClick(sign, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.status is not None and screen.status.signed_off_at is not None)
    assert backend.signed_by == "Ada Admin"
    assert "Signed off by Ada Admin" in screen.state.text()
    assert not screen.sign_button.isEnabled()


def test_others_cannot_sign_off(qtbot, tmp_path):
    _backend, screen = _screen(qtbot, tmp_path, "pharmacist")
    assert not screen.sign_button.isVisible()
    assert screen.sign_off() is None
