"""Preparing an order in the window, from the stock on a real database: the lots come suggested first expiry
first out (several lots when the first runs short), the volume to draw is split over them, a quarantined or
expired lot is refused with the service's words and changes nothing, and the prepared order's vials leave
stock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import shiboken6
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from sqlalchemy import func, select

pytest.importorskip("app.services.stock")

from app.models import InfusionOrder, PreparationLine
from app.models.stock import Lot, StockMovement
from app.ui.dialogs.prepare import PrepareDialog, split_volume
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.orders import OrdersScreen
from app.ui.screens.registry import default_factories
from app.ui.service_backend import signed_in
from app.ui.settings import UiSettings
from tests.integration._services import PASSWORD, World, snapshot
from tests.ui._stock import receive


def _sign(qtbot, dialog: PrepareDialog) -> None:
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, PASSWORD)
    assert dialog.sign_button.text() == "Sign the preparation"  # the button says what it does
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or dialog.message.isVisible(), timeout=10_000)


def test_lots_suggested_first_expiry_first_out_and_refused_in_the_services_words(
    qtbot, backend, database, tmp_path: Path
):
    today = date.today()
    world = World.build(database)
    world.at(today - timedelta(days=40), 8)
    receive(world, "E-OLD", 10, today - timedelta(days=1))  # in date when it came, expired now
    world.now = datetime.now(UTC) - timedelta(hours=3)
    receive(world, "A-SOON", 1, today + timedelta(days=30))
    receive(world, "B-LATER", 10, today + timedelta(days=300))
    receive(world, "Q-HELD", 10, today + timedelta(days=200), quarantine="temperature excursion in transit")
    subject_id = world.enrol("001-001", c1d1=world.today)
    world.weigh(subject_id, "61")
    world.labs(subject_id)
    order = world.verify(world.prescribe(world.order(subject_id, "C1D1")))
    assert order.vials == 2

    context = build_context(backend, UiSettings(tmp_path / "p.ini"), "en")
    context.user = signed_in(world.user("pharmacist"))
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    screen = window.show_screen("orders")
    assert isinstance(screen, OrdersScreen)
    qtbot.waitUntil(lambda: screen.select_order(order.order_number), timeout=10_000)
    qtbot.waitUntil(lambda: screen.buttons["prepare"].isEnabled(), timeout=10_000)
    qtbot.mouseClick(screen.buttons["prepare"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(context.extras.get("last_dialog"), PrepareDialog), timeout=10_000)
    dialog = context.extras.pop("last_dialog")

    # First expiry first out: the one vial of A-SOON, then one of B-LATER; full vial first, the rest last.
    assert [(ln.lot.currentText(), ln.vials.value()) for ln in dialog.lines] == [
        ("A-SOON", 1),
        ("B-LATER", 1),
    ]
    assert "first expiry first out" in dialog.suggestion.text()
    per_vial = Decimal(200) / order.concentration_mg_per_ml
    volumes = [Decimal(ln.volume.text()) for ln in dialog.lines]
    assert volumes == [per_vial, order.volume_to_draw_ml - per_vial]
    offered = [dialog.lines[0].lot.itemText(i) for i in range(dialog.lines[0].lot.count())]
    assert offered == ["A-SOON", "B-LATER"]  # only lots that may be dispensed are offered

    before = snapshot(database)
    for lot, words in (("Q-HELD", "quarantined"), ("E-OLD", "expired")):
        dialog.lines[1].lot.setCurrentText(lot)
        assert words in dialog.lines[1].note.text()  # flagged on its line before signing
        _sign(qtbot, dialog)
        assert shiboken6.isValid(dialog), f"{lot} was accepted"
        assert words in dialog.message.text() and lot in dialog.message.text()
        assert snapshot(database) == before, f"refusing {lot} changed the database"

    dialog.lines[1].lot.setCurrentText("B-LATER")
    _sign(qtbot, dialog)
    assert not shiboken6.isValid(dialog), dialog.message.text()
    with database.session_factory() as session:
        row = session.execute(select(InfusionOrder).where(InfusionOrder.id == order.id)).scalar_one()
        assert str(row.status) == "prepared"
        lines = session.execute(
            select(PreparationLine.lot_number, PreparationLine.vials, PreparationLine.volume_drawn_ml)
            .where(PreparationLine.order_id == order.id)
            .order_by(PreparationLine.id)
        ).all()
        assert [(n, v) for n, v, _ml in lines] == [("A-SOON", 1), ("B-LATER", 1)]
        assert sum(ml for _n, _v, ml in lines) == order.volume_to_draw_ml
        on_hand = dict(session.execute(select(Lot.lot_number, Lot.on_hand_vials)).all())
        assert (on_hand["A-SOON"], on_hand["B-LATER"], on_hand["Q-HELD"]) == (0, 9, 10)
        assert (
            session.execute(
                select(func.count(StockMovement.id)).where(StockMovement.order_id == order.id)
            ).scalar_one()
            >= 2
        )


def test_a_third_lot_added_and_removed(qtbot):
    from app.ui.ops import OpRunner
    from app.ui.views import LotChoice, PreparationChoices

    class Order:
        order_number = "001-001-C1D1-1"
        vials = 3
        volume_to_draw_ml = Decimal("25.5")
        concentration_mg_per_ml = Decimal(20)

    lots = tuple(
        LotChoice(n, date.today() + timedelta(days=d), 1, Decimal(200), "released")
        for n, d in (("L1", 10), ("L2", 20), ("L3", 30))
    )
    dialog = PrepareDialog(
        OpRunner(),
        Order(),
        PreparationChoices(lots, (("L1", 1), ("L2", 1)), "short", Decimal(200)),
        lambda *a: None,
    )
    qtbot.addWidget(dialog)
    assert "of 3 vial(s)" in dialog.totals.text() and "2 of 3" in dialog.totals.text()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    dialog.lines[2].lot.setCurrentText("L3")
    assert [Decimal(ln.volume.text()) for ln in dialog.lines] == [Decimal(10), Decimal(10), Decimal("5.5")]
    assert "3 of 3 vial(s)" in dialog.totals.text()
    qtbot.mouseClick(dialog.lines[0].remove, Qt.MouseButton.LeftButton)
    assert [ln.lot.currentText() for ln in dialog.lines] == ["L2", "L3"]
    assert dialog.entries() == [
        ("L2", lots[1].expiry, 1, Decimal(10)),
        ("L3", lots[2].expiry, 1, Decimal("15.5")),
    ]


@given(
    st.lists(st.integers(1, 6), min_size=1, max_size=4),
    st.decimals(min_value=Decimal("0.5"), max_value=Decimal("9.9"), places=1),
)
def test_the_volume_split_adds_up_and_draws_whole_vials_first(vials: list[int], partial: Decimal) -> None:
    per_vial = Decimal(10)
    total = (sum(vials) - 1) * per_vial + partial  # whole vials and one partial vial, the last drawn
    volumes = split_volume(total, vials, per_vial)
    assert sum(volumes) == total
    assert volumes[:-1] == [n * per_vial for n in vials[:-1]]
    assert 0 < volumes[-1] <= vials[-1] * per_vial


@given(
    st.lists(st.integers(1, 6), min_size=2, max_size=4),
    st.decimals(min_value=Decimal("1"), max_value=Decimal("99"), places=2),
)
def test_without_a_volume_per_vial_the_shares_keep_the_orders_places(
    vials: list[int], total: Decimal
) -> None:
    volumes = split_volume(total, vials, None)
    assert sum(volumes) == total
    places = -total.as_tuple().exponent
    assert all(-v.as_tuple().exponent <= places for v in volumes[:-1])
    assert volumes[0] == (total * vials[0] / sum(vials)).quantize(Decimal(1).scaleb(-places))
