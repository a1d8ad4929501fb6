"""The weight, labs and enrol forms keep their unsaved input: across an idle lock (the form is only hidden),
and across another user signing in at the locked window (kept as a draft for its user, given back when the
form opens again, dropped once the form is saved). Driven through the window on a real database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from sqlalchemy import select

pytest.importorskip("app.services.queries")

from app.models import LabResult, Subject, Weight
from app.ui.dialogs.clinical import LabsDialog, WeightDialog
from app.ui.dialogs.enrol import EnrolDialog
from app.ui.drafts import DraftStore
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.patients import PatientsScreen
from app.ui.screens.registry import default_factories
from app.ui.service_backend import signed_in
from app.ui.settings import UiSettings
from tests.integration._services import PASSWORD, World

FORMS = {"weight": WeightDialog, "labs": LabsDialog, "enrol": EnrolDialog}


def _fill(qtbot, form: str, dialog) -> None:
    if form == "weight":
        qtbot.keyClicks(dialog.weight, "60.2")
        qtbot.keyClicks(dialog.measured_by, "Nurse Ho")
    elif form == "labs":
        qtbot.keyClicks(dialog.values["neutrophils"], "1.8")
        qtbot.keyClicks(dialog.values["bilirubin"], "14")
        dialog.units["bilirubin"].setCurrentText("µmol/L")
        qtbot.keyClicks(dialog.ulns["bilirubin"], "21")
        qtbot.keyClicks(dialog.llns["neutrophils"], "2.0")
    else:
        qtbot.keyClicks(dialog.number, "009")
        qtbot.keyClicks(dialog.initials, "WQ")
        qtbot.keyClicks(dialog.weight, "57.5")
        qtbot.keyClicks(dialog.height_cm, "160")
        qtbot.keyClicks(dialog.allergies, "iodine contrast")
        dialog.liver.setChecked(True)


def _as_filled(form: str, dialog) -> bool:
    if form == "weight":
        return (dialog.weight.text(), dialog.measured_by.text()) == ("60.2", "Nurse Ho")
    if form == "labs":
        return (
            dialog.values["neutrophils"].text(),
            dialog.values["bilirubin"].text(),
            dialog.units["bilirubin"].currentText(),
            dialog.ulns["bilirubin"].text(),
            dialog.llns["neutrophils"].text(),
        ) == ("1.8", "14", "µmol/L", "21", "2.0")
    return (
        dialog.number.text(),
        dialog.initials.text(),
        dialog.weight.text(),
        dialog.allergies.text(),
        dialog.liver.isChecked(),
    ) == ("009", "WQ", "57.5", "iodine contrast", True)


def _open(qtbot, window: MainWindow, form: str, subject_id: int):
    screen = window.show_screen("patients")
    assert isinstance(screen, PatientsScreen)
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    if form == "enrol":
        qtbot.mouseClick(screen.enrol_button, Qt.MouseButton.LeftButton)
    else:
        screen.open_subject(subject_id)
        qtbot.waitUntil(lambda: screen.chart.chart is not None, timeout=10_000)
        screen.chart.tabs.setCurrentIndex(2)
        button = screen.chart.weight_button if form == "weight" else screen.chart.labs_button
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, FORMS[form]) and w.isVisible())


def _sign_in_at_lock(qtbot, window: MainWindow, username: str) -> None:
    qtbot.mouseClick(window.lock_screen.switch_button, Qt.MouseButton.LeftButton)
    dialog = next(
        w for w in QApplication.topLevelWidgets() if w.objectName() == "switchUserDialog" and w.isVisible()
    )
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=10_000)


@pytest.mark.parametrize("form", ["weight", "labs", "enrol"])
def test_unsaved_input_survives_the_idle_lock_and_another_user(
    qtbot, backend, database, tmp_path: Path, form
):
    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=1)
    subject_id = world.enrol("001-001", c1d1=date.today() + timedelta(days=3))
    investigator = world.user("investigator")
    context = build_context(backend, UiSettings(tmp_path / "w.ini"), "en")
    context.user = signed_in(investigator)
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()

    dialog = _open(qtbot, window, form, subject_id)
    _fill(qtbot, form, dialog)

    # The idle lock hides the form; the same user's password brings it back as it was.
    window.idle.set_interval_ms(30)
    with qtbot.waitSignal(window.locked_changed, timeout=3000):
        pass
    assert window.is_locked and not dialog.isVisible()
    qtbot.keyClicks(window.lock_screen.password, PASSWORD)
    with qtbot.waitSignal(window.locked_changed, timeout=5000):
        qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and _as_filled(form, dialog)
    window.idle.set_interval_ms(60 * 60_000)

    # Someone else signs in at the locked window: the form is closed, its input kept for the investigator.
    window.lock()
    _sign_in_at_lock(qtbot, window, "coordinator")
    assert context.user is not None and context.user.username == "coordinator"
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(), timeout=5000)
    assert DraftStore(investigator.username).keys() == [dialog.draft_key()]
    assert DraftStore("coordinator").keys() == []

    # The coordinator's own form starts empty; the investigator, back, finds the input in the form.
    other = _open(qtbot, window, form, subject_id)
    assert not _as_filled(form, other)
    other.reject()
    window.lock()
    _sign_in_at_lock(qtbot, window, investigator.username)
    again = _open(qtbot, window, form, subject_id)
    assert _as_filled(form, again)

    # Saved: the record is made and the draft is gone.
    if form == "labs":
        qtbot.keyClicks(again.values["platelets"], "210")
    button = next(b for b in again.findChildren(QPushButton) if b.text() in ("Record", "Enrol"))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(again) or again.message.isVisible(), timeout=10_000)
    assert not shiboken6.isValid(again), again.message.text()
    assert DraftStore(investigator.username).keys() == []
    with database.session_factory() as session:
        if form == "weight":
            kg = session.execute(select(Weight.weight_kg).where(Weight.subject_id == subject_id)).scalar_one()
            assert kg == Decimal("60.2")
        elif form == "labs":
            labs = dict(session.execute(select(LabResult.lab, LabResult.value)).all())
            assert labs == {
                "neutrophils": Decimal("1.8"),
                "bilirubin": Decimal("14"),
                "platelets": Decimal("210"),
            }
        else:
            subject = session.execute(select(Subject).where(Subject.subject_number == "009")).scalar_one()
            assert (subject.allergies, subject.liver_metastases) == ("iodine contrast", True)
