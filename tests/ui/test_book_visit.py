"""Book a visit on the calendar widget: window and closed days shaded, a reason needed outside the rules."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton

from app.scheduling import ClinicCalendar, Visit
from app.ui.dialogs.book_visit import CLOSED_COLOUR, WINDOW_COLOUR, BookVisitDialog
from app.ui.ops import OpRunner

CLINIC = ClinicCalendar("CN", ["mon", "tue", "wed", "thu", "fri"])


def _visit() -> Visit:
    target, start, end = date(2026, 2, 16), date(2026, 2, 13), date(2026, 2, 19)
    return Visit(
        "C2D1", "dose", 2, 1, target, start, end, CLINIC.suggest(target, start, end), None, None, "planned"
    )


def _book_button(dialog: BookVisitDialog) -> QPushButton:
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == "Book")


def test_calendar_shades_the_window_and_closed_days(qtbot):
    dialog = BookVisitDialog(OpRunner(), _visit(), CLINIC, lambda day, reason: None)
    qtbot.addWidget(dialog)
    cal = dialog.calendar
    assert cal.dateTextFormat(QDate(2026, 2, 13)).background().color() == WINDOW_COLOUR  # open, in the window
    assert cal.dateTextFormat(QDate(2026, 2, 7)).background().color() == CLOSED_COLOUR  # a Saturday
    # 2026-02-14 is China's make-up working Saturday: open, and the suggested day.
    assert dialog.visit.suggested == date(2026, 2, 14)
    assert cal.dateTextFormat(QDate(2026, 2, 14)).fontUnderline()
    assert dialog.selected_day() == date(2026, 2, 14)
    assert not dialog.warnings.isVisible()


def test_booking_inside_the_window_needs_no_reason(qtbot):
    booked: list[tuple[date, str | None]] = []
    runner = OpRunner()
    dialog = BookVisitDialog(runner, _visit(), CLINIC, lambda day, reason: booked.append((day, reason)))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.calendar.setSelectedDate(QDate(2026, 2, 13))
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        qtbot.mouseClick(_book_button(dialog), Qt.MouseButton.LeftButton)
    assert booked == [(date(2026, 2, 13), None)]


def test_closed_day_needs_a_reason(qtbot):
    booked: list[tuple[date, str | None]] = []
    dialog = BookVisitDialog(OpRunner(), _visit(), CLINIC, lambda day, reason: booked.append((day, reason)))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.calendar.setSelectedDate(QDate(2026, 2, 17))  # Spring Festival
    assert "closed" in dialog.day_label.text()
    assert dialog.warnings.isVisible() and dialog.reason.isEnabled()
    qtbot.mouseClick(_book_button(dialog), Qt.MouseButton.LeftButton)
    assert "give a reason" in dialog.message.text()
    assert booked == []
    qtbot.keyClicks(dialog.reason, "infusion chair free; ward open")
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        qtbot.mouseClick(_book_button(dialog), Qt.MouseButton.LeftButton)
    assert booked == [(date(2026, 2, 17), "infusion chair free; ward open")]


def test_before_booking_the_dialog_does_not_say_the_visit_is_booked(qtbot):
    dialog = BookVisitDialog(OpRunner(), _visit(), CLINIC, lambda day, reason: None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.calendar.setSelectedDate(QDate(2026, 2, 23))  # a Monday, after the window
    said = dialog.warnings.text()
    assert "2026-02-23 (Mon) is outside the window 2026-02-13 (Fri) to 2026-02-19 (Thu)." in said
    assert "Booked" not in said
