"""An infusion order through every step in the window, on a real database: an investigator creates and
prescribes it, a second user (a pharmacist) verifies it blind, prepares it with a lot and records the infusion;
the order sheet and bag label preview. The records are checked afterwards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

pytest.importorskip("app.services.orders")

from app.models import InfusionOrder, Signature
from app.services import users
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.orders import OrdersScreen
from app.ui.screens.patients import PatientsScreen
from app.ui.screens.registry import default_factories
from app.ui.service_backend import signed_in
from app.ui.settings import UiSettings
from tests.integration._services import PASSWORD, World
from tests.ui._stock import receive


def _window(qtbot, backend, tmp_path: Path, who: users.UserInfo) -> MainWindow:
    context = build_context(backend, UiSettings(tmp_path / f"{who.username}.ini"), "en")
    context.user = signed_in(who)
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    return window


def _click(qtbot, widget, text: str) -> None:
    button = next(b for b in widget.findChildren(QPushButton) if b.text() == text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _sign(qtbot, screen: OrdersScreen, button: str, fill=None) -> None:
    qtbot.waitUntil(lambda: screen.buttons[button].isEnabled(), timeout=10_000)
    qtbot.mouseClick(screen.buttons[button], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.context.extras.get("last_dialog") is not None, timeout=10_000)
    dialog = screen.context.extras.pop("last_dialog")
    if fill is not None:
        fill(dialog)
    qtbot.keyClicks(dialog.password, PASSWORD)
    _click(qtbot, dialog, "Sign")
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or dialog.message.isVisible(), timeout=10_000)
    assert not shiboken6.isValid(dialog), dialog.message.text()


def test_an_order_through_every_step_in_the_window(qtbot, backend, database, tmp_path):
    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=3)
    subject_id = world.enrol("001-001", c1d1=world.today)
    world.weigh(subject_id, "61")
    world.labs(subject_id)
    receive(world, "LOT-2026-07", 10, world.today + timedelta(days=300))

    # The investigator creates the order from the chart and prescribes it.
    window = _window(qtbot, backend, tmp_path, world.user("investigator"))
    patients = window.show_screen("patients")
    assert isinstance(patients, PatientsScreen)
    qtbot.waitUntil(lambda: patients.loaded, timeout=10_000)
    patients.open_subject(subject_id)
    qtbot.waitUntil(lambda: patients.chart.chart is not None, timeout=10_000)
    assert patients.chart.select_visit("C1D1")
    assert not patients.chart.order_button.isHidden(), "order button hidden"
    assert patients.chart.selected_visit() is not None
    qtbot.mouseClick(patients.chart.order_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            patients.context.extras.get("last_order") is not None
            or patients.context.runner.last_error is not None
        ),
        timeout=10_000,
    )
    assert patients.context.runner.last_error is None, str(patients.context.runner.last_error)
    order = patients.context.extras["last_order"]
    orders = window.show_screen("orders")
    assert isinstance(orders, OrdersScreen)
    qtbot.waitUntil(lambda: orders.select_order(order.order_number), timeout=10_000)
    assert "final dose" in orders.detail.text()  # the investigator sees every figure
    _sign(qtbot, orders, "prescribe")
    window.close()

    # A pharmacist sees the prescribed order without its figures, verifies blind, prepares, records the infusion.
    window = _window(qtbot, backend, tmp_path, world.user("pharmacist"))
    orders = window.show_screen("orders")
    qtbot.waitUntil(lambda: orders.select_order(order.order_number), timeout=10_000)
    qtbot.waitUntil(lambda: orders.order is not None and orders.order.status == "prescribed")
    assert "hidden until you verify" in orders.detail.text()
    assert "mg/kg" not in orders.detail.text()
    assert not orders.buttons["preview_order"].isEnabled()

    def wrong(dialog) -> None:
        qtbot.keyClicks(dialog.weight, "61")
        qtbot.keyClicks(dialog.level, "5")
        qtbot.keyClicks(dialog.final_dose, "300")

    qtbot.mouseClick(orders.buttons["verify"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: orders.context.extras.get("last_dialog") is not None, timeout=10_000)
    dialog = orders.context.extras.pop("last_dialog")
    wrong(dialog)
    qtbot.keyClicks(dialog.password, PASSWORD)
    _click(qtbot, dialog, "Sign")
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
    assert "do not match" in dialog.message.text() or "does not match" in dialog.message.text()
    dialog.reject()

    def right(dialog) -> None:
        qtbot.keyClicks(dialog.weight, "61")
        qtbot.keyClicks(dialog.level, "5")
        qtbot.keyClicks(dialog.final_dose, f"{order.final_dose_mg.normalize():f}")

    _sign(qtbot, orders, "verify", right)
    qtbot.waitUntil(lambda: orders.order is not None and orders.order.status == "verified", timeout=10_000)
    assert "mg/kg" in orders.detail.text()

    def lot(dialog) -> None:  # the suggested lot, prepared now (the default)
        assert [line.lot.currentText() for line in dialog.lines] == ["LOT-2026-07"]

    _sign(qtbot, orders, "prepare", lot)
    qtbot.waitUntil(lambda: orders.order is not None and orders.order.status == "prepared", timeout=10_000)

    qtbot.wait(3000)  # the infusion starts after the preparation and ends before now

    def given(dialog) -> None:
        now = QDateTime.currentDateTime()
        dialog.started.setDateTime(now.addSecs(-2))
        dialog.ended.setDateTime(now.addSecs(-1))
        qtbot.keyClicks(dialog.nurse, "Nurse Ho")

    _sign(qtbot, orders, "administer", given)
    qtbot.waitUntil(lambda: orders.model.rowCount() == 0, timeout=10_000)  # no open order left

    with database.session_factory() as session:
        row = session.execute(select(InfusionOrder).where(InfusionOrder.id == order.id)).scalar_one()
        assert str(row.status) == "administered"
        meanings = {
            str(s.meaning)
            for s in session.execute(select(Signature).where(Signature.record_id == order.id)).scalars()
            if s.record_table == "infusion_orders"
        }
        assert meanings == {"prescribed", "verified", "prepared", "administered"}

    orders.open_only.setChecked(False)
    qtbot.waitUntil(lambda: orders.select_order(order.order_number), timeout=10_000)
    qtbot.mouseClick(orders.buttons["preview_label"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: orders.context.extras.get("last_preview") is not None, timeout=10_000)
    assert len(orders.context.extras["last_preview"].pages) >= 1


def test_investigator_records_a_toxicity_and_the_hold_follows(qtbot, backend, database, tmp_path):
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication

    from app.models import Hold, Toxicity, ToxicityDecision
    from app.ui.dialogs.toxicity import RecordToxicityDialog

    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=6)
    subject_id = world.enrol("002-001", c1d1=world.today)
    world.give_dose(subject_id, "C1D1")

    window = _window(qtbot, backend, tmp_path, world.user("investigator"))
    patients = window.show_screen("patients")
    qtbot.waitUntil(lambda: patients.loaded, timeout=10_000)
    patients.open_subject(subject_id)
    chart = patients.chart
    qtbot.waitUntil(lambda: chart.chart is not None, timeout=10_000)
    assert chart.timeline.events and chart.timeline.events[0].kind == "dose"
    chart.tabs.setCurrentIndex(3)
    qtbot.mouseClick(chart.record_toxicity_button, Qt.MouseButton.LeftButton)
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, RecordToxicityDialog) and w.isVisible()
    )
    qtbot.keyClicks(dialog.search, "neutropenia")
    button = dialog.grade_buttons[4]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))
    assert "resume at 4 mg/kg" in dialog.proposed_action.text()
    _click(qtbot, dialog, "Record")
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or dialog.message.isVisible(), timeout=10_000)
    assert not shiboken6.isValid(dialog), dialog.message.text()
    qtbot.waitUntil(lambda: chart.toxicities_model.rowCount() == 1, timeout=10_000)
    row = chart.toxicities_model.record(0)
    assert (row.term, row.grade, row.action, row.overridden) == (
        "Neutrophil count decreased",
        4,
        "hold",
        False,
    )
    assert any(e.kind == "hold" for e in chart.timeline.events)  # drawn on the timeline
    with database.session_factory() as session:
        toxicity = session.execute(select(Toxicity).where(Toxicity.subject_id == subject_id)).scalar_one()
        decision = session.execute(
            select(ToxicityDecision).where(ToxicityDecision.toxicity_id == toxicity.id)
        ).scalar_one()
        assert not decision.overridden
        assert (
            session.execute(select(Hold).where(Hold.toxicity_id == toxicity.id)).scalar_one().end_date is None
        )
