"""An infusion order through every step in the window, on a real database: an investigator creates and
prescribes it; a second pharmacist verifies it blind (the inputs shown, a mismatch kept on the order with the
password still typed); the pharmacist who made it prepares the bag; the second one checks it; a nurse starts it
(the bag label and the wristband scanned: a wrong one refused) and ends it. The order sheet and bag label preview.
The records are checked afterwards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

pytest.importorskip("app.services.orders")

from app.models import InfusionOrder, OrderStep, Signature
from app.services import users
from app.services.queries import wristband_code
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


def _open(qtbot, screen: OrdersScreen, button: str):
    qtbot.waitUntil(lambda: screen.buttons[button].isEnabled(), timeout=10_000)
    qtbot.mouseClick(screen.buttons[button], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.context.extras.get("last_dialog") is not None, timeout=10_000)
    return screen.context.extras.pop("last_dialog")


def _sign(qtbot, screen: OrdersScreen, button: str, fill=None) -> None:
    dialog = _open(qtbot, screen, button)
    if fill is not None:
        fill(dialog)
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or dialog.message.isVisible(), timeout=10_000)
    assert not shiboken6.isValid(dialog), dialog.message.text()


def _status(orders: OrdersScreen, status: str) -> bool:
    return orders.order is not None and orders.order.status == status


def test_an_order_through_every_step_in_the_window(qtbot, backend, database, tmp_path):
    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=3)
    subject_id = world.enrol("001-001", c1d1=world.today)
    world.sign_eligibility(subject_id)
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
    assert order.final_dose_mg == Decimal("306.0")  # 5 mg/kg × 61 kg → 15.3 mL of 20 mg/mL
    orders = window.show_screen("orders")
    assert isinstance(orders, OrdersScreen)
    qtbot.waitUntil(lambda: orders.select_order(order.order_number), timeout=10_000)
    assert "final dose 306 mg" in orders.detail.text()  # the investigator sees every figure
    _sign(qtbot, orders, "prescribe")
    window.close()

    # Liu Yang, a pharmacist who neither made nor prescribed it, sees no figure and verifies blind.
    window = _window(qtbot, backend, tmp_path, world.user("pharmacist2"))
    orders = window.show_screen("orders")
    qtbot.waitUntil(lambda: orders.select_order(order.order_number), timeout=10_000)
    qtbot.waitUntil(lambda: _status(orders, "prescribed"))
    assert "hidden until you verify" in orders.detail.text()
    assert "306" not in orders.detail.text() and "15.3" not in orders.detail.text()
    dialog = _open(qtbot, orders, "verify")
    shown = dialog.inputs.text()
    assert "Weight 61 kg, measured" in shown and "Dose level 5 mg/kg" in shown and "20 mg/mL" in shown
    assert "rounded half up to the nearest 0.1 mL" in dialog.findChild(type(dialog.inputs), "rounding").text()
    assert "306" not in shown and "15.3" not in shown
    qtbot.keyClicks(dialog.final_dose, "305")  # not rounded through the volume: a mismatch
    qtbot.keyClicks(dialog.volume, "15.25")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
    assert "do not match" in dialog.message.text() and "306" not in dialog.message.text()
    assert dialog.password.text() == PASSWORD  # kept: the figures are corrected, and signed again
    dialog.final_dose.clear()
    dialog.volume.clear()
    qtbot.keyClicks(dialog.final_dose, "306")
    qtbot.keyClicks(dialog.volume, "15.3")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=10_000)
    qtbot.waitUntil(lambda: _status(orders, "verified"), timeout=10_000)
    assert "final dose 306 mg" in orders.detail.text()  # signed: the figures are hers to see now
    assert not orders.buttons["prepare"].isEnabled()  # the verifier does not prepare it
    window.close()

    # Wang Fang, who made the order, prepares the bag.
    window = _window(qtbot, backend, tmp_path, world.user("pharmacist"))
    orders = window.show_screen("orders")
    qtbot.waitUntil(lambda: orders.select_order(order.order_number), timeout=10_000)
    qtbot.waitUntil(lambda: _status(orders, "verified"), timeout=10_000)

    def lot(dialog) -> None:  # the suggested lot, prepared now (the default)
        assert [line.lot.currentText() for line in dialog.lines] == ["LOT-2026-07"]

    _sign(qtbot, orders, "prepare", lot)
    qtbot.waitUntil(lambda: _status(orders, "prepared"), timeout=10_000)
    assert "use before" in orders.detail.text()
    assert not orders.buttons["check"].isEnabled()  # she prepared it: a second pharmacist checks it
    window.close()

    # Liu Yang checks the bag: every item confirmed, then released.
    window = _window(qtbot, backend, tmp_path, world.user("pharmacist2"))
    orders = window.show_screen("orders")
    qtbot.waitUntil(lambda: orders.select_order(order.order_number), timeout=10_000)
    qtbot.waitUntil(lambda: _status(orders, "prepared"), timeout=10_000)
    dialog = _open(qtbot, orders, "check")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert "Confirm every item" in dialog.message.text()  # not signed with an item unchecked
    for box in dialog.items.values():
        box.setChecked(True)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=10_000)
    qtbot.waitUntil(lambda: _status(orders, "checked"), timeout=10_000)
    window.close()

    # The nurse scans the bag and the wristband, starts the infusion, and ends it.
    window = _window(qtbot, backend, tmp_path, world.user("nurse"))
    orders = window.show_screen("orders")
    qtbot.waitUntil(lambda: orders.select_order(order.order_number), timeout=10_000)
    qtbot.waitUntil(lambda: _status(orders, "checked"), timeout=10_000)
    for key in ("prescribe", "verify", "prepare", "check", "cancel_order"):
        assert orders.buttons[key].isHidden(), key  # a nurse's screen offers the bedside steps only
    dialog = _open(qtbot, orders, "start")
    qtbot.keyClicks(dialog.bag_code, order.order_number)
    qtbot.keyClicks(dialog.subject_code, wristband_code("001-002"))  # someone else's wristband
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
    assert "check the patient's wristband" in dialog.message.text()
    dialog.subject_code.clear()
    qtbot.keyClicks(dialog.subject_code, wristband_code("001-001"))
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=10_000)
    qtbot.waitUntil(lambda: _status(orders, "started"), timeout=10_000)
    assert "Running since" in orders.detail.text()
    dialog = _open(qtbot, orders, "stop")
    assert dialog.in_full.isChecked()
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or dialog.message.isVisible(), timeout=10_000)
    assert not shiboken6.isValid(dialog), dialog.message.text()
    qtbot.waitUntil(lambda: orders.model.rowCount() == 0, timeout=10_000)  # no open order left

    with database.session_factory() as session:
        row = session.execute(select(InfusionOrder).where(InfusionOrder.id == order.id)).scalar_one()
        assert str(row.status) == "completed" and row.dose_given_mg == Decimal("306.0")
        signed = {
            (s.record_table, str(s.meaning), s.printed_name)
            for s in session.execute(select(Signature).order_by(Signature.id)).scalars()
            if s.record_table in ("infusion_orders", "infusion_bags")
        }
        assert signed == {
            ("infusion_orders", "prescribed", "Dr Zhang Wei"),
            ("infusion_orders", "verified", "Liu Yang"),
            ("infusion_bags", "prepared", "Wang Fang"),
            ("infusion_bags", "checked", "Liu Yang"),
            ("infusion_orders", "started", "Huang Li"),
            ("infusion_orders", "completed", "Huang Li"),
        }
        steps = [str(s.step) for s in row.steps]
        assert steps.count(OrderStep.MISMATCH) == 1  # the mismatch is on the order, unsigned

    orders.open_only.setChecked(False)
    qtbot.waitUntil(lambda: orders.select_order(order.order_number), timeout=10_000)
    qtbot.mouseClick(orders.buttons["preview_label"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: orders.context.extras.get("last_preview") is not None, timeout=10_000)
    assert len(orders.context.extras["last_preview"].pages) >= 1
    # The order sheet in the language chosen beside the buttons: Chinese here.
    import io

    from pypdf import PdfReader

    orders.context.extras.pop("last_preview").close()
    orders.paper_language.setCurrentIndex(orders.paper_language.findData("zh"))
    qtbot.mouseClick(orders.buttons["preview_order"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: orders.context.extras.get("last_preview") is not None, timeout=10_000)
    sheet = PdfReader(io.BytesIO(orders.context.extras["last_preview"].pages.data)).pages[0].extract_text()
    assert "输液医嘱单" in sheet and "INFUSION ORDER" not in sheet


def test_investigator_records_a_toxicity_and_the_hold_follows(qtbot, backend, database, tmp_path):
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication

    from app.models import Hold, Toxicity, ToxicityDecision
    from app.ui.dialogs.toxicity import RecordToxicityDialog

    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=6)
    subject_id = world.enrol("002-001", c1d1=world.today)
    world.sign_eligibility(subject_id)
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
