"""Frictions of the coordinator's and investigator's day, each as a user met it: a form opening with the cursor
on its button, a decimal comma refused, date fields that Tab through their parts, lower-case messages pointing at
no field, a lock screen blaming a time without use after Ctrl+L, no Switch user in the File menu, an audit trail
stale until Search, start-of-day upkeep signed by whoever signed in first, and an order shown without the
subject's allergies."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton
from sqlalchemy import select

from app.models import AuditLog
from app.ui.dialogs.clinical import WeightDialog
from app.ui.dialogs.sign_in import SignInDialog
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.admin import AdminScreen
from app.ui.screens.registry import default_factories
from app.ui.service_backend import START_OF_DAY, signed_in
from app.ui.settings import UiSettings
from app.ui.widgets import INVALID_FIELD_STYLE, MessageLabel, sentence
from tests.integration._services import World, earlier_today


@pytest.fixture
def world(database: Any) -> World:
    world = World.build(database)
    world.now = earlier_today(hours=4)
    return world


def _window(qtbot: Any, backend: Any, tmp_path: Path, who: Any) -> MainWindow:
    context = build_context(backend, UiSettings(tmp_path / f"{who.username}.ini"), "en")
    context.user = signed_in(who)
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    return window


class _Runner:
    """Runs an operation at once (the form's own checks are what is tried here)."""

    def __init__(self) -> None:
        self.ran: list[Any] = []

    def run(self, op: Any, *, on_success: Any = None, on_failure: Any = None, parent: Any = None) -> None:
        self.ran.append(op())
        if on_success is not None:
            on_success(self.ran[-1])


def _weight_form(qtbot: Any) -> tuple[WeightDialog, _Runner]:
    runner = _Runner()
    dialog = WeightDialog(runner, lambda kg, on, who: kg, subject="003-001")  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog, runner


# --- forms -------------------------------------------------------------------------------------------


def test_a_form_opens_with_the_cursor_in_its_first_field_and_tabs_through_the_fields_first(qtbot: Any) -> None:
    dialog, _runner = _weight_form(qtbot)
    assert dialog.focusWidget() is dialog.weight
    record = dialog.buttons.buttons()[0]
    assert dialog.weight.nextInFocusChain() is not record
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.weight, timeout=5000)
    qtbot.keyClicks(dialog.weight, "61.4")  # typed text lands in the field
    assert dialog.weight.text() == "61.4"
    qtbot.keyClick(dialog.weight, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() in (dialog.measured_on, *dialog.measured_on.findChildren(QLineEdit))
    # A date field's Tab goes on to the next field, not through its year, month and day.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.measured_by
    qtbot.keyClick(dialog.measured_by, Qt.Key.Key_Tab)
    assert isinstance(QApplication.focusWidget(), QPushButton)


def test_a_decimal_comma_is_read_and_a_number_that_reads_two_ways_is_refused_at_its_field(qtbot: Any) -> None:
    dialog, runner = _weight_form(qtbot)
    dialog.weight.setText("67,1")
    dialog.accept()
    assert runner.ran == [Decimal("67.1")]

    dialog, runner = _weight_form(qtbot)
    dialog.weight.setText("1,234")
    dialog.accept()
    assert runner.ran == []
    assert dialog.message.text() == "Enter the weight in kg as a number."
    assert dialog.weight.styleSheet() == INVALID_FIELD_STYLE  # the field the message is about is marked
    assert dialog.focusWidget() is dialog.weight
    dialog.weight.setText("67.1")
    dialog.accept()
    assert dialog.weight.styleSheet() == ""  # unmarked once the form is accepted


def test_a_message_starts_with_a_capital(qtbot: Any) -> None:
    label = MessageLabel()
    qtbot.addWidget(label)
    label.show_message("a creatinine clearance of 0 mL/min is impossible")
    assert label.text() == "A creatinine clearance of 0 mL/min is impossible"
    assert sentence("肌酐清除率为 0") == "肌酐清除率为 0"
    assert sentence("") == ""


# --- the lock and switching user ----------------------------------------------------------------------


def test_the_lock_screen_says_why_it_is_locked(qtbot: Any, backend: Any, tmp_path: Path, world: World) -> None:
    window = _window(qtbot, backend, tmp_path, world.user("coordinator"))
    window.lock_action.trigger()  # File → Lock now (Ctrl+L)
    assert window.is_locked
    said = window.lock_screen.explanation.text()
    assert said.startswith("You locked DoseDesk.") and "time without use" not in said
    window._unlock()
    window.idle.idle.emit()  # a time without use
    assert window.is_locked
    assert "after a time without use" in window.lock_screen.explanation.text()


def test_switch_user_is_in_the_file_menu(qtbot: Any, backend: Any, tmp_path: Path, world: World) -> None:
    window = _window(qtbot, backend, tmp_path, world.user("coordinator"))
    file_menu = window.menuBar().actions()[0].menu()
    assert window.switch_user_action in file_menu.actions()
    window.switch_user_action.trigger()
    assert window.is_locked  # the coordinator's work is covered while someone else signs in
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, SignInDialog) and w.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    dialog.username.setText("investigator")
    dialog.password.setText("correct horse")
    dialog.accept()
    qtbot.waitUntil(lambda: window.context.user is not None and window.context.user.username == "investigator")
    assert not window.is_locked


# --- the audit trail and the start of the day -----------------------------------------------------------


def test_the_audit_trail_is_read_again_when_its_tab_is_shown(
    qtbot: Any, backend: Any, database: Any, tmp_path: Path, world: World
) -> None:
    window = _window(qtbot, backend, tmp_path, world.user("admin"))
    screen = window.show_screen("admin")
    assert isinstance(screen, AdminScreen)
    screen.tabs.setCurrentWidget(screen.audit_tab)
    qtbot.waitUntil(lambda: screen.audit_model.rowCount() > 0, timeout=10_000)
    before = screen.audit_model.rowCount()
    screen.tabs.setCurrentIndex(0)
    world.enrol("003-070")  # recorded elsewhere meanwhile
    screen.tabs.setCurrentWidget(screen.audit_tab)
    qtbot.waitUntil(lambda: screen.audit_model.rowCount() > before, timeout=10_000)


def test_the_start_of_day_upkeep_is_the_systems_on_the_audit_trail(
    backend: Any, database: Any, world: World
) -> None:
    now = world.now
    world.at(world.today - timedelta(days=40))
    world.enrol("003-080", c1d1=world.today + timedelta(days=2))  # its visits since are overdue now
    world.now = now
    backend.start_of_day(signed_in(world.user("coordinator")))
    with database.session_factory() as session:
        names = set(
            session.scalars(
                select(AuditLog.user_name).where(AuditLog.reason.like("%calendar%up to date%"))
            ).all()
        )
    assert names == {START_OF_DAY}


# --- the order detail -------------------------------------------------------------------------------


def test_the_order_shown_on_screen_names_the_allergies(
    qtbot: Any, backend: Any, database: Any, tmp_path: Path, world: World
) -> None:
    subject_id = world.enrol("003-090", c1d1=world.today, allergies="penicillin")
    world.weigh(subject_id, on=world.today)
    order = world.order(subject_id, "C1D1")
    window = _window(qtbot, backend, tmp_path, world.user("pharmacist"))
    screen = window.show_screen("orders")
    assert screen is not None
    detail = backend.order_detail(order.id, signed_in(world.user("pharmacist")))
    assert "Allergies: penicillin" in screen.describe(detail)
    other = world.enrol("003-091", c1d1=world.today)
    world.weigh(other, on=world.today)
    none_known = backend.order_detail(world.order(other, "C1D1").id, signed_in(world.user("pharmacist")))
    assert "No known allergies" in screen.describe(none_known)


# --- from Today to the visit, and booking it -------------------------------------------------------------


def test_today_opens_the_chart_at_the_visit_and_a_booking_is_confirmed(
    qtbot: Any, backend: Any, database: Any, tmp_path: Path, world: World
) -> None:
    from PySide6.QtCore import QDate

    from app.ui.screens.patients import PatientsScreen
    from app.ui.screens.today import TodayScreen

    subject_id = world.enrol("003-100", c1d1=world.today)
    window = _window(qtbot, backend, tmp_path, world.user("coordinator"))
    today = window.show_screen("today")
    assert isinstance(today, TodayScreen)
    qtbot.waitUntil(lambda: today.clinic_model.rowCount() > 0, timeout=10_000)
    row = next(r for r in range(today.clinic_model.rowCount()) if today.clinic_model.record(r).label == "C1D1")
    patients = window.screens["patients"]
    assert isinstance(patients, PatientsScreen)
    patients.chart.tabs.setCurrentIndex(2)  # left on another tab before
    today._open_clinic_row(today.clinic_model.index(row, 0))
    chart = patients.chart
    qtbot.waitUntil(lambda: chart.chart is not None and chart.chart.header.subject_id == subject_id, timeout=10_000)
    qtbot.waitUntil(lambda: chart.selected_visit() is not None, timeout=10_000)
    assert window.current_screen() is patients and chart.tabs.currentIndex() == 0
    assert chart.selected_visit().label == "C1D1"

    dialog = chart.book_selected()
    assert dialog is not None
    dialog.calendar.setSelectedDate(QDate(world.today.year, world.today.month, world.today.day))
    if dialog.reason.isEnabled():
        dialog.reason.setText("the only chair free")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.accept()
    assert chart.context.extras["last_confirmation"].startswith("C1D1 booked for " + world.today.isoformat())
    assert window.statusBar().currentMessage() == chart.context.extras["last_confirmation"]
    qtbot.waitUntil(lambda: chart.selected_visit() is not None and chart.selected_visit().label == "C1D1")


def test_creating_an_order_is_confirmed_and_a_second_offers_the_first(
    qtbot: Any, backend: Any, database: Any, tmp_path: Path, world: World
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app.ui.screens.orders import OrdersScreen
    from app.ui.screens.patients import PatientsScreen

    subject_id = world.enrol("003-110", c1d1=world.today)
    world.weigh(subject_id, on=world.today)
    window = _window(qtbot, backend, tmp_path, world.user("investigator"))
    patients = window.show_screen("patients")
    assert isinstance(patients, PatientsScreen)
    patients.open_subject(subject_id, "C1D1")
    chart = patients.chart
    qtbot.waitUntil(lambda: chart.selected_visit() is not None, timeout=10_000)
    chart.create_order()
    qtbot.waitUntil(lambda: "last_order" in chart.context.extras, timeout=10_000)
    number = chart.context.extras["last_order"].order_number
    assert chart.context.extras["last_confirmation"].startswith(f"Order {number} made for C1D1")

    qtbot.waitUntil(lambda: chart.selected_visit() is not None, timeout=10_000)
    chart.context.extras.pop("last_dialog", None)
    chart.create_order()
    qtbot.waitUntil(lambda: isinstance(chart.context.extras.get("last_dialog"), QMessageBox), timeout=10_000)
    box = chart.context.extras["last_dialog"]
    assert number in box.text()
    opener = next(b for b in box.buttons() if b.text() == f"Open order {number}")
    opener.click()
    orders = window.current_screen()
    assert isinstance(orders, OrdersScreen)
    qtbot.waitUntil(lambda: orders.order is not None and orders.order.order_number == number, timeout=10_000)
