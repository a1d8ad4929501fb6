"""Stock for the window's tests: a shipment received through the stock service, and the orders service's stock
hook (`take_vials` calling `stock.dispense_for_order`, as tests/integration/test_stock_orders.py installs it)
for as long as the orders service does not call it itself."""

from __future__ import annotations

import inspect
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from app.services import orders, stock


def install_stock_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    if "dispense_for_order" in inspect.getsource(orders.take_vials):
        return  # the orders service takes the vials from stock itself
    original = orders.take_vials

    def take_vials_with_stock(uow: Any, order: Any, lots: Any, prepared_at: Any) -> Any:
        lines = original(uow, order, lots, prepared_at)
        stock.dispense_for_order(uow, order, on=prepared_at.astimezone().date())
        return lines

    monkeypatch.setattr(orders, "take_vials", take_vials_with_stock)


def receive(world: Any, lot: str, vials: int, expiry: date, *, quarantine: str | None = None) -> None:
    stock.receive_shipment(
        world.uow("pharmacist"),
        reference=f"SH-{lot}",
        received_on=world.today,
        lots=[stock.LotReceipt(lot, Decimal("200"), expiry, vials)],
        protocol_id="nct07343453",
        quarantine_reason=quarantine,
    )
