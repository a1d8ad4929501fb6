"""Book a visit: a calendar that shades the visit's window and the clinic's closed days.

A day outside the window (or too soon after the previous dose, or on a closed day) needs a reason; the
warnings from the scheduling core say what is wrong, and the service records the reason with the booking.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.scheduling import ClinicCalendar, Visit, check_booking
from app.ui.dialogs.form import RunForm
from app.ui.ops import OpRunner
from app.ui.widgets import MessageLabel, heading
from app.ui.words import say

WINDOW_COLOUR = QColor("#cdebd3")
CLOSED_COLOUR = QColor("#d9d9d9")
CLOSED_IN_WINDOW_COLOUR = QColor("#b7cdb9")
TARGET_COLOUR = QColor("#1b5e20")

BookVisit = Callable[[date, str | None], Any]


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class ClinicCalendarWidget(QCalendarWidget):
    """A month calendar shading a window (green) and closed clinic days (grey; in the window: grey-green);
    the target is bold, the suggested day underlined."""

    def __init__(self, clinic: ClinicCalendar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clinic = clinic
        self.visit_window: tuple[date, date] | None = None
        self.target: date | None = None
        self.suggested: date | None = None
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.currentPageChanged.connect(lambda _y, _m: self.shade())
        # Weekends are not special here: the clinic calendar says which days are closed (China works
        # some Saturdays), so every weekday starts in the normal text colour.
        plain = QTextCharFormat()
        plain.setForeground(self.palette().text())
        for weekday in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(weekday, plain)

    def show_visit(self, window: tuple[date, date], target: date, suggested: date | None) -> None:
        self.visit_window = window
        self.target = target
        self.suggested = suggested
        self.shade()

    def visible_days(self) -> list[date]:
        first = date(self.yearShown(), self.monthShown(), 1)
        start = first - timedelta(days=7)
        return [start + timedelta(days=n) for n in range(7 * 7)]

    def day_format(self, day: date) -> QTextCharFormat:
        fmt = QTextCharFormat()
        inside = self.visit_window is not None and self.visit_window[0] <= day <= self.visit_window[1]
        closed = self.clinic.why_closed(day) is not None
        if inside and closed:
            fmt.setBackground(QBrush(CLOSED_IN_WINDOW_COLOUR))
        elif inside:
            fmt.setBackground(QBrush(WINDOW_COLOUR))
        elif closed:
            fmt.setBackground(QBrush(CLOSED_COLOUR))
        if closed:
            fmt.setForeground(QBrush(QColor("#6d6d6d")))
        if day == self.target:
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setForeground(QBrush(TARGET_COLOUR))
        if day == self.suggested:
            fmt.setFontUnderline(True)
            fmt.setFontWeight(QFont.Weight.Bold)
        return fmt

    def shade(self) -> None:
        self.setDateTextFormat(QDate(), QTextCharFormat())  # clear the previous month's formats
        for day in self.visible_days():
            self.setDateTextFormat(to_qdate(day), self.day_format(day))


class BookVisitDialog(RunForm):
    """Choose the date of one visit; `book(day, reason)` runs through the op runner."""

    def __init__(
        self,
        runner: OpRunner,
        visit: Visit,
        clinic: ClinicCalendar,
        book: BookVisit,
        parent: QWidget | None = None,
        *,
        subject: str = "",
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.visit = visit
        self.clinic = clinic
        self._book = book
        self.result_value: Any = None
        self.setWindowTitle(self.tr("Book visit {label}").format(label=visit.label))
        self.calendar = ClinicCalendarWidget(clinic, self)
        self.calendar.setObjectName("calendar")
        self.calendar.setAccessibleName(self.tr("Day of the visit"))
        self.calendar.show_visit((visit.window_start, visit.window_end), visit.target, visit.suggested)
        start = visit.booked or visit.suggested or visit.target
        self.calendar.setSelectedDate(to_qdate(start))
        self.calendar.setCurrentPage(start.year, start.month)
        self.calendar.selectionChanged.connect(self._changed)
        self.day_label = QLabel(self)
        self.day_label.setObjectName("dayLabel")
        self.warnings = QLabel(self)
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a4b00;")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setAccessibleName(self.tr("Reason for this day"))
        self.reason.setPlaceholderText(self.tr("Why this day? Needed outside the window or on a closed day"))
        self.message = MessageLabel(self)

        facts = QFormLayout()
        facts.addRow(self.tr("Target:"), QLabel(visit.target.isoformat(), self))
        facts.addRow(
            self.tr("Window:"),
            QLabel(
                self.tr("{start} to {end}").format(
                    start=visit.window_start.isoformat(), end=visit.window_end.isoformat()
                ),
                self,
            ),
        )
        suggested = (
            visit.suggested.isoformat() if visit.suggested else self.tr("none: no open day in the window")
        )
        facts.addRow(self.tr("Suggested:"), QLabel(suggested, self))
        legend = QLabel(
            self.tr(
                "Green: inside the window. Grey: clinic closed. Bold: target. Underlined: suggested day."
            ),
            self,
        )
        legend.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Book"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        title = self.tr("Book {label}").format(label=visit.label)
        if subject:
            title = self.tr("Book {label} for {subject}").format(label=visit.label, subject=subject)
        layout.addWidget(heading(title, self))
        layout.addLayout(facts)
        layout.addWidget(self.calendar)
        layout.addWidget(legend)
        layout.addWidget(self.day_label)
        layout.addWidget(self.warnings)
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._changed()

    def selected_day(self) -> date:
        return to_date(self.calendar.selectedDate())

    def problems(self) -> list[str]:
        return [say(w.message) for w in check_booking(self.visit, self.selected_day(), self.clinic)]

    def _changed(self) -> None:
        day = self.selected_day()
        closed = self.clinic.why_closed(day)
        text = day.isoformat()
        if closed:
            text = self.tr("{day}: clinic closed ({why})").format(day=text, why=say(closed))
        elif self.visit.window_start <= day <= self.visit.window_end:
            text = self.tr("{day}: inside the window").format(day=text)
        self.day_label.setText(text)
        problems = self.problems()
        self.warnings.setText("\n".join(problems))
        self.warnings.setVisible(bool(problems))
        self.reason.setEnabled(bool(problems))
        self.message.clear_message()

    def accept(self) -> None:
        day = self.selected_day()
        reason = self.reason.text().strip() or None
        needs_reason = bool(self.problems())
        if needs_reason and reason is None:
            self.message.show_message(self.tr("This day is outside what the protocol allows: give a reason."))
            self.reason.setFocus()
            return
        given = reason if needs_reason else None
        self.run(lambda: self._book(day, given))
