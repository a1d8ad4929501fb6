"""Two workstations acting on the same record at the same moment (docs/domain.md §10), from two processes, on
SQLite and PostgreSQL: exactly one succeeds, the other is told plainly that someone else just did it, with
nothing of its own saved; the records, the audit trail and `dosedesk check` are sound afterwards.

Every transition of the order's life, booking a visit, recording a toxicity that holds treatment, and the stock
movements. The harness is `_race.py`: one test per transition.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import (
    AuditLog,
    Hold,
    InfusionOrderStep,
    Lot,
    MovementKind,
    OrderStep,
    Signature,
    StockMovement,
    Toxicity,
    Visit,
)
from app.services import orders, stock, toxicities, users, visits
from app.services.database import Database, check_database
from app.services.orders import LotUse
from app.services.queries import OrderRow, order_detail, wristband_code
from app.services.stock import LotReceipt
from app.services.users import UserInfo

from ._race import one_wins, race, uow
from ._services import PASSWORD, World

C1D1 = date(2026, 3, 4)
LOCK = "lock"
WRITE = "write"  # PostgreSQL only: both have read, neither has written


@pytest.fixture
def world(database: Database) -> World:
    """The test world, with a third pharmacist and a second nurse: two of each may act on one order."""
    built = World.build(database).at(date(2026, 3, 2))
    for name, full, role in (("pharmacist3", "Zhao Min", "pharmacist"), ("nurse2", "Lin Hui", "nurse")):
        built.people[name] = users.create_user(built.uow("admin"), name, full, PASSWORD, [role])
    return built


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every race on SQLite and PostgreSQL at the write lock; a test taking `meet` also on PostgreSQL once both
    have read the record and neither has written."""
    cases = [
        pytest.param("sqlite", LOCK, id="sqlite"),
        pytest.param("postgresql", LOCK, id="postgresql", marks=pytest.mark.postgres),
    ]
    if "meet" in metafunc.fixturenames:
        cases.append(pytest.param("postgresql", WRITE, id="postgresql-both-read", marks=pytest.mark.postgres))
        metafunc.parametrize(("database_url", "meet"), cases, indirect=["database_url"])
    else:
        metafunc.parametrize(
            "database_url", [pytest.param(c.values[0], id=c.id, marks=c.marks) for c in cases], indirect=True
        )


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database of the backend the test is parametrized with (see `pytest_generate_tests`)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'dosedesk.sqlite3'}"
        return
    server = request.getfixturevalue("pg_server")
    url = server.create_database()
    yield url
    server.drop_database(url)


@dataclass(frozen=True)
class Ready:
    """An order ready for the raced step, and the moment both workstations act."""

    order: OrderRow
    now: datetime


def _order(world: World, until: str) -> Ready:
    """A C1D1 order taken up to (not through) the step `until`."""
    subject_id = world.enrol(c1d1=C1D1)
    world.sign_eligibility(subject_id)
    world.at(C1D1, 8)
    world.weigh(subject_id)
    world.labs(subject_id)
    order = world.order(subject_id, "C1D1")
    if until != "prescribe":
        order = world.prescribe(order)
    if until not in ("prescribe", "verify", "cancel"):
        order = world.verify(order)
    if until == "start":
        order = world.check(world.prepare(order))
    world.stock_lot()
    return Ready(order, world.now + timedelta(minutes=10))


def _sound(database: Database) -> None:
    assert check_database(database) == []


def _steps(database: Database, order_id: int, step: OrderStep) -> int:
    with database.read_uow() as work:
        return int(
            work.session.execute(
                select(func.count(InfusionOrderStep.id)).where(
                    InfusionOrderStep.order_id == order_id, InfusionOrderStep.step == step
                )
            ).scalar_one()
        )


def _status_changes(database: Database, order_id: int) -> list[tuple[str | None, str | None]]:
    """(old, new) of every audited status change of the order: each state is left once at most."""
    with database.read_uow() as work:
        rows = work.session.execute(
            select(AuditLog.old_value, AuditLog.new_value)
            .where(
                AuditLog.table_name == "infusion_orders",
                AuditLog.record_id == str(order_id),
                AuditLog.field == "status",
            )
            .order_by(AuditLog.id)
        ).all()
    return [(old, new) for old, new in rows]


def _signatures(database: Database, order_id: int) -> list[str]:
    with database.read_uow() as work:
        return [
            str(meaning)
            for meaning in work.session.execute(
                select(Signature.meaning).where(
                    Signature.record_table == "infusion_orders", Signature.record_id == order_id
                )
            ).scalars()
        ]


# --- the actions (run in the racing processes) -------------------------------------------------------------


def prescribe(database: Database, user: UserInfo, now: datetime, order_id: int) -> object:
    return orders.prescribe_order(uow(database, user, now, "prescribed"), order_id, PASSWORD).status


def verify(database: Database, user: UserInfo, now: datetime, order: OrderRow) -> object:
    return orders.verify_order(
        uow(database, user, now, "verified"),
        order.id,
        PASSWORD,
        weight_kg=order.weight_kg,
        dose_level_mg_per_kg=order.dose_level_mg_per_kg,
        final_dose_mg=order.final_dose_mg,
        volume_to_draw_ml=order.volume_to_draw_ml,
    ).status


def prepare(database: Database, user: UserInfo, now: datetime, order: OrderRow, lot: LotUse) -> object:
    return orders.prepare_order(
        uow(database, user, now, "prepared"), order.id, PASSWORD, lots=[lot], prepared_at=now
    ).status


def start(database: Database, user: UserInfo, now: datetime, order: OrderRow) -> object:
    return orders.start_infusion(
        uow(database, user, now),
        order.id,
        PASSWORD,
        bag_code=order.order_number,
        subject_code=wristband_code(order.subject_number),
    ).status


def cancel(database: Database, user: UserInfo, now: datetime, order_id: int, reason: str) -> object:
    return orders.cancel_order(
        uow(database, user, now), order_id, PASSWORD, reason="other", detail=reason
    ).status


def book(database: Database, user: UserInfo, now: datetime, visit_id: int, day: date) -> object:
    return visits.book_visit(uow(database, user, now), visit_id, day, "the patient's choice").booked


def hold_for_toxicity(database: Database, user: UserInfo, now: datetime, subject_id: int) -> object:
    outcome = toxicities.record_and_decide(
        uow(database, user, now, "toxicity"), subject_id, "Neutrophil count decreased", 3, now.date()
    )
    return outcome.decision.taken_action


def receive(database: Database, user: UserInfo, now: datetime, reference: str, expiry: date) -> object:
    return [
        lot.lot_number
        for lot in stock.receive_shipment(
            uow(database, user, now, "received"),
            reference=reference,
            received_on=now.date(),
            lots=[LotReceipt("LOT-B2", Decimal("200"), expiry, 40)],
            protocol_id="nct07343453",
        )
    ]


def quarantine(database: Database, user: UserInfo, now: datetime, reason: str) -> object:
    return stock.quarantine_lot(uow(database, user, now, reason), "LOT-A1", reason).status


def release(database: Database, user: UserInfo, now: datetime, reason: str) -> object:
    return stock.release_lot(uow(database, user, now, reason), "LOT-A1", reason).status


def take_out(database: Database, user: UserInfo, now: datetime, kind: str, vials: int) -> object:
    act = stock.return_to_sponsor if kind == "return" else stock.destroy_vials
    return act(
        uow(database, user, now, kind), "LOT-A1", vials, f"{kind} by {user.username}", PASSWORD
    ).on_hand


# --- the order's life ---------------------------------------------------------------------------------------


def test_two_investigators_prescribing_one_order(
    world: World, database: Database, database_url: str, meet: str
):
    ready = _order(world, "prescribe")
    act = partial(prescribe, now=ready.now, order_id=ready.order.id)
    outcomes = race(
        database_url,
        partial(act, user=world.user("investigator")),
        partial(act, user=world.user("doctor_pharmacist")),
        meet=meet,
    )
    one_wins(outcomes)
    assert _signatures(database, ready.order.id) == ["prescribed"]
    assert _steps(database, ready.order.id, OrderStep.PRESCRIBED) == 1
    assert _status_changes(database, ready.order.id) == [("draft", "prescribed")]
    _sound(database)


def test_two_pharmacists_verifying_one_order(world: World, database: Database, database_url: str, meet: str):
    ready = _order(world, "verify")
    act = partial(verify, now=ready.now, order=ready.order)
    outcomes = race(  # neither made the order (the first pharmacist did): both may verify it
        database_url,
        partial(act, user=world.user("pharmacist2")),
        partial(act, user=world.user("pharmacist3")),
        meet=meet,
    )
    one_wins(outcomes)
    assert sorted(_signatures(database, ready.order.id)) == ["prescribed", "verified"]
    assert _steps(database, ready.order.id, OrderStep.VERIFIED) == 1
    assert _status_changes(database, ready.order.id) == [("draft", "prescribed"), ("prescribed", "verified")]
    verified = order_detail(world.uow(None), ready.order.id)
    assert verified.verified_by in ("Liu Yang", "Zhao Min")
    _sound(database)


def test_two_pharmacists_preparing_one_order(world: World, database: Database, database_url: str, meet: str):
    ready = _order(world, "prepare")
    order = ready.order
    lot = LotUse("LOT-A1", world.stock_lot(), order.vials, order.volume_to_draw_ml)
    act = partial(prepare, now=ready.now, order=order, lot=lot)
    outcomes = race(
        database_url,
        partial(act, user=world.user("pharmacist")),
        partial(act, user=world.user("doctor_pharmacist")),
        meet=meet,
    )
    one_wins(outcomes)
    assert _steps(database, order.id, OrderStep.PREPARED) == 1
    with database.read_uow() as work:
        dispensed = work.session.execute(
            select(func.sum(StockMovement.vials)).where(
                StockMovement.order_id == order.id, StockMovement.kind == MovementKind.DISPENSE
            )
        ).scalar_one()
    assert dispensed == order.vials  # taken from stock once
    _sound(database)


def test_two_nurses_starting_one_infusion(world: World, database: Database, database_url: str, meet: str):
    ready = _order(world, "start")
    act = partial(start, now=ready.now, order=ready.order)
    outcomes = race(
        database_url,
        partial(act, user=world.user("nurse")),
        partial(act, user=world.user("nurse2")),
        meet=meet,
    )
    one_wins(outcomes)
    assert _steps(database, ready.order.id, OrderStep.STARTED) == 1
    assert _signatures(database, ready.order.id).count("started") == 1
    _sound(database)


def test_two_people_cancelling_one_order(world: World, database: Database, database_url: str, meet: str):
    ready = _order(world, "cancel")
    outcomes = race(
        database_url,
        partial(
            cancel, user=world.user("investigator"), now=ready.now, order_id=ready.order.id, reason="declined"
        ),
        partial(
            cancel, user=world.user("pharmacist"), now=ready.now, order_id=ready.order.id, reason="not needed"
        ),
        meet=meet,
    )
    one_wins(outcomes)
    assert _steps(database, ready.order.id, OrderStep.CANCELLED) == 1
    assert _signatures(database, ready.order.id).count("cancelled") == 1
    assert _status_changes(database, ready.order.id)[-1] == ("prescribed", "cancelled")
    assert len(_status_changes(database, ready.order.id)) == 2
    _sound(database)


# --- a visit, a toxicity ------------------------------------------------------------------------------------


def _treated(world: World) -> int:
    subject_id = world.enrol(c1d1=C1D1)
    world.at(C1D1, 8)
    world.give_dose(subject_id, "C1D1")
    world.at(date(2026, 3, 10), 8)
    return subject_id


def test_two_coordinators_booking_one_visit_on_different_days(
    world: World, database: Database, database_url: str, meet: str
):
    subject_id = _treated(world)
    visit = world.visit(subject_id, "C1D15")
    now = world.now
    outcomes = race(
        database_url,
        partial(book, user=world.user("coordinator"), now=now, visit_id=visit.id, day=date(2026, 3, 17)),
        partial(book, user=world.user("investigator"), now=now, visit_id=visit.id, day=date(2026, 3, 19)),
        meet=meet,
    )
    one_wins(outcomes)
    winner = next(o.text for o in outcomes if o.kind == "ok")
    with database.read_uow() as work:
        booked = work.session.execute(select(Visit.booked_date).where(Visit.id == visit.id)).scalar_one()
        changes = work.session.execute(
            select(func.count(AuditLog.id)).where(
                AuditLog.table_name == "visits",
                AuditLog.record_id == str(visit.id),
                AuditLog.field == "booked_date",
            )
        ).scalar_one()
    assert repr(booked) == winner  # the winner's day, not overwritten
    assert changes == 1
    _sound(database)


def test_two_investigators_recording_the_same_toxicity_that_holds_treatment(
    world: World, database: Database, database_url: str
):
    subject_id = _treated(world)
    now = world.now
    outcomes = race(
        database_url,
        partial(hold_for_toxicity, user=world.user("investigator"), now=now, subject_id=subject_id),
        partial(hold_for_toxicity, user=world.user("doctor_pharmacist"), now=now, subject_id=subject_id),
    )
    one_wins(outcomes)
    with database.read_uow() as work:
        assert work.session.execute(select(func.count(Toxicity.id))).scalar_one() == 1
        assert work.session.execute(select(func.count(Hold.id))).scalar_one() == 1
    _sound(database)


# --- stock ---------------------------------------------------------------------------------------------------


def test_two_pharmacists_receiving_one_shipment(world: World, database: Database, database_url: str):
    now = world.now
    expiry = world.today + timedelta(days=400)
    outcomes = race(
        database_url,
        partial(receive, user=world.user("pharmacist"), now=now, reference="SH-77", expiry=expiry),
        partial(receive, user=world.user("pharmacist2"), now=now, reference="SH-77", expiry=expiry),
    )
    message = one_wins(outcomes, refusal="")
    assert "Someone else just did this" in message or "was received already" in message, message
    with database.read_uow() as work:
        lot = work.session.execute(select(Lot).where(Lot.lot_number == "LOT-B2")).scalar_one()
        assert (lot.received_vials, lot.on_hand_vials) == (40, 40)  # received once
    _sound(database)


@pytest.mark.parametrize("step", ["quarantine", "release"])
def test_two_pharmacists_quarantining_or_releasing_one_lot(
    world: World, database: Database, database_url: str, step: str
):
    world.stock_lot()
    now = world.now
    if step == "release":
        stock.quarantine_lot(world.uow("pharmacist", "check"), "LOT-A1", "temperature excursion")
    act = quarantine if step == "quarantine" else release
    outcomes = race(
        database_url,
        partial(act, user=world.user("pharmacist"), now=now, reason=f"{step} by Wang Fang"),
        partial(act, user=world.user("pharmacist2"), now=now, reason=f"{step} by Liu Yang"),
    )
    one_wins(outcomes)
    kind = MovementKind.QUARANTINE if step == "quarantine" else MovementKind.RELEASE
    with database.read_uow() as work:
        moves = work.session.execute(
            select(func.count(StockMovement.id)).where(StockMovement.kind == kind)
        ).scalar_one()
    assert moves == 1
    _sound(database)


@pytest.mark.parametrize("kind", ["return", "destroy"])
def test_two_pharmacists_taking_vials_out_of_one_lot(
    world: World, database: Database, database_url: str, kind
):
    world.stock_lot()
    now = world.now
    outcomes = race(
        database_url,
        partial(take_out, user=world.user("pharmacist"), now=now, kind=kind, vials=5),
        partial(take_out, user=world.user("pharmacist2"), now=now, kind=kind, vials=7),
    )
    one_wins(outcomes)
    with database.read_uow() as work:
        lot = work.session.execute(select(Lot).where(Lot.lot_number == "LOT-A1")).scalar_one()
        taken = lot.returned_vials if kind == "return" else lot.destroyed_vials
    assert taken in (5, 7) and lot.on_hand_vials == 200 - taken
    _sound(database)


def test_two_pharmacists_preparing_two_orders_from_the_last_vials_of_a_lot(
    world: World, database: Database, database_url: str
):
    """Dispensing through prepare: two orders, one lot holding the vials of one."""
    first = _order(world, "prepare").order
    needed = first.vials
    second_subject = world.enrol("001-002", c1d1=C1D1)
    world.weigh(second_subject)
    world.labs(second_subject)
    second = world.verify(world.prescribe(world.order(second_subject, "C1D1")))
    # Leave exactly one order's vials in LOT-A1.
    stock.destroy_vials(world.uow("pharmacist", "d"), "LOT-A1", 200 - needed, "damaged in transit", PASSWORD)
    expiry = world.stock_lot()
    now = world.now + timedelta(minutes=10)
    outcomes = race(
        database_url,
        partial(
            prepare,
            user=world.user("pharmacist"),
            now=now,
            order=first,
            lot=LotUse("LOT-A1", expiry, needed, first.volume_to_draw_ml),
        ),
        partial(
            prepare,
            user=world.user("doctor_pharmacist"),
            now=now,
            order=second,
            lot=LotUse("LOT-A1", expiry, second.vials, second.volume_to_draw_ml),
        ),
    )
    message = one_wins(outcomes, refusal="")
    assert "Someone else just did this" in message or "LOT-A1" in message, message
    with database.read_uow() as work:
        lot = work.session.execute(select(Lot).where(Lot.lot_number == "LOT-A1")).scalar_one()
        assert lot.on_hand_vials == 0 and lot.dispensed_vials == needed
    _sound(database)
