"""The stock of `dosedesk demo`: its opening shipment, then the recent stock work on the demo's last day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from app.models.stock import (
    LotStatus,
)
from app.services.audit import Actor
from app.services.reasons import reason as audit_reason
from app.services.stock._base import _protocol
from app.services.stock.balances import get_lot
from app.services.stock.dispensing import destroy_vials, return_to_sponsor
from app.services.stock.receiving import quarantine_lot, receive_shipment
from app.services.stock.rows import (
    LotReceipt,
)
from app.services.uow import UnitOfWork

# The lots `dosedesk demo` prepares its orders from: (lot number, days from the demo's today to its expiry,
# vials received at the start). Expiries follow the demo's today, so the demo never prepares from a lot that
# has expired since it was written.
DEMO_LOTS: tuple[tuple[str, int, int], ...] = (
    ("SKB-2504A", 240, 240),
    ("SKB-2511C", 400, 240),
)
DEMO_SHORT_DATED = "DEMO-X2312"


def demo_lots(today: date) -> tuple[tuple[str, date, int], ...]:
    """The demo's lots as (lot number, expiry, vials) for a demo whose last day is `today`."""
    return tuple((number, today + timedelta(days=days), vials) for number, days, vials in DEMO_LOTS)


def seed_demo_stock(
    uow: UnitOfWork,
    pharmacist: Actor,
    *,
    on: date,
    today: date,
    lots: Sequence[tuple[str, date, int]] | None = None,
    protocol_id: str = "nct07343453",
) -> list[str]:
    """Opening stock for `dosedesk demo`, received on `on` (the demo's first day, not after the uow's clock):
    shipment DEMO-SH-0001 with `lots` (default `demo_lots(today)`: the lots the demo's preparations name) and
    a short-dated lot that will have expired by `today`. Acted by `pharmacist` (an active user with the
    pharmacist role). Returns the lot numbers. Then `finish_demo_stock` on the demo's last day."""
    protocol = _protocol(protocol_id)
    strength = protocol.product.vial_strength_mg
    short = LotReceipt(DEMO_SHORT_DATED, strength, max(on, today - timedelta(days=10)), 4)
    chosen = demo_lots(today) if lots is None else lots
    received = [LotReceipt(number, strength, expiry, vials) for number, expiry, vials in chosen]
    with uow, uow.acting(pharmacist, audit_reason("demo_stock")):
        receive_shipment(
            uow, reference="DEMO-SH-0001", received_on=on, lots=[*received, short], protocol_id=protocol.id
        )
    return [*(lot.lot_number for lot in received), short.lot_number]


def finish_demo_stock(
    uow: UnitOfWork, pharmacist: Actor, password: str, *, today: date, protocol_id: str = "nct07343453"
) -> list[str]:
    """The demo's recent stock work, on `today` (the uow's clock): a second shipment two weeks ago with a lot
    expiring within the alert days and one quarantined after a temperature excursion; the short-dated lot
    quarantined, 3 vials returned to the sponsor and 1 destroyed (both e-signed with `password`). Returns the
    new lot numbers."""
    protocol = _protocol(protocol_id)
    strength = protocol.product.vial_strength_mg
    soon = today + timedelta(days=max(1, protocol.stock.expiry_alert_days // 2))
    later = today + timedelta(days=400)
    lots = [LotReceipt("DEMO-A2401", strength, soon, 6), LotReceipt("DEMO-C2409", strength, later, 12)]
    with uow, uow.acting(pharmacist, audit_reason("demo_stock")):
        receive_shipment(
            uow,
            reference="DEMO-SH-0002",
            received_on=today - timedelta(days=14),
            lots=lots,
            protocol_id=protocol.id,
        )
        quarantine_lot(
            uow, "DEMO-C2409", "temperature excursion in transit: awaiting the sponsor's assessment"
        )
        short = get_lot(uow, DEMO_SHORT_DATED)
        if short.status == LotStatus.RELEASED:
            quarantine_lot(uow, DEMO_SHORT_DATED, "expired: awaiting return to the sponsor")
        if short.on_hand >= 4:
            return_to_sponsor(uow, DEMO_SHORT_DATED, 3, "expired", password, reference="DEMO-RT-01")
            destroy_vials(uow, DEMO_SHORT_DATED, 1, "vial cracked on inspection", password)
    return [lot.lot_number for lot in lots]
