"""Investigational product accountability on a real SQLite file and a real PostgreSQL server: receiving,
quarantine and release, first-expiry-first-out dispensing with waste, signed returns and destruction, and a
refusal in plain words for every bad case, with the database unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.errors import InputError, NotFoundError
from app.models import AuditLog, OrderStatus, Signature, SignatureMeaning
from app.models.stock import Lot, LotStatus, MovementKind, StockMovement
from app.services import stock
from app.services.audit import SystemActor
from app.services.database import Database, check_database
from app.services.signatures import signature_valid
from app.services.uow import SqlUnitOfWork
from app.services.users import NotAllowedError

from ._services import wrong_password_counted
from .test_stock_fixtures import (
    PASSWORD,
    PROTOCOL,
    TODAY,
    VIAL,
    People,
    counts,
    make_order,
    people,
    pharmacy,
    receive,
)

EARLY = TODAY + timedelta(days=90)
LATE = TODAY + timedelta(days=300)


@pytest.fixture
def staff(database: Database) -> People:
    return people(database)


def lot(database: Database, number: str) -> stock.LotSummary:
    return stock.get_lot(pharmacy(database, SystemActor("reader")), number)  # type: ignore[arg-type]


@contextmanager
def refused(database: Database, error: type[Exception], match: str) -> Iterator[None]:
    """The block must raise `error` matching `match` and change nothing in the database."""
    before = counts(database)
    with pytest.raises(error, match=match):
        yield
    assert counts(database) == before, "a refusal changed the database"


# --- receiving ---------------------------------------------------------------------------------------------


def test_a_shipment_brings_its_lots_and_vials_into_stock(database: Database, staff: People) -> None:
    [a, b] = receive(database, staff.pharmacist, ("A1", 10, EARLY), ("B1", 4, LATE), reference="SH-1")
    assert (a.lot_number, a.received, a.on_hand, a.status, a.shipments) == (
        "A1",
        10,
        10,
        LotStatus.RELEASED,
        ("SH-1",),
    )
    assert (b.received, b.on_hand, b.expiry, b.strength_mg) == (4, 4, LATE, VIAL)
    # The same lot may come again in a later shipment: the vials add up.
    [again] = receive(database, staff.pharmacist, ("A1", 5, EARLY), reference="SH-2")
    assert (again.received, again.on_hand, again.shipments) == (15, 15, ("SH-1", "SH-2"))
    assert again.reconciles and check_database(database) == []
    with database.session_factory() as session:  # the counters the database keeps, from the movements
        row = session.execute(select(Lot).where(Lot.lot_number == "A1")).scalar_one()
        assert (row.received_vials, row.on_hand_vials) == (15, 15)
    with database.session_factory() as session:
        receipts = (
            session.execute(
                select(StockMovement)
                .where(StockMovement.kind == MovementKind.RECEIPT)
                .order_by(StockMovement.id)
            )
            .scalars()
            .all()
        )
        assert [(m.vials, m.by_name) for m in receipts] == [
            (10, "Wang Fang"),
            (4, "Wang Fang"),
            (5, "Wang Fang"),
        ]
        created = (
            session.execute(
                select(AuditLog.record_id).where(
                    AuditLog.table_name == "stock_movements", AuditLog.action == "create"
                )
            )
            .scalars()
            .all()
        )
        assert sorted(int(r) for r in created) == [m.id for m in receipts]  # every movement audited


def test_a_shipment_may_come_in_quarantined_and_only_so_with_another_strength(
    database: Database, staff: People
) -> None:
    [a] = receive(
        database, staff.pharmacist, ("A1", 10, EARLY), quarantine_reason="logger shows 12 °C for 3 h"
    )
    assert (a.status, a.status_reason, a.on_hand) == (LotStatus.QUARANTINED, "logger shows 12 °C for 3 h", 10)
    kinds = [line.kind for line in stock.lot_movements(pharmacy(database, staff.pharmacist), "A1")]
    assert kinds == [MovementKind.RECEIPT, MovementKind.QUARANTINE]
    # Every vial that arrives is recorded, even of another strength, but only set aside, to go back.
    [odd] = receive(
        database,
        staff.pharmacist,
        ("W100", 3, EARLY),
        strength=Decimal("100"),
        quarantine_reason="wrong strength",
    )
    assert (odd.strength_mg, odd.status, odd.on_hand) == (Decimal("100"), LotStatus.QUARANTINED, 3)


BAD_RECEIPTS = [
    ((("A1", 0, EARLY),), {}, "must be at least 1"),
    ((("A1", 2, TODAY - timedelta(days=1)),), {}, "expired on .* before it was received"),
    ((("A1", 2, EARLY), ("A1", 3, EARLY)), {}, "listed twice"),
    ((("  ", 2, EARLY),), {}, "lot number"),
    ((("A1", 2, EARLY),), {"strength": Decimal("100")}, "holds 100 mg vials.*200 mg"),
    ((("A1", 2, EARLY),), {"day": TODAY + timedelta(days=1)}, "a day still to come"),
]


def test_a_bad_receipt_is_refused_and_changes_nothing(database: Database, staff: People) -> None:
    for lots, extra, match in BAD_RECEIPTS:
        with refused(database, InputError, match):
            stock.receive_shipment(
                pharmacy(database, staff.pharmacist, TODAY),
                reference="SH-X",
                received_on=extra.get("day", TODAY),
                lots=[stock.LotReceipt(n, extra.get("strength", VIAL), e, v) for n, v, e in lots],
                protocol_id=PROTOCOL,
            )


def test_receiving_is_refused_for_a_second_shipment_of_the_same_reference_or_a_lot_that_differs(
    database: Database, staff: People
) -> None:
    receive(database, staff.pharmacist, ("A1", 10, EARLY), reference="SH-1")
    with refused(database, InputError, "SH-1 was received already"):
        receive(database, staff.pharmacist, ("B1", 1, EARLY), reference="SH-1")
    with refused(database, InputError, "already in stock .* expiring"):
        receive(database, staff.pharmacist, ("A1", 1, LATE), reference="SH-2")
    with refused(database, NotAllowedError, "pharmacist role"):
        receive(database, staff.investigator, ("C1", 1, LATE), reference="SH-3")


# --- quarantine and release ---------------------------------------------------------------------------------


def test_quarantine_and_release_keep_their_reasons_and_refuse_what_makes_no_sense(
    database: Database, staff: People
) -> None:
    receive(database, staff.pharmacist, ("A1", 10, EARLY), ("OLD", 2, TODAY + timedelta(days=5)))
    uow = pharmacy(database, staff.pharmacist)
    with refused(database, InputError, "Give the reason"):
        stock.quarantine_lot(uow, "A1", "   ")
    held = stock.quarantine_lot(uow, "A1", "sponsor recall notice 7")
    assert (held.status, held.status_reason) == (LotStatus.QUARANTINED, "sponsor recall notice 7")
    with refused(database, InputError, "quarantined already"):
        stock.quarantine_lot(uow, "A1", "again")
    released = stock.release_lot(uow, "A1", "recall withdrawn by the sponsor")
    assert released.status == LotStatus.RELEASED
    with refused(database, InputError, "released already"):
        stock.release_lot(uow, "A1", "again")
    with refused(database, NotFoundError, "no lot NOPE"):
        stock.quarantine_lot(uow, "NOPE", "why")
    stock.quarantine_lot(uow, "OLD", "expiring")
    later = pharmacy(database, staff.pharmacist, TODAY + timedelta(days=6))
    with refused(database, InputError, "expired on .* cannot be released"):
        stock.release_lot(later, "OLD", "try")
    with database.session_factory() as session:
        reasons = (
            session.execute(
                select(AuditLog.reason).where(AuditLog.table_name == "stock_lots", AuditLog.field == "status")
            )
            .scalars()
            .all()
        )
    assert reasons == ["sponsor recall notice 7", "recall withdrawn by the sponsor", "expiring"]


# --- first expiry first out, and dispensing -----------------------------------------------------------------


def test_lots_are_suggested_first_expiry_first_out_among_usable_lots_only(
    database: Database, staff: People
) -> None:
    receive(
        database,
        staff.pharmacist,
        ("LATE", 10, LATE),
        ("SOON", 1, EARLY),
        ("SOONER", 1, TODAY + timedelta(days=30)),
        ("HELD", 5, TODAY + timedelta(days=10)),
    )
    receive(
        database,
        staff.pharmacist,
        ("ODD", 5, TODAY + timedelta(days=2)),
        strength=Decimal("100"),
        quarantine_reason="x",
    )
    uow = pharmacy(database, staff.pharmacist)
    stock.release_lot(uow, "ODD", "released by mistake: dispensing must still refuse it")
    stock.quarantine_lot(uow, "HELD", "damaged box")
    picks = stock.suggest_lots(uow, 3, protocol_id=PROTOCOL, on=TODAY)
    assert picks == [stock.VialPick("SOONER", 1), stock.VialPick("SOON", 1), stock.VialPick("LATE", 1)]
    # After SOONER's expiry it is no longer suggested.
    assert stock.suggest_lots(uow, 2, protocol_id=PROTOCOL, on=TODAY + timedelta(days=31)) == [
        stock.VialPick("SOON", 1),
        stock.VialPick("LATE", 1),
    ]
    with pytest.raises(stock.StockRefused, match=r"Only 12 vials of 200 mg usable .* 13 vials are needed"):
        stock.suggest_lots(uow, 13, protocol_id=PROTOCOL, on=TODAY)


def test_a_prepared_order_takes_its_vials_and_records_the_partial_vial_as_waste(
    database: Database, staff: People
) -> None:
    receive(database, staff.pharmacist, ("A1", 1, EARLY), ("B1", 10, LATE))
    uow = pharmacy(database, staff.pharmacist)
    with uow:
        order = make_order(uow, vials=2, waste="92", lines=(("A1", EARLY, 1), ("B1", LATE, 1)))
        movements = stock.dispense_for_order(uow, order, on=TODAY)
        order.status = OrderStatus.PREPARED
        uow.commit()
        order_id, number = order.id, order.order_number
    assert [(m.kind, m.vials, m.waste_mg) for m in movements] == [
        (MovementKind.DISPENSE, 1, None),
        (MovementKind.DISPENSE, 1, None),
        (MovementKind.WASTE, 0, Decimal("92")),
    ]
    a, b = lot(database, "A1"), lot(database, "B1")
    assert (a.dispensed, a.on_hand, a.wasted_mg) == (1, 0, Decimal(0))
    assert (b.dispensed, b.on_hand, b.wasted_mg) == (
        1,
        9,
        Decimal("92"),
    )  # the last lot gave the partial vial
    lines = stock.order_movements(pharmacy(database, staff.pharmacist), order_id)
    assert [(line.kind, line.order_number, line.balance) for line in lines] == [
        (MovementKind.DISPENSE, number, 0),
        (MovementKind.DISPENSE, number, 9),
        (MovementKind.WASTE, number, 9),
    ]
    with database.session_factory() as session:
        linked = (
            session.execute(
                select(StockMovement.preparation_line_id).where(StockMovement.kind == MovementKind.DISPENSE)
            )
            .scalars()
            .all()
        )
    assert all(linked)
    # An order whose dose fills its vials exactly wastes nothing.
    with uow:
        order = make_order(uow, vials=2, waste="0", final="400", lines=(("B1", LATE, 2),))
        movements = stock.dispense_for_order(uow, order, on=TODAY)
        uow.commit()
    assert [m.kind for m in movements] == [MovementKind.DISPENSE]
    assert lot(database, "B1").on_hand == 7
    assert check_database(database) == []


def _dispense_refused(database: Database, staff: People, match: str, **order: object) -> None:
    uow = pharmacy(database, staff.pharmacist)
    before = counts(database)
    with uow, pytest.raises(InputError, match=match):
        made = make_order(uow, **order)  # type: ignore[arg-type]
        stock.dispense_for_order(uow, made, on=TODAY)
        uow.commit()
    assert counts(database) == before


BAD_ORDERS = [
    ({"lines": (("GONE", EARLY, 2),)}, "expired on .* cannot be dispensed"),
    (
        {"lines": (("HELD", EARLY, 2),)},
        "quarantined \\(damaged box\\): it cannot be dispensed until it is released",
    ),
    ({"lines": (("EMPTY", EARLY, 2),)}, "Lot EMPTY is empty"),
    ({"lines": (("SHORT", EARLY, 2),)}, "Lot SHORT has 1 vial on hand; 2 vials were asked for"),
    ({"lines": (("ODD", EARLY, 2),)}, "holds 100 mg vials, but this protocol's vial is 200 mg"),
    ({"lines": (("NOPE", EARLY, 2),)}, "There is no lot NOPE in stock"),
    ({"lines": (("GOOD", EARLY, 3),)}, "needs 2 vials; the lots entered give 3 vials"),
    ({"lines": (("GOOD", LATE, 2),)}, "expires on .* in stock, but .* was entered"),
    ({"lines": ()}, "names no lot"),
    (
        {"lines": (("GOOD", EARLY, 2),), "status": OrderStatus.DRAFT},
        "is draft: vials are taken .* when it is prepared",
    ),
    ({"lines": (("GOOD", EARLY, 2),), "status": OrderStatus.CANCELLED}, "is cancelled"),
    ({"lines": (("GOOD", EARLY, 2),), "waste": "250"}, "not the remainder of one partial 200 mg vial"),
]


def test_dispensing_refuses_each_bad_case_in_plain_words_and_changes_nothing(
    database: Database, staff: People
) -> None:
    past = TODAY - timedelta(days=1)
    receive(database, staff.pharmacist, ("GONE", 5, past), day=past - timedelta(days=1))
    receive(
        database,
        staff.pharmacist,
        ("GOOD", 5, EARLY),
        ("HELD", 5, EARLY),
        ("SHORT", 1, EARLY),
        ("EMPTY", 1, EARLY),
    )
    receive(
        database,
        staff.pharmacist,
        ("ODD", 5, EARLY),
        strength=Decimal("100"),
        quarantine_reason="wrong strength",
    )
    uow = pharmacy(database, staff.pharmacist)
    stock.release_lot(uow, "ODD", "released by mistake")
    stock.quarantine_lot(uow, "HELD", "damaged box")
    stock.destroy_vials(uow, "EMPTY", 1, "dropped", PASSWORD)
    for order, match in BAD_ORDERS:
        _dispense_refused(database, staff, match, **order)


def test_explicit_picks_override_the_lines_an_order_takes_its_vials_once_and_only_a_pharmacist_dispenses(
    database: Database, staff: People
) -> None:
    receive(database, staff.pharmacist, ("A1", 5, EARLY), ("B1", 5, LATE))
    uow = pharmacy(database, staff.pharmacist)
    with uow:
        order = make_order(uow, lines=())
        stock.dispense_for_order(uow, order, [stock.VialPick("B1", 1), stock.VialPick("B1", 1)], on=TODAY)
        uow.commit()
        before = counts(database)
        with pytest.raises(stock.StockRefused, match=r"taken from stock for .* already"):
            stock.dispense_for_order(uow, order, on=TODAY)
    assert counts(database) == before
    assert (lot(database, "A1").on_hand, lot(database, "B1").on_hand) == (5, 3)
    doctor = pharmacy(database, staff.investigator)
    before = counts(database)
    with doctor, pytest.raises(NotAllowedError):
        order = make_order(doctor, lines=(("A1", EARLY, 2),))
        stock.dispense_for_order(doctor, order, on=TODAY)
    assert counts(database) == before


# --- returns and destruction ------------------------------------------------------------------------------


def test_returns_and_destruction_carry_a_reason_and_a_valid_e_signature(
    database: Database, staff: People
) -> None:
    receive(database, staff.pharmacist, ("A1", 10, EARLY))
    uow = pharmacy(database, staff.pharmacist)
    returned = stock.return_to_sponsor(uow, "A1", 4, "sponsor recall", PASSWORD, reference="RT-9")
    destroyed = stock.destroy_vials(uow, "A1", 1, "vial cracked", PASSWORD)
    assert (returned.returned, returned.on_hand) == (4, 6)
    assert (destroyed.destroyed, destroyed.on_hand, destroyed.reconciles) == (1, 5, True)
    lines = stock.lot_movements(pharmacy(database, staff.pharmacist), "A1")
    assert [(line.kind, line.vials_out, line.balance, line.signed_by) for line in lines] == [
        (MovementKind.RECEIPT, 0, 10, None),
        (MovementKind.RETURN, 4, 6, "Wang Fang"),
        (MovementKind.DESTRUCTION, 1, 5, "Wang Fang"),
    ]
    assert lines[1].reference == "RT-9" and lines[2].reason == "vial cracked"
    with database.session_factory() as session:
        signatures = (
            session.execute(select(Signature).where(Signature.record_table == "stock_movements"))
            .scalars()
            .all()
        )
        assert [s.meaning for s in signatures] == [SignatureMeaning.APPROVED] * 2
        assert all(signature_valid(session, s) for s in signatures)
        reasons = (
            session.execute(
                select(AuditLog.reason).where(
                    AuditLog.table_name == "stock_movements", AuditLog.action == "create"
                )
            )
            .scalars()
            .all()
        )
        assert reasons[-2:] == ["sponsor recall", "vial cracked"]
    assert check_database(database) == []


def test_a_return_or_destruction_that_cannot_be_signed_or_exceeds_the_stock_is_refused(
    database: Database, staff: People
) -> None:
    receive(database, staff.pharmacist, ("A1", 3, EARLY))
    uow = pharmacy(database, staff.pharmacist)
    wrong_password_counted(
        database,
        lambda: stock.return_to_sponsor(uow, "A1", 1, "recall", "not my password"),
        staff.pharmacist.username,
    )
    with refused(database, InputError, "3 vials on hand; 4 vials cannot be destroyed"):
        stock.destroy_vials(uow, "A1", 4, "broken", PASSWORD)
    with refused(database, InputError, "Give the reason"):
        stock.destroy_vials(uow, "A1", 1, "", PASSWORD)
    with refused(database, NotAllowedError, "pharmacist role"):
        stock.return_to_sponsor(pharmacy(database, staff.admin), "A1", 1, "recall", PASSWORD)


# --- reading ---------------------------------------------------------------------------------------------


def test_lots_as_json_gives_every_count_and_the_waste(database: Database, staff: People) -> None:
    receive(database, staff.pharmacist, ("A1", 3, EARLY), ("B1", 10, LATE))
    uow = pharmacy(database, staff.pharmacist)
    with uow:
        order = make_order(uow, vials=2, waste="92", lines=(("A1", EARLY, 2),))
        stock.dispense_for_order(uow, order, on=TODAY)
        uow.commit()
    stock.return_to_sponsor(uow, "B1", 2, "recall", PASSWORD)
    stock.destroy_vials(uow, "B1", 1, "broken", PASSWORD)
    rows = stock.lots_as_json(uow)
    assert [
        {
            k: r[k]
            for k in (
                "lot",
                "expiry",
                "received",
                "dispensed",
                "returned",
                "destroyed",
                "on_hand",
                "wasted_mg",
            )
        }
        for r in rows
    ] == [
        {
            "lot": "A1",
            "expiry": EARLY.isoformat(),
            "received": 3,
            "dispensed": 2,
            "returned": 0,
            "destroyed": 0,
            "on_hand": 1,
            "wasted_mg": "92",
        },
        {
            "lot": "B1",
            "expiry": LATE.isoformat(),
            "received": 10,
            "dispensed": 0,
            "returned": 2,
            "destroyed": 1,
            "on_hand": 7,
            "wasted_mg": "0",
        },
    ]
    assert all(r["reconciles"] and r["problems"] == [] for r in rows)


def test_a_missing_protocol_or_a_wrong_vial_count_is_refused_before_any_database_work() -> None:
    def no_database() -> None:
        raise AssertionError("the database was opened")

    uow = SqlUnitOfWork(no_database, SystemActor("test"))  # type: ignore[arg-type]
    with pytest.raises(InputError, match="no protocol named 'nope'"):
        stock.suggest_lots(uow, 1, protocol_id="nope")
    with pytest.raises(InputError, match="whole number"):
        stock.suggest_lots(uow, True, protocol_id=PROTOCOL)  # type: ignore[arg-type]
