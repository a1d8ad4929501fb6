"""The Patients screen driven as a coordinator or investigator would: filter, open a chart, book, record."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from app.ui.dialogs.book_visit import BookVisitDialog
from app.ui.dialogs.toxicity import RecordToxicityDialog
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.patients import PatientsScreen
from app.ui.screens.registry import default_factories
from app.ui.settings import UiSettings
from tests.ui.fakes import PatientBackend


@pytest.fixture
def patients_backend() -> PatientBackend:
    backend = PatientBackend()
    for n in range(1, 13):
        c1d1 = date(2025, 12, 1) + timedelta(days=7 * (n % 5))
        backend.add_subject(f"{n:03d}", ("ABC", "LWZ", "ZHM")[n % 3], c1d1, {"C1D1": c1d1})
    return backend


def _window(qtbot, backend: PatientBackend, tmp_path: Path, *roles: str) -> tuple[MainWindow, PatientsScreen]:
    context = build_context(backend, UiSettings(tmp_path / "w.ini"), "en")
    context.user = backend.add("zhou", "investigate!", *roles, full_name="Zhou Min")
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    screen = window.show_screen("patients")
    assert isinstance(screen, PatientsScreen)
    qtbot.waitUntil(lambda: screen.loaded and screen.model.rowCount() == 12)
    return window, screen


def _open(qtbot, screen: PatientsScreen, number: str) -> None:
    qtbot.keyClicks(screen.search, number)
    assert screen.proxy.rowCount() == 1
    rect = screen.list.visualRect(screen.proxy.index(0, 0))
    qtbot.mouseClick(screen.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(
        lambda: screen.chart.chart is not None and screen.chart.chart.header.subject_number == number
    )


def test_filter_and_open_a_chart(qtbot, patients_backend, tmp_path):
    window, screen = _window(qtbot, patients_backend, tmp_path, "coordinator")
    qtbot.keyClicks(screen.search, "lwz")
    assert screen.proxy.rowCount() == 4
    assert "4 patient(s) shown" in screen.count.text()
    screen.search.clear()
    _open(qtbot, screen, "007")
    chart = screen.chart
    assert "Subject 007" in chart.title.text()
    assert "penicillin" in chart.header.text()
    assert "(not signed off)" in chart.header.text()
    assert chart.calendar_model.rowCount() >= 3
    assert chart.calendar_model.find("C1D1").isValid()
    assert chart.doses_model.rowCount() == 1
    assert chart.timeline.events and chart.timeline.events[0].label == "C1D1"
    assert not chart.record_toxicity_button.isVisible()  # a coordinator does not record toxicities
    assert chart.book_button.isVisibleTo(window)


def test_book_the_next_visit_from_the_calendar(qtbot, patients_backend, tmp_path):
    _win, screen = _window(qtbot, patients_backend, tmp_path, "coordinator")
    _open(qtbot, screen, "001")
    chart = screen.chart
    label = patients_backend._calendar(patients_backend.subjects[1]).next_dose_visit().label
    assert chart.select_visit(label)
    qtbot.mouseClick(chart.book_button, Qt.MouseButton.LeftButton)
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, BookVisitDialog) and w.isVisible()
    )
    visit = dialog.visit
    # C2D1 of subject 001 is overdue: its window has passed, so booking it today needs a reason.
    assert visit.label == "C2D1" and visit.suggested is None
    day = date(2026, 1, 27)
    dialog.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
    assert dialog.reason.isEnabled()
    qtbot.keyClicks(dialog.reason, "held for neutropenia, recovered")
    book = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Book")
    qtbot.mouseClick(book, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: patients_backend.subjects[1].history.booked.get(label) == day)
    qtbot.waitUntil(lambda: "booked" in (chart.calendar_model.data(chart.calendar_model.find(label)) or ""))
    assert chart.history_model.rowCount() == 1
    assert chart.history_model.record(0).reason == "held for neutropenia, recovered"


def test_investigator_records_a_toxicity(qtbot, patients_backend, tmp_path):
    _win, screen = _window(qtbot, patients_backend, tmp_path, "investigator")
    _open(qtbot, screen, "002")
    chart = screen.chart
    chart.tabs.setCurrentIndex(3)
    qtbot.mouseClick(chart.record_toxicity_button, Qt.MouseButton.LeftButton)
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, RecordToxicityDialog) and w.isVisible()
    )
    qtbot.keyClicks(dialog.search, "stomatitis")
    assert dialog.current_term().term == "Mucositis oral"
    button = dialog.grade_buttons[2]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))
    assert "same level" in dialog.rule.text()
    record = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Record")
    qtbot.mouseClick(record, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: chart.toxicities_model.rowCount() == 1)
    row = chart.toxicities_model.record(0)
    assert (row.term, row.grade, row.action, row.overridden) == ("Mucositis oral", 2, "hold", False)


def test_print_one_calendar_to_preview(qtbot, patients_backend, tmp_path):
    from app.ui.preview import PrintPreviewDialog

    _win, screen = _window(qtbot, patients_backend, tmp_path, "coordinator")
    _open(qtbot, screen, "003")
    qtbot.mouseClick(screen.chart.print_calendar_button, Qt.MouseButton.LeftButton)
    asked = screen.context.extras["last_dialog"]  # the language first: the subject's, else the window's
    assert asked.language == "en"
    asked.accept()
    qtbot.waitUntil(lambda: screen.context.extras.get("last_preview") is not None)
    dialog = screen.context.extras["last_preview"]
    assert isinstance(dialog, PrintPreviewDialog)
    assert len(dialog.pages) == 1
    assert "calendar_pdf 003 en" in patients_backend.calls
    dialog.close()


def test_print_every_shown_calendar_with_progress(qtbot, patients_backend, tmp_path):
    _win, screen = _window(qtbot, patients_backend, tmp_path, "coordinator")
    qtbot.keyClicks(screen.search, "zhm")
    assert screen.proxy.rowCount() == 4
    qtbot.mouseClick(screen.print_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.context.extras.get("last_preview") is not None, timeout=10_000)
    dialog = screen.context.extras["last_preview"]
    assert len(dialog.pages) == 4
    printed = sorted(c.split()[1] for c in patients_backend.calls if c.startswith("calendar_pdf"))
    assert printed == sorted(screen.shown_subject_numbers())
    dialog.close()


def test_printing_many_calendars_can_be_cancelled(qtbot, patients_backend, tmp_path):
    from PySide6.QtWidgets import QProgressDialog

    patients_backend.paper_delay = 0.05
    _win, screen = _window(qtbot, patients_backend, tmp_path, "coordinator")
    qtbot.mouseClick(screen.print_all_button, Qt.MouseButton.LeftButton)
    progress = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()
    )
    qtbot.waitUntil(lambda: progress.value() >= 1, timeout=5000)
    cancel = next(b for b in progress.findChildren(QPushButton) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert screen.context.runner.wait_until_idle()
    assert screen.context.extras.get("last_preview") is None
    made = [c for c in patients_backend.calls if c.startswith("calendar_pdf")]
    assert 1 <= len(made) < 12  # stopped part-way
