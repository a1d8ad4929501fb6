"""The Protocol screen: parameters with unconfirmed values highlighted; an investigator and a pharmacist approve
the version (signed off at the second approval); an administrator signs no protocol."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from app.ui.dialogs.esign import ESignatureDialog
from app.ui.dialogs.protocol_review import ProtocolReviewDialog
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


def _real_screen(qtbot, backend, tmp_path: Path, who) -> ProtocolScreen:
    from app.ui.service_backend import signed_in

    context = build_context(backend, UiSettings(tmp_path / f"{who.username}.ini"), "en")
    context.user = signed_in(who)
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    screen = window.show_screen("protocol")
    assert isinstance(screen, ProtocolScreen)
    qtbot.waitUntil(lambda: screen.status is not None, timeout=10_000)
    return screen


def _approve(qtbot, screen: ProtocolScreen) -> None:
    assert screen.sign_button.isVisible() and screen.sign_button.isEnabled()
    qtbot.mouseClick(screen.sign_button, Qt.MouseButton.LeftButton)
    review = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, ProtocolReviewDialog) and w.isVisible()
    )
    for row in range(review.model.rowCount()):  # each value confirmed, one by one
        review.confirm(row)
    qtbot.mouseClick(review.approve_button, Qt.MouseButton.LeftButton)
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, ESignatureDialog) and w.isVisible()
    )
    assert dialog.meaning == "approved"
    qtbot.keyClicks(dialog.password, "correct horse")
    sign = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Sign")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(sign, Qt.MouseButton.LeftButton)


def test_an_investigator_and_a_pharmacist_sign_off_the_protocol_version(qtbot, backend, database, tmp_path):
    from tests.integration._services import World

    world = World.build(database, sign_off=False)
    investigator = _real_screen(qtbot, backend, tmp_path, world.user("investigator"))
    assert "Not signed off" in investigator.state.text()
    box = investigator.only_unconfirmed
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
    assert investigator.model.rowCount() == investigator.model.unconfirmed_count() > 0
    _approve(qtbot, investigator)
    qtbot.waitUntil(
        lambda: "Approved by Dr Zhang Wei (investigator)" in investigator.state.text(), timeout=10_000
    )
    assert "Awaiting the approval of: pharmacist." in investigator.state.text()
    assert investigator.status is not None and investigator.status.signed_off_at is None
    assert not investigator.sign_button.isEnabled()  # the same person cannot approve twice

    pharmacist = _real_screen(qtbot, backend, tmp_path, world.user("pharmacist"))
    _approve(qtbot, pharmacist)
    qtbot.waitUntil(lambda: "Signed off by Wang Fang" in pharmacist.state.text(), timeout=10_000)
    assert "Approved by Dr Zhang Wei" in pharmacist.state.text()
    assert not pharmacist.sign_button.isEnabled()


@pytest.mark.parametrize("role", ["admin", "coordinator", "nurse"])
def test_others_cannot_sign_off(qtbot, tmp_path, role):
    _backend, screen = _screen(qtbot, tmp_path, role)
    assert not screen.sign_button.isVisible()
    assert screen.sign_off() is None


def test_the_sign_off_lists_each_unconfirmed_value_for_the_signer_to_confirm(qtbot, tmp_path):
    _backend, screen = _screen(qtbot, tmp_path, "investigator")
    review = screen.sign_off()
    assert isinstance(review, ProtocolReviewDialog)
    model = review.model
    assert model.rowCount() == screen.model.unconfirmed_count() > 0  # every unconfirmed value, one row each
    names = [model.item(row, 0).text() for row in range(model.rowCount())]
    assert "regimen.dose_levels_mg_per_kg" in names
    levels = names.index("regimen.dose_levels_mg_per_kg")
    assert model.item(levels, 1).text() == "5, 4, 3"  # its value
    assert "starting level first" in model.item(levels, 2).text()  # the protocol file's note on it
    assert all(model.item(row, 2).text() for row in range(model.rowCount()))
    assert "new version" in review.findChild(QLabel, "changeNote").text()  # how a wrong value is changed
    assert not review.approve_button.isEnabled()
    for row in range(model.rowCount() - 1):
        review.confirm(row)
    assert not review.approve_button.isEnabled()  # one value still unconfirmed
    review.table.selectRow(model.rowCount() - 1)
    qtbot.mouseClick(review.confirm_button, Qt.MouseButton.LeftButton)
    assert "{0} of {0} values confirmed".format(model.rowCount()) == review.count.text()
    assert review.approve_button.isEnabled()
    with qtbot.waitSignal(review.accepted):
        qtbot.mouseClick(review.approve_button, Qt.MouseButton.LeftButton)
    signature = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, ESignatureDialog) and w.isVisible()
    )
    assert signature.meaning == "approved"
