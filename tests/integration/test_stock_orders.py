"""Stock in the real order flow: the orders service's `take_vials` calls `stock.dispense_for_order`, so preparing
an order takes its vials from the lot and records the partial vial's waste on it; a lot not in stock, expired,
quarantined, short or entered with another expiry refuses the whole preparation and changes nothing; the
prepared order's signature stays valid; the demo stock seeds through the same use cases."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.errors import InputError
from app.services import orders, stock
from app.services.database import Database, check_database

from ._services import PASSWORD, World, unchanged

C1D1 = date(2026, 3, 4)
EXPIRY = C1D1 + timedelta(days=300)


@pytest.fixture
def world(database: Database) -> World:
    return World.build(database).at(date(2026, 3, 2))


def _verified(world: World) -> orders.OrderRow:  # type: ignore[name-defined]
    subject_id = world.enrol(c1d1=C1D1)
    world.at(C1D1, 8)
    world.weigh(subject_id, "61")
    world.labs(subject_id)
    return world.verify(world.prescribe(world.order(subject_id, "C1D1")))


def _receive(world: World, lot: str, vials: int) -> None:
    stock.receive_shipment(
        world.uow("pharmacist"),
        reference=f"SH-{lot}",
        received_on=world.today,
        lots=[stock.LotReceipt(lot, Decimal("200"), EXPIRY, vials)],
        protocol_id="nct07343453",
    )


def _prepare(world: World, order: orders.OrderRow, lot: str, expiry: date = EXPIRY):  # type: ignore[name-defined, no-untyped-def]
    return orders.prepare_order(
        world.uow("pharmacist"),
        order.id,
        PASSWORD,
        lots=[orders.LotUse(lot, expiry, order.vials, order.volume_to_draw_ml)],
        prepared_at=world.now,
    )


def test_preparing_an_order_takes_its_vials_and_records_its_waste(world: World, database: Database) -> None:
    order = _verified(world)
    _receive(world, "LOT-A1", 10)
    prepared = _prepare(world, order, "LOT-A1")
    assert prepared.status == "prepared"
    [lot] = stock.list_lots(world.uow(None))
    assert (lot.dispensed, lot.on_hand, lot.wasted_mg) == (order.vials, 10 - order.vials, order.waste_mg)
    lines = stock.order_movements(world.uow(None), order.id)
    assert [(line.kind.value, line.vials_out, line.waste_mg) for line in lines] == [
        ("dispense", order.vials, None),
        ("waste", 0, order.waste_mg),
    ]
    assert lines[0].order_number == order.order_number and lines[0].by == "Wang Fang"
    world.administer(prepared)
    assert check_database(database) == []  # the preparation's signature still matches, every lot reconciles


def test_a_lot_not_usable_refuses_the_whole_preparation(world: World, database: Database) -> None:
    order = _verified(world)
    unchanged(database, lambda: _prepare(world, order, "LOT-NONE"), InputError, "no lot LOT-NONE in stock")
    _receive(world, "LOT-SHORT", 1)
    unchanged(database, lambda: _prepare(world, order, "LOT-SHORT"), InputError, "has 1 vial on hand")
    _receive(world, "LOT-HELD", 10)
    stock.quarantine_lot(world.uow("pharmacist"), "LOT-HELD", "excursion")
    unchanged(database, lambda: _prepare(world, order, "LOT-HELD"), InputError, "quarantined (excursion)")
    _receive(world, "LOT-OK", 10)
    unchanged(
        database,
        lambda: _prepare(world, order, "LOT-OK", EXPIRY + timedelta(days=1)),
        InputError,
        "was entered",
    )
    stock.receive_shipment(
        world.uow("pharmacist"),
        reference="SH-LOT-OLD",
        received_on=world.today,
        lots=[stock.LotReceipt("LOT-OLD", Decimal("200"), C1D1 + timedelta(days=1), 10)],
        protocol_id="nct07343453",
    )
    world.at(C1D1 + timedelta(days=2), 8)
    unchanged(
        database,
        lambda: _prepare(world, order, "LOT-OLD", C1D1 + timedelta(days=1)),
        InputError,
        "expired on 2026-03-05",
    )
    assert [lot.dispensed for lot in stock.list_lots(world.uow(None))] == [0] * 4


def test_world_prepare_takes_its_vials_from_lot_a1(world: World, database: Database) -> None:
    order = _verified(world)
    prepared = world.prepare(order)
    assert [(lot.lot_number, lot.vials) for lot in prepared.lots] == [("LOT-A1", order.vials)]
    [lot] = stock.list_lots(world.uow(None))
    assert (lot.lot_number, lot.received, lot.on_hand) == ("LOT-A1", 200, 200 - order.vials)
    assert check_database(database) == []


def test_the_demo_stock_is_seeded_through_the_use_cases(world: World, database: Database) -> None:
    pharmacist, today = world.user("pharmacist"), world.today
    opening = stock.seed_demo_stock(world.uow(None), pharmacist, on=today - timedelta(days=120), today=today)
    assert opening == ["SKB-2504A", "SKB-2511C", "DEMO-X2312"]
    later = stock.finish_demo_stock(world.uow(None), pharmacist, PASSWORD, today=today)
    summaries = {lot.lot_number: lot for lot in stock.list_lots(world.uow(None))}
    assert set(summaries) == {*opening, *later}
    short = summaries["DEMO-X2312"]
    assert (short.received, short.returned, short.destroyed, short.on_hand) == (4, 3, 1, 0)
    assert short.status.value == summaries["DEMO-C2409"].status.value == "quarantined"
    assert summaries["SKB-2504A"].on_hand == 240
    kinds = {alert.kind for alert in stock.stock_alerts(world.uow(None), today=today)}
    assert "expiring" in kinds  # DEMO-A2401 expires within the alert days
    assert check_database(database) == []
