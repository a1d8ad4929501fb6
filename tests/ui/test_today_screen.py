"""The Today screen: the clinic list for a chosen date; a double-click opens the patient's chart."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt

from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.registry import default_factories
from app.ui.screens.today import TodayScreen
from app.ui.settings import UiSettings
from tests.ui.fakes import PatientBackend


def test_clinic_list_for_a_date_opens_the_patient(qtbot, tmp_path: Path):
    backend = PatientBackend()
    for n in range(1, 6):
        c1d1 = date(2026, 1, 5) + timedelta(days=n)
        backend.add_subject(f"{n:03d}", "ABC", c1d1, {"C1D1": c1d1})
    context = build_context(backend, UiSettings(tmp_path / "w.ini"), "en")
    context.user = backend.add("may", "coord-pass", "coordinator")
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    screen = window.current_screen()
    assert isinstance(screen, TodayScreen)  # the first screen everyone sees
    screen.day.setDate(QDate(2026, 1, 20))
    qtbot.waitUntil(lambda: screen.view is not None and screen.view.day == date(2026, 1, 20))
    groups = {(r.subject_number, r.label): r.group for r in screen.view.clinic}
    assert groups[("001", "C1D15")] == "due"  # C1D1 2026-01-06: Day 15 window 01-17 to 01-23
    assert screen.clinic_model.rowCount() == len(screen.view.clinic) > 0
    row = next(
        i
        for i in range(screen.clinic_model.rowCount())
        if screen.clinic_model.record(i).subject_number == "003"
    )
    rect = screen.clinic.visualRect(screen.clinic_model.index(row, 1))
    qtbot.mouseClick(screen.clinic.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(screen.clinic.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    patients = window.screens["patients"]
    qtbot.waitUntil(lambda: window.current_screen() is patients)
    qtbot.waitUntil(
        lambda: patients.chart.chart is not None and patients.chart.chart.header.subject_number == "003"
    )
