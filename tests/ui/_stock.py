"""Stock for the window's tests: a shipment received through the stock service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from app.services import stock


def receive(world: Any, lot: str, vials: int, expiry: date, *, quarantine: str | None = None) -> None:
    stock.receive_shipment(
        world.uow("pharmacist"),
        reference=f"SH-{lot}",
        received_on=world.today,
        lots=[stock.LotReceipt(lot, Decimal("200"), expiry, vials)],
        protocol_id="nct07343453",
        quarantine_reason=quarantine,
    )
