"""Prescribing in the window against the criteria to treat (docs/domain.md §6), on a real database: met, the
signature dialog is unchanged; not met (a low ANC), it lists them and Sign waits for the investigator's reason,
which the order then carries; found not met only at signing, the service's refusal is shown and the reason
asked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from sqlalchemy import select

pytest.importorskip("app.services.orders")

from app.models import InfusionOrder, InfusionOrderStep, OrderStep
from app.services import queries
from app.services.clinical import LabInput
from app.services.queries import CRITERIA_OVERRIDE_NOTE
from app.ui.dialogs.esign import ESignatureDialog
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.orders import OrdersScreen
from app.ui.screens.registry import default_factories
from app.ui.service_backend import signed_in
from app.ui.settings import UiSettings
from tests.integration._services import GOOD_LABS, PASSWORD, World

PROMPT = "Prescribe although the criteria to treat are not met — reason (recorded and printed on the order)"
LOW_ANC = (
    *(r for r in GOOD_LABS if r.lab != "neutrophils"),
    LabInput("neutrophils", Decimal("0.8"), "10^9/L"),
)


@pytest.fixture
def world(database) -> World:
    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=3)
    return world


def _orders(qtbot, backend, tmp_path: Path, world: World, order_number: str) -> OrdersScreen:
    context = build_context(backend, UiSettings(tmp_path / "investigator.ini"), "en")
    context.user = signed_in(world.user("investigator"))
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    orders = window.show_screen("orders")
    assert isinstance(orders, OrdersScreen)
    qtbot.waitUntil(lambda: orders.select_order(order_number), timeout=10_000)
    qtbot.waitUntil(lambda: orders.criteria_view is not None, timeout=10_000)
    return orders


def _open_prescribe(qtbot, orders: OrdersScreen) -> ESignatureDialog:
    qtbot.waitUntil(lambda: orders.buttons["prescribe"].isEnabled(), timeout=10_000)
    qtbot.mouseClick(orders.buttons["prescribe"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: orders.context.extras.get("last_dialog") is not None, timeout=10_000)
    dialog = orders.context.extras.pop("last_dialog")
    assert isinstance(dialog, ESignatureDialog)
    return dialog


def _sign_and_wait(qtbot, dialog: ESignatureDialog) -> None:
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or dialog.message.isVisible(), timeout=10_000)


def _stored(database, order_id: int) -> tuple[str, str | None, str | None]:
    """The order's status, its prescribe step's note and the override the order row tells."""
    with database.session_factory() as session:
        order = session.execute(select(InfusionOrder).where(InfusionOrder.id == order_id)).scalar_one()
        note = session.execute(
            select(InfusionOrderStep.note).where(
                InfusionOrderStep.order_id == order_id, InfusionOrderStep.step == OrderStep.PRESCRIBED
            )
        ).scalar_one_or_none()
        status = str(order.status)
        override = queries.criteria_override(order)
    return status, note, override


def test_criteria_met_the_signature_is_unchanged(qtbot, backend, database, tmp_path, world):
    subject_id = world.enrol("004-001", c1d1=world.today)
    world.sign_eligibility(subject_id)
    world.weigh(subject_id, "61")
    world.labs(subject_id)
    order = world.order(subject_id, "C1D1")
    orders = _orders(qtbot, backend, tmp_path, world, order.order_number)
    assert orders.criteria_view is not None and orders.criteria_view.met
    dialog = _open_prescribe(qtbot, orders)
    assert not dialog.asking_reason()
    assert dialog.unmet.isHidden() and dialog.reason.isHidden()
    assert dialog.sign_button.isEnabled()
    qtbot.keyClicks(dialog.password, PASSWORD)
    _sign_and_wait(qtbot, dialog)
    assert not shiboken6.isValid(dialog), dialog.message.text()
    assert _stored(database, order.id) == ("prescribed", None, None)
    qtbot.waitUntil(lambda: orders.order is not None and orders.order.status == "prescribed", timeout=10_000)
    assert "criteria to treat were not met" not in orders.detail.text()


def test_a_low_anc_needs_the_investigators_reason_which_the_order_carries(
    qtbot, backend, database, tmp_path, world
):
    subject_id = world.enrol("004-002", c1d1=world.today)
    world.sign_eligibility(subject_id)
    world.weigh(subject_id, "61")
    world.labs(subject_id, results=LOW_ANC)
    order = world.order(subject_id, "C1D1")
    orders = _orders(qtbot, backend, tmp_path, world, order.order_number)
    assert orders.criteria_view is not None and not orders.criteria_view.met
    dialog = _open_prescribe(qtbot, orders)

    # Which criteria are not met, and the reason asked in plain words; Sign waits for it.
    assert dialog.asking_reason()
    unmet = dialog.unmet.text().splitlines()
    assert unmet[0] == f"The criteria to treat of C1D1 on {order.planned_date.isoformat()} are not met:"
    assert len(unmet) == 2 and unmet[1].startswith("✗ Neutrophils (ANC) 0.8"), unmet
    assert dialog.reason_label.text() == PROMPT
    qtbot.keyClicks(dialog.password, PASSWORD)
    assert not dialog.sign_button.isEnabled()
    qtbot.keyClicks(dialog.reason, "   ")  # blank is no reason
    assert not dialog.sign_button.isEnabled()
    dialog.accept()  # e.g. Enter in the password field
    assert dialog.isVisible() and "reason" in dialog.message.text()
    assert _stored(database, order.id) == ("draft", None, None)

    reason = "ANC 0.8 on a single sample; repeat count 1.6 by phone, PI decision"
    dialog.reason.clear()
    qtbot.keyClicks(dialog.reason, reason)
    assert dialog.sign_button.isEnabled()
    _sign_and_wait(qtbot, dialog)
    assert not shiboken6.isValid(dialog), dialog.message.text()

    status, note, override = _stored(database, order.id)
    assert status == "prescribed"
    assert note is not None and note.startswith(CRITERIA_OVERRIDE_NOTE + reason)
    assert override is not None and override.startswith(reason) and "(ANC) 0.8" in override
    qtbot.waitUntil(lambda: orders.order is not None and orders.order.status == "prescribed", timeout=10_000)
    assert orders.order.criteria_override == override
    assert f"Prescribed although the criteria to treat were not met: {override}" in orders.detail.text()


def test_criteria_found_not_met_at_signing_show_the_refusal_then_ask_the_reason(
    qtbot, backend, database, tmp_path, world
):
    subject_id = world.enrol("004-003", c1d1=world.today)
    world.sign_eligibility(subject_id)
    world.weigh(subject_id, "61")
    world.labs(subject_id, on=world.today - timedelta(days=1))
    order = world.order(subject_id, "C1D1")
    orders = _orders(qtbot, backend, tmp_path, world, order.order_number)
    assert orders.criteria_view is not None and orders.criteria_view.met
    dialog = _open_prescribe(qtbot, orders)
    assert not dialog.asking_reason()

    world.labs(subject_id, results=LOW_ANC)  # a newer count arrives while the dialog is open
    qtbot.keyClicks(dialog.password, PASSWORD)
    _sign_and_wait(qtbot, dialog)
    assert shiboken6.isValid(dialog) and dialog.isVisible()
    refusal = dialog.message.text()
    assert "are not met" in refusal and "Nothing was signed" in refusal, refusal
    qtbot.waitUntil(dialog.asking_reason, timeout=10_000)
    assert "Neutrophils (ANC) 0.8" in dialog.unmet.text()
    assert not dialog.sign_button.isEnabled()
    assert _stored(database, order.id) == ("draft", None, None)

    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClicks(dialog.reason, "Repeat count pending; PI decision")
    _sign_and_wait(qtbot, dialog)
    assert not shiboken6.isValid(dialog), dialog.message.text()
    status, note, override = _stored(database, order.id)
    assert status == "prescribed" and note is not None and override is not None
    assert override.startswith("Repeat count pending; PI decision")


def test_prescribe_before_the_criteria_are_shown_checks_them_first(qtbot, backend, database, tmp_path, world):
    subject_id = world.enrol("004-004", c1d1=world.today)
    world.sign_eligibility(subject_id)
    world.weigh(subject_id, "61")
    world.labs(subject_id, results=LOW_ANC)
    order = world.order(subject_id, "C1D1")
    orders = _orders(qtbot, backend, tmp_path, world, order.order_number)
    orders.criteria_view = None  # as if the check were still running when Prescribe… is clicked
    dialog = _open_prescribe(qtbot, orders)
    assert orders.criteria_view is not None and not orders.criteria_view.met
    assert dialog.asking_reason() and not dialog.sign_button.isEnabled()
    assert "Neutrophils (ANC) 0.8" in dialog.unmet.text()
    dialog.reject()
    assert _stored(database, order.id) == ("draft", None, None)
