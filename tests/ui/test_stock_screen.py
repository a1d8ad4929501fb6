"""The Stock screen on a real database, driven with pytest-qt: receive a shipment, see balances and alerts,
quarantine and release, return vials with an e-signature, a lot that does not reconcile shown in red, and the
accountability log previewed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QTableWidgetItem
from sqlalchemy import select, text

from app.models.stock import Lot, StockMovement
from app.services import stock, users
from app.services.audit import SystemActor
from app.ui.main import build_context
from app.ui.screens.stock import (
    PROBLEM,
    LotTableModel,
    MovementTableModel,
    ReasonDialog,
    ReceiveShipmentDialog,
    StockScreen,
    StockSignatureDialog,
    TakeOutDialog,
)
from app.ui.service_backend import signed_in
from app.ui.settings import UiSettings

PASSWORD = "correct horse"
TODAY = date.today()


def _people(database) -> dict[str, users.UserInfo]:
    admin = users.create_user(database.uow(SystemActor("test")), "ada", "Ada Admin", PASSWORD, ["admin"])
    return {
        "admin": admin,
        "pharmacist": users.create_user(
            database.uow(admin, "new"), "wang", "Wang Fang", PASSWORD, ["pharmacist"]
        ),
        "investigator": users.create_user(
            database.uow(admin, "new"), "huang", "Huang Wei", PASSWORD, ["investigator"]
        ),
    }


def _screen(qtbot, backend, tmp_path: Path, who: users.UserInfo) -> StockScreen:
    context = build_context(backend, UiSettings(tmp_path / f"{who.username}.ini"), "en")
    context.user = signed_in(who)
    screen = StockScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    qtbot.waitUntil(lambda: screen.alerts_list.count() > 0, timeout=10_000)
    return screen


def _click(qtbot, widget, words: str) -> None:
    button = next(b for b in widget.findChildren(QPushButton) if b.text() == words)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _closed(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or dialog.message.isVisible(), timeout=10_000)
    assert not shiboken6.isValid(dialog), dialog.message.text()


def _on_hand(database, number: str) -> int:
    with database.session_factory() as session:
        return session.execute(select(Lot.on_hand_vials).where(Lot.lot_number == number)).scalar_one()


def test_a_pharmacist_receives_quarantines_releases_and_returns_through_the_window(
    qtbot, qtmodeltester, backend, database, tmp_path
):
    people = _people(database)
    screen = _screen(qtbot, backend, tmp_path, people["pharmacist"])
    assert screen.alert_texts() == ["No alerts: every lot reconciles and stock covers the booked doses."]

    # Receive a shipment of two lots; a bad row is refused in the dialog, in plain words.
    dialog = screen.receive()
    assert isinstance(dialog, ReceiveShipmentDialog)
    qtbot.keyClicks(dialog.reference, "SH-2026-07")
    soon = TODAY + timedelta(days=20)
    dialog.lots.setItem(0, 0, QTableWidgetItem("24A117"))
    dialog.lots.setItem(0, 1, QTableWidgetItem("ten"))
    dialog.lots.setItem(0, 2, QTableWidgetItem(soon.isoformat()))
    _click(qtbot, dialog, "Receive")
    assert dialog.message.text() == "Row 1: the vials must be a whole number."
    dialog.lots.setItem(0, 1, QTableWidgetItem("10"))
    row = dialog.add_lot("24B002", 30, TODAY + timedelta(days=400))
    assert dialog.lots.item(row, 3).text() == "200"  # the protocol's vial strength, filled in
    _click(qtbot, dialog, "Receive")
    _closed(qtbot, dialog)
    qtbot.waitUntil(lambda: screen.lots_model.rowCount() == 2, timeout=10_000)
    qtmodeltester.check(screen.lots_model)
    assert [lot.lot_number for lot in screen.lots_model.lots] == ["24A117", "24B002"]  # first expiry first
    assert screen.lots_model.data(screen.lots_model.index(0, 9)) == "10"
    assert any(
        "Lot 24A117 expires on" in words and "10 vials on hand" in words for words in screen.alert_texts()
    )

    # The movements of the selected lot, with the running balance.
    qtbot.waitUntil(lambda: screen.movements_model.rowCount() == 1, timeout=10_000)
    qtmodeltester.check(screen.movements_model)
    assert screen.movements_model.data(screen.movements_model.index(0, 2)) == "Received"
    assert screen.movements_model.data(screen.movements_model.index(0, 5)) == "10"

    # Quarantine needs a reason; then the lot is held and release is offered.
    assert screen.select_lot("24A117")
    dialog = screen.quarantine()
    assert isinstance(dialog, ReasonDialog)
    _click(qtbot, dialog, "OK")
    qtbot.waitUntil(dialog.message.isVisible, timeout=10_000)
    assert dialog.message.text() == "Give the reason for quarantine."
    dialog.code.setCurrentIndex(dialog.code.findData("temperature_excursion"))
    qtbot.keyClicks(dialog.reason, "fridge at 11 °C overnight")
    _click(qtbot, dialog, "OK")
    _closed(qtbot, dialog)
    qtbot.waitUntil(
        lambda: "quarantined" in screen.lots_model.data(screen.lots_model.index(0, 4)), timeout=10_000
    )
    assert screen.buttons["release"].isEnabled() and not screen.buttons["quarantine"].isEnabled()
    with database.session_factory() as session:
        lot = session.execute(select(Lot).where(Lot.lot_number == "24A117")).scalar_one()
        assert (lot.status_reason_code, lot.status_reason) == (
            "temperature_excursion",
            "fridge at 11 °C overnight",
        )
    dialog = screen.release()
    assert [dialog.code.itemData(i) for i in range(dialog.code.count())] == ["cleared", "other"]
    qtbot.keyClicks(dialog.reason, "sponsor accepted the excursion")
    _click(qtbot, dialog, "OK")
    _closed(qtbot, dialog)
    qtbot.waitUntil(
        lambda: screen.lots_model.data(screen.lots_model.index(0, 4)) == "released", timeout=10_000
    )

    # Return 4 vials to the sponsor: reason, then the e-signature (a wrong password stays in the dialog).
    assert screen.select_lot("24A117")
    take_out = screen.return_vials()
    assert isinstance(take_out, TakeOutDialog)
    take_out.vials.setValue(4)
    _click(qtbot, take_out, "Sign…")
    assert take_out.message.text() == "Give the reason."
    take_out.code.setCurrentIndex(take_out.code.findData("sponsor_recall"))
    qtbot.keyClicks(take_out.reason, "sponsor recall")
    qtbot.keyClicks(take_out.reference, "RT-9")
    _click(qtbot, take_out, "Sign…")
    qtbot.waitUntil(lambda: isinstance(screen.last_dialog, StockSignatureDialog), timeout=10_000)
    signing = screen.last_dialog
    statement = signing.findChild(QLabel, "statement").text()
    assert (
        statement
        == "I approve the return of 4 vials of lot 24A117 to the sponsor, for this reason: sponsor recall"
    )
    qtbot.keyClicks(signing.password, "not my password")
    _click(qtbot, signing, "Sign")
    qtbot.waitUntil(signing.message.isVisible, timeout=10_000)
    assert "password is wrong" in signing.message.text()
    assert _on_hand(database, "24A117") == 10
    qtbot.keyClicks(signing.password, PASSWORD)
    _click(qtbot, signing, "Sign")
    _closed(qtbot, signing)
    assert _on_hand(database, "24A117") == 6
    with database.session_factory() as session:
        coded = session.execute(
            select(StockMovement.kind, StockMovement.reason_code)
            .join(Lot, Lot.id == StockMovement.lot_id)
            .where(Lot.lot_number == "24A117", StockMovement.reason_code.is_not(None))
            .order_by(StockMovement.id)
        ).all()
        assert [(str(kind), code) for kind, code in coded] == [
            ("quarantine", "temperature_excursion"),
            ("release", "cleared"),
            ("return", "sponsor_recall"),
        ]
    qtbot.waitUntil(lambda: screen.movements_model.rowCount() == 4, timeout=10_000)
    assert screen.movements_model.data(screen.movements_model.index(3, 10)).startswith("Wang Fang · ")
    assert screen.movements_model.data(screen.movements_model.index(3, 5)) == "6"


def test_a_lot_that_does_not_reconcile_is_shown_in_red_with_its_problem(qtbot, backend, database, tmp_path):
    people = _people(database)
    stock.receive_shipment(
        database.uow(people["pharmacist"], "test"),
        reference="SH-1",
        received_on=TODAY,
        lots=[stock.LotReceipt("A1", Decimal("200"), TODAY + timedelta(days=300), 10)],
        protocol_id="nct07343453",
    )
    with database.engine.begin() as connection:  # someone edits the count behind DoseDesk's back
        connection.execute(text("DROP TRIGGER stock_lots_counters"))
        connection.execute(text("UPDATE stock_lots SET dispensed_vials = 1, on_hand_vials = 9"))
    screen = _screen(qtbot, backend, tmp_path, people["pharmacist"])
    qtbot.waitUntil(lambda: screen.lots_model.rowCount() == 1, timeout=10_000)
    model = screen.lots_model
    assert model.data(model.index(0, 11)) == "DOES NOT RECONCILE"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole).color() == PROBLEM
    assert "movements add up to 0" in model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    qtbot.waitUntil(screen.problems.isVisible, timeout=10_000)
    assert "Lot A1: 9 vials on hand, but received 10 − dispensed 0" in screen.problems.text()
    assert any(words.startswith("Lot A1 does not reconcile:") for words in screen.alert_texts())


def test_others_see_the_stock_but_only_a_pharmacist_changes_it_and_the_log_previews(
    qtbot, backend, database, tmp_path
):
    people = _people(database)
    stock.receive_shipment(
        database.uow(people["pharmacist"], "test"),
        reference="SH-1",
        received_on=TODAY,
        lots=[stock.LotReceipt("A1", Decimal("200"), TODAY + timedelta(days=300), 10)],
        protocol_id="nct07343453",
    )
    screen = _screen(qtbot, backend, tmp_path, people["admin"])
    qtbot.waitUntil(lambda: screen.lots_model.rowCount() == 1, timeout=10_000)
    assert screen.select_lot("A1")
    changing = ("receive", "quarantine", "release", "return", "destroy")
    assert not any(screen.buttons[name].isEnabled() for name in changing)
    assert screen.buttons["log"].isEnabled()
    _click(qtbot, screen, "Accountability log…")
    qtbot.waitUntil(lambda: screen.context.extras.get("last_preview") is not None, timeout=10_000)
    preview = screen.context.extras["last_preview"]
    assert preview.windowTitle().endswith("Accountability log of lot A1")
    preview.close()


def test_the_models_are_sound_when_empty(qtmodeltester):
    qtmodeltester.check(LotTableModel())
    qtmodeltester.check(MovementTableModel())


def test_the_accountability_log_prints_in_the_language_chosen(qtbot, backend, database, tmp_path):
    import io

    from pypdf import PdfReader

    people = _people(database)
    stock.receive_shipment(
        database.uow(people["pharmacist"], "test"),
        reference="SH-1",
        received_on=TODAY,
        lots=[stock.LotReceipt("A1", Decimal("200"), TODAY + timedelta(days=300), 10)],
        protocol_id="nct07343453",
    )
    screen = _screen(qtbot, backend, tmp_path, people["pharmacist"])
    qtbot.waitUntil(lambda: screen.lots_model.rowCount() == 1, timeout=10_000)
    assert screen.select_lot("A1")
    combo = screen.paper_language
    assert combo.language() == "en" and combo.count() == 2  # the site prints one language at a time
    combo.setCurrentIndex(combo.findData("zh"))
    _click(qtbot, screen, "Accountability log…")
    qtbot.waitUntil(lambda: screen.context.extras.get("last_preview") is not None, timeout=10_000)
    preview = screen.context.extras.pop("last_preview")
    words = PdfReader(io.BytesIO(preview.pages.data)).pages[0].extract_text()
    assert "试验用药品清点记录" in words and "accountability log" not in words
    preview.close()
