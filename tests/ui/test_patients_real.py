"""The Patients screen on a real database through the services: open a chart, book a visit, record a
toxicity, and check the records afterwards."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QPushButton
from sqlalchemy import select

pytest.importorskip("app.services.queries")
pytest.importorskip("app.services.toxicities")

from app.models import Visit
from app.services import subjects, users
from app.services.audit import SystemActor
from app.ui.dialogs.book_visit import BookVisitDialog
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.patients import PatientsScreen
from app.ui.screens.registry import default_factories
from app.ui.service_backend import signed_in
from app.ui.settings import UiSettings


@pytest.fixture
def staff(database):
    users.create_user(database.uow(SystemActor("test")), "admin", "Ada Admin", "admin-pass-1", ["admin"])
    admin = users.sign_in(database.uow(), "admin", "admin-pass-1")
    users.create_user(
        database.uow(admin, "t"), "may", "May Lin", "coord-pass-1", ["coordinator", "investigator"]
    )
    return users.sign_in(database.uow(), "may", "coord-pass-1")


def _enrol(database, who, number: str, c1d1: date) -> int:
    header = subjects.enrol_subject(
        database.uow(who, "test"),
        subject_number=number,
        initials="LW",
        birth_date=date(1965, 3, 4),
        sex="female",
        baseline_weight_kg=Decimal("61.4"),
        height_cm=Decimal("158"),
        planned_c1d1=c1d1,
        allergies="penicillin",
    )
    return header.id


def _screen(qtbot, backend, staff, tmp_path: Path) -> PatientsScreen:
    context = build_context(backend, UiSettings(tmp_path / "w.ini"), "en")
    context.user = signed_in(staff)
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    screen = window.show_screen("patients")
    assert isinstance(screen, PatientsScreen)
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    return screen


def test_book_c1d1_from_the_chart(qtbot, backend, database, staff, tmp_path):
    c1d1 = date.today() + timedelta(days=10)
    subject_id = _enrol(database, staff, "001", c1d1)
    _enrol(database, staff, "002", c1d1 + timedelta(days=3))
    screen = _screen(qtbot, backend, staff, tmp_path)
    assert screen.model.rowCount() == 2
    qtbot.keyClicks(screen.search, "001")
    rect = screen.list.visualRect(screen.proxy.index(0, 0))
    qtbot.mouseClick(screen.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    chart = screen.chart
    qtbot.waitUntil(lambda: chart.chart is not None, timeout=10_000)
    assert "penicillin" in chart.header.text()
    assert chart.select_visit("C1D1")
    qtbot.mouseClick(chart.book_button, Qt.MouseButton.LeftButton)
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, BookVisitDialog) and w.isVisible()
    )
    day = dialog.visit.suggested or c1d1
    dialog.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
    book = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Book")
    qtbot.mouseClick(book, Qt.MouseButton.LeftButton)
    # Booked: the dialog closes (and is deleted); refused: it stays open with the service's words.
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or dialog.message.isVisible(), timeout=10_000)
    assert not shiboken6.isValid(dialog), dialog.message.text()
    with database.session_factory() as session:
        row = session.execute(
            select(Visit).where(Visit.subject_id == subject_id, Visit.label == "C1D1")
        ).scalar_one()
        assert row.booked_date == day
    qtbot.waitUntil(lambda: "booked" in (chart.calendar_model.data(chart.calendar_model.find("C1D1")) or ""))


def test_calendar_paper_from_the_records(backend, database, staff):
    from app.ui.preview import PdfPages

    _enrol(database, staff, "003", date.today() + timedelta(days=7))
    for language in ("en", "zh_CN"):
        pages = PdfPages(backend.calendar_pdf("003", language))
        assert len(pages) >= 1
        pages.close()


def test_coordinator_enrols_a_subject_in_the_window(qtbot, backend, database, staff, tmp_path):
    from app.models import Subject
    from app.ui.dialogs.enrol import EnrolDialog

    screen = _screen(qtbot, backend, staff, tmp_path)
    qtbot.mouseClick(screen.enrol_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, EnrolDialog) and w.isVisible())
    qtbot.keyClicks(dialog.number, "007")
    qtbot.keyClicks(dialog.initials, "ZM")
    qtbot.keyClicks(dialog.weight, "58.2")
    qtbot.keyClicks(dialog.height_cm, "162")
    qtbot.keyClicks(dialog.allergies, "iodine contrast")
    c1d1 = date.today() + timedelta(days=9)
    dialog.c1d1.setDate(QDate(c1d1.year, c1d1.month, c1d1.day))
    enrol = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Enrol")
    qtbot.mouseClick(enrol, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or dialog.message.isVisible(), timeout=10_000)
    assert not shiboken6.isValid(dialog), dialog.message.text()
    qtbot.waitUntil(
        lambda: screen.chart.chart is not None and screen.chart.chart.header.subject_number == "007"
    )
    assert screen.chart.calendar_model.find("C1D1").isValid()
    with database.session_factory() as session:
        subject = session.execute(select(Subject).where(Subject.subject_number == "007")).scalar_one()
        assert (subject.initials, subject.allergies, subject.baseline_weight_kg) == (
            "ZM",
            "iodine contrast",
            Decimal("58.2"),
        )
        c1 = session.execute(
            select(Visit).where(Visit.subject_id == subject.id, Visit.label == "C1D1")
        ).scalar_one()
        assert c1.target_date == c1d1


def test_weight_and_labs_recorded_in_the_window_show_the_criteria(qtbot, backend, database, staff, tmp_path):
    from app.models import LabResult, Weight
    from app.ui.dialogs.clinical import LabsDialog, WeightDialog

    subject_id = _enrol(database, staff, "011", date.today() + timedelta(days=1))
    screen = _screen(qtbot, backend, staff, tmp_path)
    screen.open_subject(subject_id)
    chart = screen.chart
    qtbot.waitUntil(lambda: chart.chart is not None, timeout=10_000)
    chart.tabs.setCurrentIndex(2)
    qtbot.mouseClick(chart.weight_button, Qt.MouseButton.LeftButton)
    dialog = screen.context.extras.pop("last_dialog") if "last_dialog" in screen.context.extras else None
    dialog = dialog or next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, WeightDialog) and w.isVisible()
    )
    qtbot.keyClicks(dialog.weight, "60.8")
    qtbot.keyClicks(dialog.measured_by, "Nurse Ho")
    qtbot.mouseClick(
        next(b for b in dialog.findChildren(QPushButton) if b.text() == "Record"), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: chart.weights_model.rowCount() == 1, timeout=10_000)

    qtbot.mouseClick(chart.labs_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, LabsDialog) and w.isVisible())
    qtbot.keyClicks(dialog.values["neutrophils"], "0.9")
    qtbot.keyClicks(dialog.values["platelets"], "210")
    qtbot.keyClicks(dialog.values["hemoglobin"], "118")
    qtbot.mouseClick(
        next(b for b in dialog.findChildren(QPushButton) if b.text() == "Record"), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: chart.labs_model.rowCount() == 3, timeout=10_000)
    assert "NOT met" in chart.criteria.text()
    criteria = {c.lab: c for c in chart.criteria_model.records()}
    assert not criteria["neutrophils"].met and criteria["platelets"].met
    row = chart.criteria_model.records().index(criteria["neutrophils"])
    assert chart.criteria_model.index(row, 0).data() == "✗"
    assert chart.criteria_model.index(row, 1).data() == "Neutrophils (ANC)"
    with database.session_factory() as session:
        assert session.execute(
            select(Weight.weight_kg).where(Weight.subject_id == subject_id)
        ).scalar_one() == Decimal("60.8")
        labs = dict(
            session.execute(
                select(LabResult.lab, LabResult.value).where(LabResult.subject_id == subject_id)
            ).all()
        )
        assert labs == {
            "neutrophils": Decimal("0.9"),
            "platelets": Decimal("210"),
            "hemoglobin": Decimal("118"),
        }


def test_today_lists_the_clinic_visits_from_the_records(qtbot, backend, database, staff, tmp_path):
    from app.ui.screens.today import TodayScreen

    c1d1 = date.today() + timedelta(days=1)
    _enrol(database, staff, "021", c1d1)
    context = build_context(backend, UiSettings(tmp_path / "w.ini"), "en")
    context.user = signed_in(staff)
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    screen = window.current_screen()
    assert isinstance(screen, TodayScreen)
    qtbot.waitUntil(lambda: screen.view is not None, timeout=10_000)
    rows = {(r.subject_number, r.label): r.group for r in screen.view.clinic}
    assert rows.get(("021", "C1D1")) == "due"
    assert screen.clinic_model.rowCount() == len(screen.view.clinic)
    qtbot.mouseClick(screen.print_day_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: context.extras.get("last_preview") is not None, timeout=10_000)
    assert len(context.extras["last_preview"].pages) >= 1
